package engine

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec/spectest"
)

// send sends one request through the pipeline: body, when given, as JSON;
// header as name, value pairs set after that (an empty value sets
// nothing). It is the engine tests' one way to make a request.
func send(e *Engine, method, target, body string, header ...string) (*Response, *Exchange) {
	var raw []byte
	if body != "" {
		raw = []byte(body)
	}
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] != "" {
			r.Header.Set(header[i], header[i+1])
		}
	}
	return e.Handle(r, raw)
}

// The pipeline renders access's refusals in the contract's error format:
// a used-up rate is a 429 with its Retry-After and its wait in words; a
// missing credential is recorded as a violation of the exchange.
func TestAccessRefusalsAreAnswered(t *testing.T) {
	t.Parallel()
	d := spectest.Load(t, "../../testdata/specs/rates.yaml") // 2 requests a minute per key
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	e, err := New(Config{Doc: d, RateLimit: true, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	get := func(key string) (*Response, *Exchange) { return send(e, "GET", "/a", "", "X-Key", key) }
	for i := range 2 {
		if resp, _ := get("k"); resp.Status != 200 {
			t.Fatalf("request %d: %d %s", i+1, resp.Status, resp.Body)
		}
	}
	resp, _ := get("k")
	if resp.Status != 429 || resp.Header.Get("Retry-After") != "60" || !strings.Contains(string(resp.Body), "retry in 60 seconds.") {
		t.Errorf("429: %d %v %s", resp.Status, resp.Header, resp.Body)
	}
	if err := e.Reset(); err != nil {
		t.Fatal(err)
	}
	if resp, _ := get("k"); resp.Status != 200 {
		t.Errorf("after Reset: %d %s", resp.Status, resp.Body)
	}
	resp, ex := get("")
	if resp.Status != 401 || len(ex.Violations) != 1 || ex.Violations[0].Code != "not_authenticated" || resp.Header.Get("X-Mock-Violations") == "" {
		t.Errorf("401: %d %+v %v", resp.Status, ex.Violations, resp.Header)
	}
}

// Through the pipeline: the errors the engine raises itself, and for a
// validation error the list of violations, each naming its field and
// problem.
func TestPipelineErrorsAreProblemJSONByDefault(t *testing.T) {
	t.Parallel()
	d := spectest.Load(t, "../../testdata/specs/plain.yaml")
	e, err := New(Config{Doc: d})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, method, path, body, key, ctype string
		status                               int
		kind                                 problem.Kind
		field                                string // the violation the errors list must name
	}{
		{"unknown path", "GET", "/nowhere", "", "", "", 404, problem.KindEndpointNotFound, ""},
		{"method", "DELETE", "/notes", "", "", "", 405, problem.KindMethodNotAllowed, ""},
		{"no credential", "POST", "/notes", `{"title":"a"}`, "", "application/json", 401, problem.KindNotAuthenticated, ""},
		{"parse error", "POST", "/notes", `{"title":`, "k", "application/json", 400, problem.KindParseError, ""},
		{"media type", "POST", "/notes", `title=a`, "k", "text/plain", 415, problem.KindUnsupportedMediaType, ""},
		{"invalid field", "POST", "/notes", `{"title":"too long"}`, "k", "application/json", 400, problem.KindValidation, "title"},
		{"missing field", "POST", "/notes", `{}`, "k", "application/json", 400, problem.KindValidation, "title"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			resp, _ := send(e, c.method, c.path, c.body, "Content-Type", c.ctype, "X-Key", c.key)
			if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Fatalf("Content-Type %q, want application/problem+json (body %s)", ct, resp.Body)
			}
			var body map[string]any
			if err := json.Unmarshal(resp.Body, &body); err != nil {
				t.Fatalf("body %s: %v", resp.Body, err)
			}
			if resp.Status != c.status || body["type"] != "urn:mockserver:"+string(c.kind) {
				t.Fatalf("%d %s, want %d of kind %s", resp.Status, resp.Body, c.status, c.kind)
			}
			if c.field == "" {
				return
			}
			errs, _ := body["errors"].([]any)
			if len(errs) == 0 {
				t.Fatalf("no errors list: %s", resp.Body)
			}
			first, _ := errs[0].(map[string]any)
			if first["field"] != c.field || first["code"] == "" || first["message"] == "" {
				t.Errorf("errors[0] = %v, want field %q with a code and a message", first, c.field)
			}
		})
	}
}
