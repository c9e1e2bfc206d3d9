package shape

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// plainValid decides only where a schema constrains nothing but its type,
// and then as kin-openapi does.
func TestPlainValid(t *testing.T) {
	t.Parallel()
	typed := func(t string) *openapi3.Schema { return &openapi3.Schema{Type: &openapi3.Types{t}} }
	nullable := typed("string")
	nullable.Nullable = true
	enum := typed("string")
	enum.Enum = []any{"open"}
	uri := typed("string")
	uri.Format = "uri"
	bounded := typed("integer")
	bounded.Min = new(float64)
	twoTypes := &openapi3.Schema{Type: &openapi3.Types{"string", "null"}}
	object := typed("object")
	cases := []struct {
		name    string
		s       *openapi3.Schema
		v       any
		decided bool
	}{
		{"string", typed("string"), "x", true},
		{"string given a number", typed("string"), 1.0, true},
		{"integer", typed("integer"), 3.0, true},
		{"integer given a fraction", typed("integer"), 3.5, true},
		{"number", typed("number"), 3.5, true},
		{"boolean", typed("boolean"), true, true},
		{"boolean given a string", typed("boolean"), "true", true},
		{"null, not nullable", typed("string"), nil, true},
		{"null, nullable", nullable, nil, true},
		{"string given an object", typed("string"), map[string]any{}, false},
		{"enum", enum, "stale", false},
		{"format", uri, "", false},
		{"bounds", bounded, -1.0, false},
		{"two types", twoTypes, "x", false},
		{"object", object, map[string]any{}, false},
	}
	m := New(nil, nil, nil, nil)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ok, decided := m.plainValid(tc.s, tc.v)
			if decided != tc.decided {
				t.Fatalf("decided = %v, want %v", decided, tc.decided)
			}
			if !decided {
				return
			}
			want := tc.s.VisitJSON(tc.v, openapi3.VisitAsResponse()) == nil
			if ok != want {
				t.Errorf("plainValid = %v, kin-openapi says %v", ok, want)
			}
		})
	}
}
