package engine

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// allKinds is every error kind the engine and its callers raise.
var allKinds = []problem.Kind{
	problem.KindNotFound, problem.KindEndpointNotFound, problem.KindMethodNotAllowed, problem.KindParseError,
	problem.KindUnsupportedMediaType, problem.KindNotAcceptable, problem.KindNotAuthenticated,
	problem.KindAuthenticationFailed, problem.KindPermissionDenied, problem.KindScopeForbidden,
	problem.KindCredentialRefused, problem.KindValidation, problem.KindThrottled, problem.KindPayloadTooLarge,
	problem.KindUpstream, problem.KindUpstreamTimeout, problem.KindInternal, problem.KindInsufficientStorage,
}

// plainDoc declares no error format (no x-mock-errors, no error schemas).
const plainDoc = `openapi: 3.0.3
info: {title: plain, version: "1"}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
paths:
  /notes:
    post:
      security: [{key: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [title]
              properties:
                title: {type: string, maxLength: 5}
      responses: {'201': {description: created}}
`

func plainEngine(t *testing.T) *Engine {
	t.Helper()
	d, err := spec.Load([]byte(plainDoc), spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(Config{Doc: d})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func problemBody(t *testing.T, resp *Response) map[string]any {
	t.Helper()
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json (body %s)", ct, resp.Body)
	}
	var m map[string]any
	if err := json.Unmarshal(resp.Body, &m); err != nil {
		t.Fatalf("body %s: %v", resp.Body, err)
	}
	return m
}

// A document that declares no error format answers every kind as RFC 9457
// problem+json in plain words: no API's wording (Django REST framework's
// among them) leaks into it.
func TestErrorKindsAreProblemJSONByDefault(t *testing.T) {
	t.Parallel()
	e := plainEngine(t)
	vars := map[string]string{"method": "PUT", "reason": "unexpected end", "media_type": "text/plain", "source": "header X-Key",
		"scope": "notes:write", "param": "project_id", "value": "2", "wait": "3", "seconds": "seconds", "limit": "10", "max": "5"}
	if len(kindDefaults) != len(allKinds) {
		t.Fatalf("kindDefaults has %d kinds, the engine raises %d", len(kindDefaults), len(allKinds))
	}
	drf := []string{"authentication_error", "invalid_request", "credentials were not provided", "Not found.",
		"Incorrect authentication", "Expected available", "JSON parse error", "Invalid input."}
	for _, kind := range allKinds {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			resp := e.ErrorResponse(nil, &problem.Error{Kind: kind, Vars: vars})
			body := problemBody(t, resp)
			want := kindDefaults[kind]
			if resp.Status != want.Status || body["status"] != float64(want.Status) {
				t.Errorf("status %d / %v, want %d", resp.Status, body["status"], want.Status)
			}
			if body["type"] != "urn:mockserver:"+string(kind) || body["title"] != http.StatusText(want.Status) {
				t.Errorf("type %v title %v", body["type"], body["title"])
			}
			detail, _ := body["detail"].(string)
			if detail == "" || strings.ContainsAny(detail, "{}") {
				t.Errorf("detail %q: empty or with an unfilled placeholder", detail)
			}
			for _, w := range drf {
				if strings.Contains(string(resp.Body), w) {
					t.Errorf("body %s holds %q", resp.Body, w)
				}
			}
		})
	}
}

// Through the pipeline: the errors the engine raises itself, and for a
// validation error the list of violations, each naming its field and
// problem.
func TestPipelineErrorsAreProblemJSONByDefault(t *testing.T) {
	t.Parallel()
	e := plainEngine(t)
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
			r := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
			if c.ctype != "" {
				r.Header.Set("Content-Type", c.ctype)
			}
			if c.key != "" {
				r.Header.Set("X-Key", c.key)
			}
			resp, _ := e.Handle(r, []byte(c.body))
			body := problemBody(t, resp)
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

// A document's x-mock-errors replaces the defaults kind by kind; kinds it
// leaves out keep the plain defaults.
func TestErrorKindsFromTheContract(t *testing.T) {
	t.Parallel()
	d, err := spec.Load([]byte(plainDoc+`x-mock-errors:
  body: {kind: type, code: code, message: detail}
  kinds:
    not_authenticated: {type: auth, code: no_key, detail: Key please.}
`), spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(Config{Doc: d})
	if err != nil {
		t.Fatal(err)
	}
	for kind, want := range map[problem.Kind]string{
		problem.KindNotAuthenticated: `{"code":"no_key","kind":"auth","message":"Key please."}`,
		problem.KindNotFound:         `{"code":"not_found","kind":"urn:mockserver:not_found","message":"The requested resource does not exist."}`,
	} {
		resp := e.ErrorResponse(nil, &problem.Error{Kind: kind})
		var got, w any
		_ = json.Unmarshal(resp.Body, &got)
		_ = json.Unmarshal([]byte(want), &w)
		if b, _ := json.Marshal(got); string(b) != string(mustJSON(t, w)) {
			t.Errorf("%s: %s, want %s", kind, resp.Body, want)
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The embedded PostHog contract words every kind the engine raises itself
// (status, type, code and detail), so none of the plain defaults reaches
// its clients.
func TestPostHogContractDeclaresEveryKind(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, err := spec.Load(data, spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range allKinds {
		k, ok := d.Errors.Kinds[string(kind)]
		if !ok || k.Status == 0 || k.Type == "" || k.Code == "" || k.Detail == "" {
			t.Errorf("openapi.yaml x-mock-errors.kinds.%s = %+v (declared %v), want status, type, code and detail", kind, k, ok)
		}
	}
}
