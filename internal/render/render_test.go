package render

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/internal/spec/spectest"
	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/internal/validate"
)

// thingsDoc has one object schema, Thing, whose links are integers; an
// anyOf, so that no rendering of it is checked property by property.
const thingsDoc = `openapi: 3.0.3
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
`

// TestImpureViewFindings: a view that reads more than its object is made
// anew for every request; an unchanged view keeps the findings of the
// kept rendering, a changed one is checked again.
func TestImpureViewFindings(t *testing.T) {
	t.Parallel()
	doc := spectest.Parse(t, thingsDoc)
	s := doc.T.Components.Schemas["Thing"].Value
	rr := New(doc, validate.New(doc), true, nil)
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
		view := func(obj map[string]any, _ *Rendered) Viewed {
			return Viewed{Conformed: obj, View: map[string]any{"id": obj["id"], "links": tt.links}, Impure: true}
		}
		r := rr.Render(rec, nil, s, "k", view)
		if len(r.Violations) != tt.wantViolations {
			t.Errorf("request %d (links %v): %d violations %v, want %d", i, tt.links, len(r.Violations), r.Violations, tt.wantViolations)
		}
	}
}

// TestViewReadsKept: a view that read other collections is served from the
// cache while they keep the versions it read, made again (and checked
// again) when one changed, and made anew every time when the store cannot
// tell versions.
func TestViewReadsKept(t *testing.T) {
	t.Parallel()
	doc := spectest.Parse(t, thingsDoc)
	s := doc.T.Components.Schemas["Thing"].Value
	ctx := context.Background()
	st := store.NewMemory()
	if _, err := st.Create(ctx, "links", "1", map[string]any{"to": float64(1)}); err != nil {
		t.Fatal(err)
	}
	// The view shows the ids of the "links" collection, as an insight
	// shows its dashboards.
	views := 0
	view := func(obj map[string]any, _ *Rendered) Viewed {
		views++
		read := Read{Key: "links", Version: st.CollectionVersion("links")}
		recs, _, _ := st.List(ctx, "links", nil, 0, 100)
		links := []any{}
		for _, r := range recs {
			links = append(links, r.Object()["to"])
		}
		return Viewed{Conformed: obj, View: map[string]any{"id": obj["id"], "links": links}, Reads: []Read{read}}
	}
	rec := store.NewRecord("1", map[string]any{"id": "1"}, false, 1, 1)
	for _, tc := range []struct {
		name      string
		versions  store.Versioner
		wantViews int // views made by the three renders
	}{
		{"versioned", st, 1},
		{"no versions", nil, 3},
	} {
		rr := New(doc, validate.New(doc), true, tc.versions)
		rec := store.NewRecord("1", map[string]any{"id": "1"}, false, 1, 1)
		views = 0
		for range 3 {
			rr.Render(rec, nil, s, "k", view)
		}
		if views != tc.wantViews {
			t.Errorf("%s: %d views made for 3 renders, want %d", tc.name, views, tc.wantViews)
		}
	}

	rr := New(doc, validate.New(doc), true, st)
	first := rr.Render(rec, nil, s, "k", view)
	if got := string(first.Body); !strings.Contains(got, `"links":[1]`) {
		t.Fatalf("first rendering: %s", got)
	}
	if _, err := st.Create(ctx, "links", "2", map[string]any{"to": "two"}); err != nil {
		t.Fatal(err)
	}
	changed := rr.Render(rec, nil, s, "k", view)
	if !strings.Contains(string(changed.Body), `"links":[1,"two"]`) || len(changed.Violations) != 1 {
		t.Fatalf("after a change of what the view read: %s, violations %v, want the new link and one violation", changed.Body, changed.Violations)
	}
	views = 0
	again := rr.Render(rec, nil, s, "k", view)
	if views != 0 || again != changed {
		t.Fatalf("unchanged since: %d views made, same rendering %v; want it served from the cache", views, again == changed)
	}
}

// TestCheckAnswer: an answer's findings are those of its value, kept per
// body and schema, within a bound.
func TestCheckAnswer(t *testing.T) {
	t.Parallel()
	doc := spectest.Parse(t, thingsDoc)
	s := doc.T.Components.Schemas["Thing"].Value
	rr := New(doc, validate.New(doc), true, nil)
	bad := map[string]any{"links": []any{"x"}}
	good := map[string]any{"links": []any{float64(1)}}
	for i := range 2 {
		if found := rr.CheckAnswer(s, []byte(`{"links":["x"]}`), bad); len(found) != 1 {
			t.Errorf("bad answer, check %d: findings %v, want 1", i, found)
		}
		if found := rr.CheckAnswer(s, []byte(`{"links":[1]}`), good); len(found) != 0 {
			t.Errorf("good answer, check %d: findings %v, want none", i, found)
		}
	}
	for i := range answerBodies + 1 {
		rr.CheckAnswer(s, []byte(`{"links":[`+strconv.Itoa(i)+`]}`), good)
	}
	if rr.answers.n > answerBodies {
		t.Errorf("%d bodies kept, want at most %d", rr.answers.n, answerBodies)
	}
	if found := rr.CheckAnswer(s, []byte(`{"links":["x"]}`), bad); len(found) != 1 {
		t.Errorf("bad answer after the memo was emptied: findings %v, want 1", found)
	}
}
