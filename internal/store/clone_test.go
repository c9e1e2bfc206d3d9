package store

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestClone(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   any
	}{
		{"nil", nil},
		{"bool", true},
		{"number", 1.5},
		{"string", "s"},
		{"empty array", []any{}},
		{"nil array", []any(nil)},
		{"empty object", map[string]any{}},
		{"nil object", map[string]any(nil)},
		{"nested", map[string]any{"a": []any{1.0, "x", nil, map[string]any{"b": []any{true}}}}},
		{"typed containers", map[string]any{"s": []string{"a"}, "m": map[string]string{"k": "v"}, "o": []map[string]any{{"x": 1.0}}}},
		{"json.Number", json.Number("12")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := Clone(tt.in)
			if !reflect.DeepEqual(out, tt.in) {
				t.Fatalf("Clone(%#v) = %#v", tt.in, out)
			}
		})
	}
}

func TestCloneIndependent(t *testing.T) {
	t.Parallel()
	in := map[string]any{"a": []any{map[string]any{"b": 1.0}}, "s": []string{"x"}, "o": []map[string]any{{"y": 1.0}}}
	out := CloneObject(in)
	out["a"].([]any)[0].(map[string]any)["b"] = 2.0
	out["s"].([]string)[0] = "z"
	out["o"].([]map[string]any)[0]["y"] = 2.0
	out["new"] = true
	want := map[string]any{"a": []any{map[string]any{"b": 1.0}}, "s": []string{"x"}, "o": []map[string]any{{"y": 1.0}}}
	if !reflect.DeepEqual(in, want) {
		t.Fatalf("mutating the clone changed the original: %#v", in)
	}
}
