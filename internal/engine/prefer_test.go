package engine

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/plugin"
)

func prismEngine(t testing.TB, strict bool) *Engine {
	t.Helper()
	data, err := os.ReadFile("testdata/prism.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spec.Load(data, spec.LoadOptions{Location: "testdata/prism.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(Config{Doc: doc, Seed: 7, SelfCheck: true, StrictResponses: strict})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

type answer struct {
	status int
	header http.Header
	body   map[string]any
	ex     *Exchange
}

func do(t *testing.T, e *Engine, method, target, prefer string) answer {
	t.Helper()
	resp, ex := send(e, method, target, "", "Prefer", prefer)
	a := answer{status: resp.Status, header: resp.Header, ex: ex}
	if len(resp.Bytes()) > 0 {
		if err := json.Unmarshal(resp.Bytes(), &a.body); err != nil {
			t.Fatalf("%s %s: body %q: %v", method, target, resp.Bytes(), err)
		}
	}
	return a
}

func TestPreferCodeAndExample(t *testing.T) {
	e := prismEngine(t, false)
	tests := []struct {
		name, target, prefer string
		status               int
		field, want          string
	}{
		{"lowest 2xx by default, example first", "/stats", "", 200, "label", "hello world"},
		{"declared code", "/pets/1", "code=404", 404, "message", "no such pet"},
		{"query fallback", "/pets/1?__code=404", "", 404, "message", "no such pet"},
		{"undeclared code falls to default with that status", "/pets/1", "code=418", 418, "message", "something else"},
		{"named example", "/pets/1", "example=dog", 200, "name", "Spot"},
		{"named example with code", "/pets/1", "code=200, example=cat", 200, "name", "Fluffy"},
		{"query example", "/pets/1?__example=cat", "", 200, "name", "Fluffy"},
		{"header wins over query", "/pets/1?__example=cat", "example=dog", 200, "name", "Spot"},
		{"semicolon separated", "/pets/1", "code=200; example=dog", 200, "name", "Spot"},
		{"declared 4xx of a create", "/pets", "code=400", 400, "message", "invalid pet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := http.MethodGet
			if tt.target == "/pets" {
				method = http.MethodPost
			}
			a := do(t, e, method, tt.target, tt.prefer)
			if a.status != tt.status {
				t.Fatalf("status %d, want %d (body %v, violations %v)", a.status, tt.status, a.body, a.ex.Violations)
			}
			if got, _ := a.body[tt.field].(string); got != tt.want {
				t.Fatalf("%s = %v, want %q (body %v)", tt.field, a.body[tt.field], tt.want, a.body)
			}
		})
	}
}

func TestPreferUnknownCodeOrExampleIs404Problem(t *testing.T) {
	e := prismEngine(t, false)
	a := do(t, e, http.MethodPost, "/pets", "code=500")
	if a.status != 404 || a.header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("got %d %q", a.status, a.header.Get("Content-Type"))
	}
	if d, _ := a.body["detail"].(string); !strings.Contains(d, "500") || !strings.Contains(d, "201, 400") {
		t.Fatalf("detail should name the code and the declared ones: %q", d)
	}
	a = do(t, e, http.MethodGet, "/pets/1", "example=parrot")
	if a.status != 404 || a.header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("got %d %q", a.status, a.header.Get("Content-Type"))
	}
	if d, _ := a.body["detail"].(string); !strings.Contains(d, `"parrot"`) || !strings.Contains(d, "broken, cat, dog") {
		t.Fatalf("detail should name the example and the declared ones: %q", d)
	}
}

func TestPreferMalformedIs400(t *testing.T) {
	e := prismEngine(t, false)
	for _, p := range []string{"code=abc", "dynamic=maybe", "seed=-1", "delay=soon", "delay=1h"} {
		a := do(t, e, http.MethodGet, "/stats", p)
		if a.status != 400 || !strings.Contains(a.body["detail"].(string), strings.SplitN(p, "=", 2)[0]) {
			t.Errorf("Prefer %s: got %d %v", p, a.status, a.body)
		}
	}
	// Unknown preferences are ignored (RFC 7240).
	if a := do(t, e, http.MethodGet, "/stats", "return=minimal, respond-async"); a.status != 200 {
		t.Errorf("unknown preferences: got %d", a.status)
	}
}

func TestPreferQueryParamsAreNotValidated(t *testing.T) {
	e := prismEngine(t, false)
	a := do(t, e, http.MethodGet, "/pets/1?__code=200&__example=cat&__dynamic=false&__seed=3&__delay=0&verbose=true", "")
	if a.status != 200 {
		t.Fatalf("status %d: %v", a.status, a.ex.Violations)
	}
	for _, v := range a.ex.Violations {
		if strings.HasPrefix(v.Field, "__") {
			t.Errorf("prefer parameter reported: %v", v)
		}
	}
	for _, p := range a.ex.Params {
		if strings.Contains(p, "__") {
			t.Errorf("prefer parameter recorded as sent: %s", p)
		}
	}
}

func TestPreferDynamicAndSeed(t *testing.T) {
	e := prismEngine(t, false)
	static := do(t, e, http.MethodGet, "/stats", "dynamic=false")
	if static.body["label"] != "hello world" {
		t.Fatalf("dynamic=false should answer the example: %v", static.body)
	}
	dyn := do(t, e, http.MethodGet, "/stats", "dynamic=true")
	if dyn.body["label"] == "hello world" || dyn.status != 200 {
		t.Fatalf("dynamic=true should generate: %v", dyn.body)
	}
	if len(dyn.ex.Violations) != 0 {
		t.Fatalf("generated body breaks the contract: %v", dyn.ex.Violations)
	}
	s1 := do(t, e, http.MethodGet, "/stats", "dynamic=true, seed=1")
	s1b := do(t, e, http.MethodGet, "/stats?__seed=1&__dynamic=true", "")
	s2 := do(t, e, http.MethodGet, "/stats", "dynamic=true, seed=2")
	if !equalJSON(s1.body, s1b.body) {
		t.Errorf("same seed, different bodies: %v vs %v", s1.body, s1b.body)
	}
	if equalJSON(s1.body, s2.body) {
		t.Errorf("seeds 1 and 2 gave the same body %v", s1.body)
	}
	if again := do(t, e, http.MethodGet, "/stats", "dynamic=true"); !equalJSON(again.body, dyn.body) {
		t.Errorf("engine seed not deterministic: %v vs %v", again.body, dyn.body)
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func TestPreferCodeBypassesStateOnlyWhenAsked(t *testing.T) {
	e := prismEngine(t, false)
	// Without preferences a stateful read of a missing pet is a 404 from state.
	if a := do(t, e, http.MethodGet, "/pets/999999", ""); a.status != 404 {
		t.Fatalf("missing pet: %d", a.status)
	}
	// With code=200 (the default status) state still answers.
	if a := do(t, e, http.MethodGet, "/pets/999999", "code=200"); a.status != 404 {
		t.Fatalf("code=200 should not bypass state: %d", a.status)
	}
	// An example is answered from the contract.
	if a := do(t, e, http.MethodGet, "/pets/999999", "example=cat"); a.status != 200 || a.body["name"] != "Fluffy" {
		t.Fatalf("example=cat: %d %v", a.status, a.body)
	}
}

func TestDeprecationHeader(t *testing.T) {
	e := prismEngine(t, false)
	a := do(t, e, http.MethodDelete, "/pets/1", "")
	if a.header.Get("Deprecation") != "true" {
		t.Fatalf("deprecated operation answered without Deprecation: %v", a.header)
	}
	if b := do(t, e, http.MethodGet, "/stats", ""); b.header.Get("Deprecation") != "" {
		t.Fatalf("Deprecation on a current operation")
	}
}

// A named example that fails its schema is never served, even when asked
// for: generated data that conforms is.
func TestInvalidNamedExampleIsNotServed(t *testing.T) {
	a := do(t, prismEngine(t, false), http.MethodGet, "/pets/1", "example=broken")
	if a.status != 200 || len(a.ex.Violations) != 0 || a.body["id"] == "not a number" {
		t.Fatalf("example=broken: %d %v, violations %v", a.status, a.body, a.ex.Violations)
	}
	if _, isNumber := a.body["id"].(float64); !isNumber {
		t.Fatalf("generated pet should have a numeric id: %v", a.body)
	}
}

func TestStrictResponsesTurnSelfCheckFailuresInto500(t *testing.T) {
	doc := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets/{id}:
    get:
      x-mock-behaviour: test.broken
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [id]
                properties: {id: {type: integer}, name: {type: string}}
`
	d, err := spec.Load([]byte(doc), spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	behaviours := map[string]plugin.Behaviour{"test.broken": func(plugin.Call) (*plugin.Response, error) {
		return &plugin.Response{Status: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Value: map[string]any{"id": "not a number", "name": 3.0}, Body: []byte(`{"id":"not a number","name":3}`)}, nil
	}}
	engine := func(strict bool) *Engine {
		e, err := New(Config{Doc: d, Seed: 7, SelfCheck: true, StrictResponses: strict, Behaviours: behaviours})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	lax := do(t, engine(false), http.MethodGet, "/pets/1", "")
	if lax.status != 200 || len(lax.ex.Violations) == 0 {
		t.Fatalf("lax: %d, violations %v", lax.status, lax.ex.Violations)
	}
	strict := do(t, engine(true), http.MethodGet, "/pets/1", "")
	if strict.status != 500 || strict.header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("strict: %d %v", strict.status, strict.header)
	}
	errs, _ := strict.body["errors"].([]any)
	if len(errs) == 0 || !strings.Contains(strict.body["detail"].(string), "does not conform") {
		t.Fatalf("strict body should list the failures: %v", strict.body)
	}
	if ok := do(t, prismEngine(t, true), http.MethodGet, "/pets/1", "example=cat"); ok.status != 200 {
		t.Fatalf("strict with a valid answer: %d", ok.status)
	}
}

func TestPreferDelay(t *testing.T) {
	e := prismEngine(t, false)
	a := do(t, e, http.MethodGet, "/stats", "delay=40")
	if a.ex.Delay != 40*time.Millisecond || !a.ex.DelaySet {
		t.Fatalf("exchange delay %v set=%v", a.ex.Delay, a.ex.DelaySet)
	}
	z := do(t, e, http.MethodGet, "/stats?__delay=0", "")
	if z.ex.Delay != 0 || !z.ex.DelaySet {
		t.Fatalf("delay=0 must be kept as asked: %v %v", z.ex.Delay, z.ex.DelaySet)
	}
	r1 := do(t, e, http.MethodGet, "/stats", "delay=10ms-90ms, seed=5")
	r2 := do(t, e, http.MethodGet, "/stats", "delay=10ms-90ms, seed=5")
	if r1.ex.Delay != r2.ex.Delay {
		t.Fatalf("range delay not deterministic under the seed: %v %v", r1.ex.Delay, r2.ex.Delay)
	}
}

func TestAllowHeader(t *testing.T) {
	for _, tc := range []struct {
		allowed []string
		want    string
	}{
		{[]string{"DELETE", "GET", "PATCH", "PUT"}, "GET, PUT, PATCH, DELETE, HEAD"},
		{[]string{"GET", "HEAD", "POST"}, "GET, POST, HEAD"},
		{[]string{"POST"}, "POST"},
		{[]string{"OPTIONS", "QUERY", "TRACE"}, "OPTIONS, QUERY, TRACE"},
		{nil, ""},
	} {
		if got := allowHeader(tc.allowed); got != tc.want {
			t.Errorf("allowHeader(%v) = %q, want %q", tc.allowed, got, tc.want)
		}
	}
}

// An example is served exactly when the self-check accepts it: in a 3.1
// document nullable is no keyword, so an example with null there is not.
func TestExampleServedOnlyWhenSelfCheckAccepts(t *testing.T) {
	doc := `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /purge:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [days]
                properties: {days: {type: integer, nullable: true}}
              example: {days: null}
  /kept:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {days: {type: [integer, "null"]}}}
              example: {days: null}
`
	d, err := spec.Load([]byte(doc), spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(Config{Doc: d, Seed: 7, SelfCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	purge := do(t, e, http.MethodGet, "/purge", "")
	if purge.status != 200 || len(purge.ex.Violations) != 0 || purge.body["days"] == nil {
		t.Errorf("/purge: %d %v, violations %v", purge.status, purge.body, purge.ex.Violations)
	}
	kept := do(t, e, http.MethodGet, "/kept", "")
	if days, ok := kept.body["days"]; kept.status != 200 || len(kept.ex.Violations) != 0 || !ok || days != nil {
		t.Errorf("/kept should serve its example: %d %v, violations %v", kept.status, kept.body, kept.ex.Violations)
	}
	found := false
	for _, w := range d.Warnings {
		found = found || strings.HasPrefix(w, spec.KindExampleMismatch+" at #/paths/~1purge/get/responses/200/content/application~1json/example")
	}
	if !found {
		t.Errorf("the load warnings should name the example:\n%s", strings.Join(d.Warnings, "\n"))
	}
}
