package plugin

import (
	"testing"
	"time"
)

func TestEqual(t *testing.T) {
	t.Parallel()
	shared := map[string]any{"a": []any{1.0, "x"}}
	tests := []struct {
		name string
		a, b any
		want bool
	}{
		{"same map", shared, shared, true},
		{"equal maps", map[string]any{"a": []any{1.0, "x"}}, map[string]any{"a": []any{1.0, "x"}}, true},
		{"other value", map[string]any{"a": 1.0}, map[string]any{"a": 2.0}, false},
		{"other key", map[string]any{"a": nil}, map[string]any{"b": nil}, false},
		{"longer array", []any{1.0}, []any{1.0, 1.0}, false},
		{"array and object", []any{}, map[string]any{}, false},
		{"null and missing", nil, false, false},
		{"strings", "x", "x", true},
		{"number and string", 1.0, "1", false},
	}
	for _, tt := range tests {
		if got := Equal(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: Equal = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestFormatTime(t *testing.T) {
	t.Parallel()
	paris := time.FixedZone("CEST", 2*3600)
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2025, 6, 1, 14, 0, 0, 0, paris), "2025-06-01T12:00:00Z"},
		{time.Date(2025, 6, 1, 12, 0, 0, 999, time.UTC), "2025-06-01T12:00:00Z"}, // below a microsecond
		{time.Date(2025, 6, 1, 12, 0, 0, 1500, time.UTC), "2025-06-01T12:00:00.000001Z"},
	}
	for _, tt := range tests {
		if got := FormatTime(tt.in); got != tt.want {
			t.Errorf("FormatTime(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
