package spec

import (
	"errors"
	"os"
	"testing"
)

func mustLoadFile(t testing.TB, path string) *Doc {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Load(data, LoadOptions{Location: path})
	if err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	return d
}

func TestLoadFullPostHogDocument(t *testing.T) {
	t.Parallel()
	d := mustLoadFile(t, "../../testdata/posthog-openapi.yaml")
	if got := len(d.Operations); got < 800 {
		t.Errorf("operations = %d, want the document's ~1000", got)
	}
	res := d.Resources["/api/environments/{project_id}/hog_functions"]
	if res == nil {
		t.Fatalf("hog functions resource not found; have %d resources", len(d.Resources))
	}
	if res.IDKind != "uuid" || res.IDField != "id" || res.IDParam != "id" {
		t.Errorf("hog function ids: kind=%s field=%s param=%s, want uuid/id/id", res.IDKind, res.IDField, res.IDParam)
	}
	drf := ListShape{Kind: ListEnvelope, Items: "results", Count: "count", Next: "next", Previous: "previous", Paging: PagingLimitOffset, Limit: "limit", Offset: "offset"}
	if res.List != drf {
		t.Errorf("hog functions list shape = %+v, want DRF's %+v", res.List, drf)
	}
	if len(res.ScopeParams) != 1 || res.ScopeParams[0] != "project_id" {
		t.Errorf("scope params = %v, want [project_id]", res.ScopeParams)
	}
	m, ok := d.Match("PATCH", "/api/environments/1/hog_functions/0b7c0d9e-1111-4222-8333-444455556666")
	if !ok || m.Op == nil || m.Op.Role != RoleUpdate || m.Params["id"] != "0b7c0d9e-1111-4222-8333-444455556666" || m.Params["project_id"] != "1" {
		t.Fatalf("match = %+v, ok=%v", m, ok)
	}
	m, ok = d.Match("PATCH", "/api/environments/1/hog_functions/rearrange/")
	if !ok || m.Op == nil || m.Op.Role == RoleUpdate || m.Template != "/api/environments/{project_id}/hog_functions/rearrange/" {
		t.Fatalf("literal segment must win over {id}: %+v", m)
	}
	m, ok = d.Match("POST", "/api/environments/1/hog_functions/x/")
	if !ok || m.Op != nil || len(m.Allowed) == 0 {
		t.Fatalf("wrong method should match the path with Allowed: %+v", m)
	}
	if _, ok := d.Match("GET", "/api/nothing/here"); ok {
		t.Fatal("unknown path matched")
	}
	order := d.PropertyOrder(res.Schema)
	if len(order) < 5 || order[0] != "id" {
		t.Errorf("property order = %v, want document order starting with id", order)
	}
}

func BenchmarkLoadFullDocument(b *testing.B) {
	data, err := os.ReadFile("../../testdata/posthog-openapi.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(data, LoadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLoadBehaviourNames(t *testing.T) {
	t.Parallel()
	const doc = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /notes/:
    x-mock-resource: {hooks: notes}
    get:
      responses: {"200": {description: ok}}
  /notes/{id}/:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      responses: {"200": {description: ok}}
  /hello/:
    get:
      x-mock-behaviour: hello
      responses: {"200": {description: ok}}
`
	set := func(names ...string) map[string]bool {
		m := map[string]bool{}
		for _, n := range names {
			m[n] = true
		}
		return m
	}
	tests := []struct {
		name              string
		behaviours, hooks map[string]bool
		want              error // nil: loads
	}{
		{"any name", nil, nil, nil},
		{"both known", set("hello"), set("notes"), nil},
		{"hooks fall back to behaviours", set("hello", "notes"), nil, nil},
		{"behaviour unknown", set("notes"), set("notes"), ErrUnknownBehaviour},
		{"hooks unknown", set("hello"), set("hello"), ErrUnknownHooks},
		{"hooks only in behaviours", set("hello", "notes"), set(), ErrUnknownHooks},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load([]byte(doc), LoadOptions{Behaviours: tt.behaviours, Hooks: tt.hooks, SkipValidation: true})
			if !errors.Is(err, tt.want) { // errors.Is(nil, nil) holds
				t.Fatalf("Load: %v, want %v", err, tt.want)
			}
		})
	}
}
