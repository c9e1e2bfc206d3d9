package engine

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/internal/resource"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/plugin"
)

// benchEngine builds an engine on the embedded contract. Package posthog
// imports this one, so its behaviours are stood in for here by the
// generated answer and its hooks by empty ones: these benchmarks measure
// the engine's own cost (internal/handler's measure the wired server).
func benchEngine(b testing.TB) *Engine {
	b.Helper()
	data, err := os.ReadFile("../../openapi.yaml")
	if err != nil {
		b.Fatal(err)
	}
	names := map[string]bool{}
	for _, n := range []string{"posthog.invocations", "posthog.logs", "posthog.metrics", "posthog.metrics_totals",
		"posthog.icons", "posthog.icon", "posthog.rearrange", "posthog.hog_functions", "posthog.insights",
		"posthog.access_controls", "posthog.dashboards", "posthog.alerts", "posthog.feature_flags", "posthog.projects",
		"posthog.actions", "posthog.cohorts", "posthog.annotations", "posthog.surveys", "posthog.members", "posthog.organizations",
		"posthog.roles", "posthog.role_memberships", "posthog.experiments"} {
		names[n] = true
	}
	doc, err := spec.Load(data, spec.LoadOptions{Location: "openapi.yaml", Behaviours: names})
	if err != nil {
		b.Fatal(err)
	}
	cfg := Config{Doc: doc, Behaviours: map[string]plugin.Behaviour{}, Hooks: map[string]*plugin.Hooks{}, SelfCheck: true}
	for _, op := range doc.Operations {
		if op.Behaviour != "" {
			cfg.Behaviours[op.Behaviour] = generatedBehaviour
		}
	}
	for _, res := range doc.Resources {
		if res.Hooks != "" {
			cfg.Hooks[res.Hooks] = &plugin.Hooks{}
		}
	}
	e, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	return e
}

// generatedBehaviour answers as if the operation had no behaviour: from
// the contract's examples or generated data.
func generatedBehaviour(pc plugin.Call) (*plugin.Response, error) {
	c := pc.(hookCall).c
	r, err := c.e.Generated(c)
	if err != nil {
		return nil, err
	}
	return &plugin.Response{Status: r.Status, Header: r.Header, Body: r.Body, Value: r.Value}, nil
}

// benchHog returns the path of one seeded hog function and its object.
func benchHog(b testing.TB, e *Engine) (string, map[string]any) {
	b.Helper()
	res := e.Doc().Resources["hog_functions"]
	recs, _ := e.CollectionFor(res, map[string]string{"project_id": "1"}).Page(0, 1)
	if len(recs) == 0 {
		b.Fatal("no seeded hog function")
	}
	return "/api/environments/1/hog_functions/" + recs[0].ID + "/", recs[0].Object()
}

// BenchmarkDecodeMerge is a PATCH's state change: decode the body and merge
// it into the stored object, through the resource stage (validation and
// rendering excluded).
func BenchmarkDecodeMerge(b *testing.B) {
	e := benchEngine(b)
	path, _ := benchHog(b, e)
	m, _ := e.Doc().Match(http.MethodPatch, path)
	r := httptest.NewRequest(http.MethodPatch, path, nil)
	body := []byte(`{"name":"n","enabled":true,"filters":{"events":[{"id":"$pageview"}]}}`)
	b.ReportAllocs()
	for b.Loop() {
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			b.Fatal(err)
		}
		c := &Call{Call: resource.Call{HTTP: r, Op: m.Op, PathParams: m.Params, Body: v}, e: e, ex: &Exchange{}}
		c.Plugin = c.plugin()
		if _, _, err := e.res.Update(&c.Call, false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncode serializes a stored hog function in the schema's
// property order.
func BenchmarkEncode(b *testing.B) {
	e := benchEngine(b)
	_, obj := benchHog(b, e)
	s := e.Doc().Resources["hog_functions"].Schema
	b.ReportAllocs()
	for b.Loop() {
		_ = e.enc.Encode(obj, s)
	}
}

// BenchmarkHandle is the whole request in the engine (no HTTP server):
// routing, auth, validation, state, rendering and self-check.
func BenchmarkHandle(b *testing.B) {
	e := benchEngine(b)
	hog, _ := benchHog(b, e)
	cases := []struct {
		name, method, path, body string
		auth                     bool
		want                     int
	}{
		{"get_hog", http.MethodGet, hog, "", true, 200},
		{"patch_hog", http.MethodPatch, hog, `{"name":"n","enabled":true}`, true, 200},
		{"create_hog", http.MethodPost, "/api/environments/1/hog_functions/", `{"name":"n","hog":"return event","enabled":true}`, true, 201},
		{"list_insights", http.MethodGet, "/api/environments/1/insights/?limit=10&offset=0", "", true, 200},
		{"patch_invalid", http.MethodPatch, hog, `{"enabled":"notabool"}`, true, 400},
		{"get_noauth", http.MethodGet, hog, "", false, 401},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			r := httptest.NewRequest(tc.method, tc.path, nil)
			r.Header.Set("Content-Type", "application/json")
			if tc.auth {
				r.Header.Set("Authorization", "Bearer x")
			}
			body := []byte(tc.body)
			if resp, _ := e.Handle(r, body); resp.Status != tc.want {
				b.Fatalf("status %d, want %d: %s", resp.Status, tc.want, resp.Body)
			}
			b.ReportAllocs()
			for b.Loop() {
				e.Handle(r, body)
			}
		})
	}
}

// BenchmarkGeneratedExample answers an operation from its media type's
// example, which is checked against its schema once per generator, not
// per request.
func BenchmarkGeneratedExample(b *testing.B) {
	e := prismEngine(b, false)
	r := httptest.NewRequest(http.MethodGet, "/stats", nil)
	if resp, _ := e.Handle(r, nil); resp.Status != 200 || !strings.Contains(string(resp.Body), "hello world") {
		b.Fatalf("status %d: %s", resp.Status, resp.Body)
	}
	b.ReportAllocs()
	for b.Loop() {
		e.Handle(r, nil)
	}
}
