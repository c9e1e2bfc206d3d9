package engine

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/plugin"
)

func get(t *testing.T, e *Engine, path string) (*Response, *Exchange) {
	t.Helper()
	return send(e, http.MethodGet, path, "", "Authorization", "Bearer x")
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
		resp, ex := send(e, http.MethodPatch, path, body, "Authorization", "Bearer x")
		if resp.Status != 200 {
			t.Fatalf("PATCH %s: %d %s", body, resp.Status, resp.Body)
		}
		return ex
	}
	get(t, e, path)
	if ex := patch(`{"name":"a"}`); len(ex.Violations) != 0 {
		t.Fatalf("violations %+v", ex.Violations)
	}
	e.cfg.Hooks[e.Doc().Resources["hog_functions"].Hooks].Update = func(c plugin.Call, old, obj, patch map[string]any) error {
		obj["enabled"] = "broken"
		return nil
	}
	ex := patch(`{"name":"b"}`)
	if len(ex.Violations) != 1 || ex.Violations[0].Field != "enabled" || ex.Violations[0].In != "response" {
		t.Fatalf("violations %+v, want one on response field enabled", ex.Violations)
	}
}

// An object arranged with Put that does not conform as answered (its view
// lacks required fields) takes the changed-fields check too, after its first
// rendering: each PATCH reports exactly what a whole-object check reports.
func TestRenderCarriesFindings(t *testing.T) {
	e := benchEngine(t)
	const id = "0d4cd9a4-4aa4-4b39-a4c1-9b0f9a0b4b2a"
	obj := map[string]any{"id": id, "name": "put", "hog": "return event"}
	put, err := e.Put("hog_functions", map[string]string{"project_id": "1"}, obj)
	if err != nil {
		t.Fatal(err)
	}
	// Put completes what the answers require (the read model), the
	// description too: a view that shows the description nobody wrote as
	// null, as PostHog's serializers show unset fields; it is not
	// nullable.
	unset := put["description"]
	*e.cfg.Hooks[e.Doc().Resources["hog_functions"].Hooks] = plugin.Hooks{
		View: func(c plugin.Call, obj map[string]any, list bool) map[string]any {
			out := map[string]any{}
			for k, v := range obj {
				out[k] = v
			}
			if out["description"] == unset {
				out["description"] = nil
			}
			return out
		},
	}
	path := "/api/projects/1/hog_functions/" + id + "/"
	for i, body := range []string{`{"name":"a"}`, `{"name":"b","enabled":true}`, `{"name":"c"}`, `{"description":"now set"}`, `{"name":"d"}`} {
		resp, ex := send(e, http.MethodPatch, path, body, "Authorization", "Bearer x")
		if resp.Status != 200 {
			t.Fatalf("PATCH %s: %d %s", body, resp.Status, resp.Body)
		}
		want := e.CheckResponse(ex.Op, 200, resp.Value)
		if i == 0 && len(want) == 0 {
			t.Fatal("the put object conforms: the test needs one that does not")
		}
		if !reflect.DeepEqual(ex.Violations, want) {
			t.Fatalf("PATCH %d %s: violations\n%+v\nwant (whole object)\n%+v", i, body, ex.Violations, want)
		}
	}
}

// The list envelope's shortcut (checkEnvelope: only the values that differ
// from the first envelope checked are validated) reports what the full
// check reports, whatever the first envelope was.
func TestCheckEnvelopeAsFull(t *testing.T) {
	shells := []map[string]any{
		{"count": 3.0, "next": nil, "previous": nil},
		{"count": 30.0, "next": "http://x/?limit=10&offset=10", "previous": nil},
		{"count": "many", "next": 5.0, "previous": "http://x/?limit=10"},
		{"count": 30.0, "next": nil, "previous": true},
		{"count": -1.0, "next": nil, "previous": nil},
		{"count": 30.0, "next": "http://x/?limit=10&offset=20", "previous": "http://x/?limit=10"},
	}
	for first := range shells {
		e := benchEngine(t)
		_, ex := get(t, e, "/api/environments/1/insights/?limit=10&offset=0")
		if ex.Op == nil {
			t.Fatal("no list operation")
		}
		for n := range shells {
			i := (first + n) % len(shells)
			shell := map[string]any{"results": []any{}}
			for k, v := range shells[i] {
				shell[k] = v
			}
			want := e.CheckResponse(ex.Op, 200, shell)
			if i == 2 && len(want) == 0 {
				t.Fatal("the test needs an envelope the contract rejects")
			}
			if got := e.checkEnvelope(ex.Op, 200, shell); !reflect.DeepEqual(got, want) {
				t.Fatalf("first %d, envelope %d: shortcut\n%+v\nwant (full check)\n%+v", first, i, got, want)
			}
		}
		if len(e.rend.EnvelopesKept()) == 0 {
			t.Fatal("no envelope kept: the shortcut was not exercised")
		}
		// Other keys than the kept envelope's: checked in full.
		shell := map[string]any{"results": []any{}, "count": 1.0}
		if got, want := e.checkEnvelope(ex.Op, 200, shell), e.CheckResponse(ex.Op, 200, shell); !reflect.DeepEqual(got, want) {
			t.Fatalf("missing keys: %+v, want %+v", got, want)
		}
	}
}
