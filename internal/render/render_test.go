package render

import (
	"testing"

	"github.com/mockserver-go/mockserver/internal/spec/spectest"
	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/internal/validate"
)

// TestImpureViewFindings: a view that reads more than its object is made
// anew for every request; an unchanged view keeps the findings of the
// kept rendering, a changed one is checked again.
func TestImpureViewFindings(t *testing.T) {
	t.Parallel()
	doc := spectest.Parse(t, `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}
components:
  schemas:
    Thing:
      anyOf:
        - type: object
          properties:
            links: {type: array, items: {type: integer}}
`)
	s := doc.T.Components.Schemas["Thing"].Value
	rr := New(doc, validate.New(doc), true)
	rec := store.NewRecord("1", map[string]any{"id": "1"}, false, 1, 1)
	tests := []struct {
		links          []any
		wantViolations int
	}{
		{[]any{"x"}, 1},        // first rendering: checked in full
		{[]any{"x"}, 1},        // same value from the view: the same findings
		{[]any{float64(2)}, 0}, // the view read something new: checked again
		{[]any{float64(2)}, 0}, // and kept
		{[]any{"y", "z"}, 1},   // and again
	}
	for i, tt := range tests {
		view := func(obj map[string]any, _ *Rendered) (map[string]any, map[string]any, bool) {
			return obj, map[string]any{"id": obj["id"], "links": tt.links}, true
		}
		r := rr.Render(rec, nil, s, "k", view)
		if len(r.Violations) != tt.wantViolations {
			t.Errorf("request %d (links %v): %d violations %v, want %d", i, tt.links, len(r.Violations), r.Violations, tt.wantViolations)
		}
	}
}
