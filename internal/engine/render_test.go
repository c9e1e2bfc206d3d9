package engine

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func get(t *testing.T, e *Engine, path string) (*Response, *Exchange) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.Header.Set("Authorization", "Bearer x")
	return e.Handle(r, nil)
}

// A cached rendering answers the same bytes and the same self-check
// findings as the first rendering, and a change is seen at once.
func TestRenderCache(t *testing.T) {
	e := benchEngine(t)
	path, _ := benchHog(t, e)
	first, ex1 := get(t, e, path)
	second, ex2 := get(t, e, path)
	if first.Status != 200 || string(first.Body) != string(second.Body) || len(ex1.Violations)+len(ex2.Violations) != 0 {
		t.Fatalf("cached GET differs: %d %s / %s, violations %v %v", first.Status, first.Body, second.Body, ex1.Violations, ex2.Violations)
	}

	// An object the contract rejects, put straight into the store, is
	// reported by the self-check on every answer, cached or not.
	res := e.Doc().Resources["hog_functions"]
	coll := e.CollectionFor(res, map[string]string{"project_id": "1"})
	id := strings.Split(strings.TrimSuffix(path, "/"), "/")[5]
	if _, err := coll.Update(id, false, func(obj map[string]any) error { obj["enabled"] = "yes"; return nil }); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		resp, ex := get(t, e, path)
		if !strings.Contains(string(resp.Body), `"enabled":"yes"`) {
			t.Fatalf("GET %d after the change: %s", i, resp.Body)
		}
		if len(ex.Violations) != 1 || ex.Violations[0].In != "response" || ex.Violations[0].Field != "enabled" {
			t.Fatalf("GET %d: violations %+v, want one on response field enabled", i, ex.Violations)
		}
	}
	for i := range 2 {
		_, ex := get(t, e, "/api/environments/1/hog_functions/?limit=100")
		found := false
		for _, v := range ex.Violations {
			if v.In == "response" && strings.HasPrefix(v.Field, "results__") && strings.HasSuffix(v.Field, "__enabled") {
				found = true
			}
		}
		if !found {
			t.Fatalf("list %d: violations %+v, want one on results__N__enabled", i, ex.Violations)
		}
	}
}

// After a clean rendering, a PATCH checks only what changed, and still
// finds what a hook broke.
func TestRenderCheckChanged(t *testing.T) {
	e := benchEngine(t)
	path, _ := benchHog(t, e)
	patch := func(body string) *Exchange {
		r := httptest.NewRequest(http.MethodPatch, path, strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer x")
		r.Header.Set("Content-Type", "application/json")
		resp, ex := e.Handle(r, []byte(body))
		if resp.Status != 200 {
			t.Fatalf("PATCH %s: %d %s", body, resp.Status, resp.Body)
		}
		return ex
	}
	get(t, e, path)
	if ex := patch(`{"name":"a"}`); len(ex.Violations) != 0 {
		t.Fatalf("violations %+v", ex.Violations)
	}
	e.cfg.Hooks[e.Doc().Resources["hog_functions"].Hooks].Update = func(c *Call, old, obj, patch map[string]any) error {
		obj["enabled"] = "broken"
		return nil
	}
	ex := patch(`{"name":"b"}`)
	if len(ex.Violations) != 1 || ex.Violations[0].Field != "enabled" || ex.Violations[0].In != "response" {
		t.Fatalf("violations %+v, want one on response field enabled", ex.Violations)
	}
}
