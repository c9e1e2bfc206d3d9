package engine_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver/internal/engine"
	"github.com/mockserver-go/mockserver/internal/posthog"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// posthogEngine is an engine on the embedded contract with PostHog's
// behaviours and hooks, on a fixed clock.
func posthogEngine(t *testing.T) *engine.Engine {
	t.Helper()
	data, err := os.ReadFile("../../openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spec.Load(data, spec.LoadOptions{Location: "openapi.yaml", Behaviours: posthog.Names()})
	if err != nil {
		t.Fatal(err)
	}
	b, h := posthog.Register()
	clock := time.Date(2025, 6, 10, 9, 30, 0, 0, time.UTC)
	e, err := engine.New(engine.Config{Doc: doc, Behaviours: b, Hooks: h, SelfCheck: true,
		Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// A PATCH renders the new version from the rendering of the version it
// replaced (only the changed properties conformed, encoded and
// checked again): its answer (bytes and value) and findings must be those
// of a full rendering, whatever changed.
func TestPatchRendersAsInFull(t *testing.T) {
	inc, full := posthogEngine(t), posthogEngine(t)
	engine.RenderInFull(full)
	const id = "0d4cd9a4-4aa4-4b39-a4c1-9b0f9a0b4b2a"
	scope := map[string]string{"project_id": "1"}
	for _, e := range []*engine.Engine{inc, full} {
		obj := map[string]any{"id": id, "name": "fn", "hog": "return event"}
		if _, err := e.Put("hog_functions", scope, obj); err != nil {
			t.Fatal(err)
		}
	}
	path := "/api/projects/1/hog_functions/" + id + "/"
	do := func(e *engine.Engine, method, body string) (*engine.Response, *engine.Exchange) {
		r := httptest.NewRequest(method, path, strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer x")
		if body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		return e.Handle(r, []byte(body))
	}
	// change modifies the stored object directly (what a request cannot
	// send: values the contract rejects, keys added or removed).
	change := func(f func(obj map[string]any)) {
		for _, e := range []*engine.Engine{inc, full} {
			coll := e.CollectionFor(e.Doc().Resources["hog_functions"], scope)
			if _, err := coll.Update(id, false, func(obj map[string]any) error { f(obj); return nil }); err != nil {
				t.Fatal(err)
			}
		}
	}
	steps := []struct {
		patch string
		then  func(obj map[string]any) // applied to the stored version after the PATCH
	}{
		{patch: `{"name":"renamed"}`},
		{patch: `{"name":"renamed","enabled":true,"description":"d"}`},
		{patch: `{"inputs_schema":[{"key":"url","type":"string","required":true},{"key":"token","type":"string","secret":true}],` +
			`"inputs":{"url":{"value":"https://a.test"},"token":{"value":"s3cret"}}}`},
		{patch: `{"inputs":{"url":{"value":"https://b.test"},"token":{"secret":true}}}`},
		{patch: `{"enabled":false}`},
		{patch: `{"filters":{"events":[{"id":"$pageview","type":"events"}]}}`},
		{patch: `{"masking":{"ttl":1800,"hash":"{person.id}","threshold":2}}`},
		{patch: `{"hog":"return inputs.url"}`},
		{patch: `{"inputs_schema":[{"key":"url","type":"string","required":true,"secret":true}]}`},
		{patch: `{"inputs":{"url":{"value":"https://c.test"}}}`},
		{patch: `{"name":"broken next"}`, then: func(obj map[string]any) { obj["enabled"] = "yes" }},
		{patch: `{"name":"with a finding"}`},
		{patch: `{"description":"another"}`, then: func(obj map[string]any) {
			obj["filters"] = map[string]any{"source": 7.0, "events": "none"}
		}},
		{patch: `{"name":"nested finding"}`},
		{patch: `{"enabled":true}`},
		{patch: `{"name":"keys"}`, then: func(obj map[string]any) {
			delete(obj, "description")
			delete(obj, "icon_url")
			obj["not_in_the_contract"] = "x"
		}},
		{patch: `{"name":"keys removed"}`},
		{patch: `{"description":"back"}`},
		{patch: `{"filters":{},"masking":null,"execution_order":3}`},
		{patch: `{"name":"last"}`},
	}
	findings := 0
	for i, st := range steps {
		got, gex := do(inc, http.MethodPatch, st.patch)
		want, wex := do(full, http.MethodPatch, st.patch)
		if got.Status != 200 || want.Status != 200 {
			t.Fatalf("step %d %s: status %d / %d: %s", i, st.patch, got.Status, want.Status, want.Body)
		}
		if string(got.Body) != string(want.Body) {
			t.Fatalf("step %d %s: body\n%s\nwant (full rendering)\n%s", i, st.patch, got.Body, want.Body)
		}
		if !reflect.DeepEqual(got.Value, want.Value) {
			t.Fatalf("step %d %s: view\n%v\nwant (full rendering)\n%v", i, st.patch, got.Value, want.Value)
		}
		if !reflect.DeepEqual(gex.Violations, wex.Violations) {
			t.Fatalf("step %d %s: findings\n%+v\nwant (full rendering)\n%+v", i, st.patch, gex.Violations, wex.Violations)
		}
		findings += len(wex.Violations)
		if st.then != nil {
			change(st.then) // the next PATCH renders in full, the one after from it
		}
	}
	if findings == 0 {
		t.Fatal("no findings: the test needs versions the self-check rejects")
	}
}
