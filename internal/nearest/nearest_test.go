package nearest

import (
	"slices"
	"testing"
)

var ops = []string{
	"environments_hog_functions_list", "environments_hog_functions_create", "environments_hog_functions_partial_update",
	"hog_functions_list", "hog_functions_create", "hog_functions_update", "hog_functions_partial_update",
	"insights_create", "insights_list", "insights_cancel_create", "environments_insights_create",
}

func TestNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		prefer []string
		want   []string
	}{
		{"hog_function_create", nil, []string{"hog_functions_create", "environments_hog_functions_create", "hog_functions_update"}},
		{"environments_hog_function_create", nil, []string{"environments_hog_functions_create"}},
		{"hog_functions_create", nil, []string{"environments_hog_functions_create", "hog_functions_update"}},
		// A preferred (called) candidate comes first even if less close.
		{"hog_functions_create", []string{"hog_functions_update"}, []string{"hog_functions_update", "environments_hog_functions_create"}},
		{"dashboards_list", nil, nil},
		// As close by words and nearer by edits, a sibling action loses to
		// the same operation under another prefix.
		{"insights_create", nil, []string{"environments_insights_create", "insights_cancel_create"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Names(tt.name, ops, 3, func(s string) bool { return slices.Contains(tt.prefer, s) })
			if len(tt.want) == 0 && len(got) == 0 {
				return
			}
			if !slices.Equal(got[:min(len(got), len(tt.want))], tt.want) {
				t.Errorf("Names(%q) = %q, want prefix %q", tt.name, got, tt.want)
			}
		})
	}
}

func TestDistance(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"function", "functions", 1}, {"sepc", "spec", 1}, {"ca", "abc", 3}, {"abcd", "badc", 2}} {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
