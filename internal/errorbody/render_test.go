package errorbody

import (
	"encoding/json"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/validate"
)

// allKinds is every error kind the engine, its stages and its callers
// raise.
var allKinds = []problem.Kind{
	problem.KindNotFound, problem.KindEndpointNotFound, problem.KindMethodNotAllowed, problem.KindParseError,
	problem.KindUnsupportedMediaType, problem.KindNotAcceptable, problem.KindNotAuthenticated,
	problem.KindAuthenticationFailed, problem.KindPermissionDenied, problem.KindScopeForbidden,
	problem.KindCredentialRefused, problem.KindValidation, problem.KindThrottled, problem.KindPayloadTooLarge,
	problem.KindUpstream, problem.KindUpstreamTimeout, problem.KindInternal, problem.KindInsufficientStorage,
}

func renderer(t *testing.T, doc string) (*Renderer, *spec.Doc) {
	t.Helper()
	d, err := spec.Load([]byte(doc), spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return New(d, validate.New(d), fixtures.New(1, d.T.GetSchemaValidationOptions()...)), d
}

// encoded is the body as JSON (keys sorted: the engine's encoder orders
// them by schema, which these tests do not look at).
func encoded(t *testing.T, b Body) []byte {
	t.Helper()
	out, err := json.Marshal(b.Value)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func problemBody(t *testing.T, b Body) map[string]any {
	t.Helper()
	if ct := b.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json (body %s)", ct, encoded(t, b))
	}
	m, ok := b.Value.(map[string]any)
	if !ok {
		t.Fatalf("body %T %v, want an object", b.Value, b.Value)
	}
	return m
}

// A document that declares no error format answers every kind as RFC 9457
// problem+json in plain words: no API's wording (Django REST framework's
// among them) leaks into it.
func TestErrorKindsAreProblemJSONByDefault(t *testing.T) {
	t.Parallel()
	r, _ := renderer(t, plainDoc(t))
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
			resp := r.Render(nil, &problem.Error{Kind: kind, Vars: vars})
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
				if strings.Contains(string(encoded(t, resp)), w) {
					t.Errorf("body %s holds %q", encoded(t, resp), w)
				}
			}
		})
	}
}

// A document's x-mock-errors replaces the defaults kind by kind; kinds it
// leaves out keep the plain defaults.
func TestErrorKindsFromTheContract(t *testing.T) {
	t.Parallel()
	r, _ := renderer(t, plainDoc(t)+`x-mock-errors:
  body: {kind: type, code: code, message: detail}
  kinds:
    not_authenticated: {type: auth, code: no_key, detail: Key please.}
`)
	for kind, want := range map[problem.Kind]string{
		problem.KindNotAuthenticated: `{"code":"no_key","kind":"auth","message":"Key please."}`,
		problem.KindNotFound:         `{"code":"not_found","kind":"urn:mockserver:not_found","message":"The requested resource does not exist."}`,
	} {
		resp := r.Render(nil, &problem.Error{Kind: kind})
		var w any
		_ = json.Unmarshal([]byte(want), &w)
		if got := encoded(t, resp); string(got) != string(mustJSON(t, w)) || resp.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s: %s (%s), want %s", kind, got, resp.Header.Get("Content-Type"), want)
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

const formatDoc = `openapi: 3.0.3
info: {title: format, version: "1"}
x-mock-errors:
  body: {type: type, code: code, detail: detail, attr: attr, status: status}
  codes: {maxLength: max_length}
  messages:
    maxLength: Ensure {field} has at most {max} characters.
    body:required:required: This field is required.
paths:
  /notes:
    post:
      responses: {'201': {description: created}, '400': {description: bad}}
  /forms:
    post:
      responses: {'201': {description: created}, '422': {description: unprocessable}}
  /fields:
    post:
      x-mock-validation-errors: fields
      responses: {'201': {description: created}, '400': {description: bad}}
`

// A validation error in the contract's format: the first violation gives
// the code (x-mock-errors.codes), the detail (messages, most specific key
// first) and the attribute; 422 where the operation declares it and not
// 400; a bare {field: [detail]} where the operation says so.
func TestValidationInTheContractsFormat(t *testing.T) {
	t.Parallel()
	r, d := renderer(t, formatDoc)
	long := problem.Violation{In: "body", Field: "title", Code: "maxLength", Expected: "at most 5 characters", Got: `"too long"`, Message: "too long"}
	missing := problem.Violation{In: "body", Field: "name", Code: "required", Expected: "required", Message: "missing"}
	other := problem.Violation{In: "query", Field: "limit", Code: "type", Expected: "integer", Message: "The value is not an integer."}
	for _, c := range []struct {
		name, op string
		vs       []problem.Violation
		status   int
		want     string
	}{
		{"code and message", "/notes", []problem.Violation{long, missing}, 400,
			`{"attr":"title","code":"max_length","detail":"Ensure title has at most 5 characters.","status":400,"type":"urn:mockserver:validation"}`},
		{"in:code:word message", "/notes", []problem.Violation{missing}, 400,
			`{"attr":"name","code":"validation","detail":"This field is required.","status":400,"type":"urn:mockserver:validation"}`},
		{"no message: the violation's", "/notes", []problem.Violation{other}, 400,
			`{"attr":"limit","code":"validation","detail":"The value is not an integer.","status":400,"type":"urn:mockserver:validation"}`},
		{"422 where declared instead of 400", "/forms", []problem.Violation{long}, 422,
			`{"attr":"title","code":"max_length","detail":"Ensure title has at most 5 characters.","status":422,"type":"urn:mockserver:validation"}`},
		{"field errors", "/fields", []problem.Violation{long}, 400, `{"title":["Ensure title has at most 5 characters."]}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			m, _ := d.Match("POST", c.op)
			b := r.Render(m.Op, &problem.Error{Kind: problem.KindValidation, Violations: c.vs})
			if got := string(encoded(t, b)); b.Status != c.status || got != c.want {
				t.Errorf("%d %s, want %d %s", b.Status, got, c.status, c.want)
			}
			if b.Header.Get("Content-Type") != "application/json" || !strings.HasPrefix(b.Header.Get("X-Mock-Violations"), strconv.Itoa(len(c.vs))+"; ") {
				t.Errorf("headers %v", b.Header)
			}
		})
	}
}

// Without x-mock-errors, an operation's declared error schema shapes the
// body: the properties that carry a message, code or status get the
// error's, where their schema allows.
func TestDeclaredErrorSchema(t *testing.T) {
	t.Parallel()
	r, d := renderer(t, `openapi: 3.0.3
info: {title: declared, version: "1"}
paths:
  /notes:
    get:
      responses:
        '200': {description: ok}
        4XX:
          description: error
          content:
            application/json:
              schema:
                type: object
                required: [message, status, code]
                properties:
                  message: {type: string}
                  status: {type: integer}
                  code: {type: string, enum: [E1, E2]}
`)
	m, _ := d.Match("GET", "/notes")
	b := r.Render(m.Op, &problem.Error{Kind: problem.KindNotFound})
	obj, ok := b.Value.(map[string]any)
	if !ok || b.Status != 404 || b.Header.Get("Content-Type") != "application/json" || b.Schema == nil {
		t.Fatalf("%d %v %v (schema %v)", b.Status, b.Header, b.Value, b.Schema != nil)
	}
	if obj["message"] != "The requested resource does not exist." || obj["status"] != float64(404) {
		t.Errorf("body %v: want the detail and the status", obj)
	}
	if c := obj["code"]; c != "E1" && c != "E2" {
		t.Errorf("code %v: the kind's code is outside the enum, the generated one stays", c)
	}
}

// An error's own headers, Raw bodies and empty bodies are kept as they are.
func TestHeadersRawAndEmpty(t *testing.T) {
	t.Parallel()
	r, _ := renderer(t, plainDoc(t))
	b := r.Render(nil, &problem.Error{Kind: problem.KindThrottled, Headers: map[string]string{"Retry-After": "3"}, Empty: true})
	if b.Status != 429 || b.Value != nil || b.Header.Get("Retry-After") != "3" || b.Header.Get("Content-Type") != "" {
		t.Errorf("empty: %d %v %v", b.Status, b.Header, b.Value)
	}
	b = r.Render(nil, &problem.Error{Kind: problem.KindNotFound, Status: 410, Raw: map[string]any{"gone": true}})
	if got := string(encoded(t, b)); b.Status != 410 || got != `{"gone":true}` || b.Header.Get("Content-Type") != "application/json" {
		t.Errorf("raw: %d %s %v", b.Status, got, b.Header)
	}
}

func TestViolationHeader(t *testing.T) {
	t.Parallel()
	v := problem.Violation{In: "body", Field: "tïtle", Code: "type", Message: "bad\nvalue"}
	one := ViolationHeader([]problem.Violation{v})
	if !strings.HasPrefix(one, "1; ") || strings.ContainsFunc(one, func(r rune) bool { return r < 0x20 || r > 0x7e }) {
		t.Errorf("%q: want a count and printable ASCII only", one)
	}
	many := ViolationHeader(make([]problem.Violation, 40))
	if !strings.HasPrefix(many, "40; ") || !strings.HasSuffix(many, "; …") || strings.Count(many, ";") != 6 {
		t.Errorf("%q: want the count, five violations, then an ellipsis", many)
	}
}

func TestMock(t *testing.T) {
	t.Parallel()
	h, b := Mock(400, "urn:mockserver:prefer_invalid", "bad Prefer", []problem.Violation{{In: "header", Code: "prefer", Message: "m"}})
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil || h.Get("Content-Type") != "application/problem+json" || !strings.HasPrefix(h.Get("X-Mock-Violations"), "1; ") {
		t.Fatalf("%v %s %v", h, b, err)
	}
	if m["status"] != float64(400) || m["title"] != "Bad Request" || m["detail"] != "bad Prefer" || len(m["errors"].([]any)) != 1 {
		t.Errorf("body %v", m)
	}
}

// A status no operation declares (a 405) is encoded in the error schema
// another status declares when it has every field of the body, so that
// the fields keep the contract's order.
func TestUndeclaredStatusBorrowsTheErrorSchema(t *testing.T) {
	t.Parallel()
	r, _ := renderer(t, `openapi: 3.0.3
info: {title: borrowed, version: "1"}
paths:
  /notes:
    get:
      responses:
        '200': {description: ok}
        '404':
          description: missing
          content:
            application/json:
              schema:
                type: object
                properties:
                  type: {type: string}
                  code: {type: string}
                  detail: {type: string}
x-mock-errors:
  body: {type: type, code: code, detail: detail}
`)
	b := r.Render(nil, &problem.Error{Kind: problem.KindMethodNotAllowed, Vars: map[string]string{"method": "PUT"}})
	if b.Status != 405 || b.Schema == nil || b.Schema.Properties["code"] == nil {
		t.Fatalf("status %d, schema %v: want the 404's schema for a 405", b.Status, b.Schema)
	}
	// A body with a field that schema lacks keeps no schema.
	if s := r.errorSchema(nil, 405, map[string]any{"type": "x", "other": 1}); s != nil {
		t.Errorf("borrowed a schema that lacks the body's field %q", "other")
	}
}

// plainDoc declares no error format (no x-mock-errors, no error schemas).
func plainDoc(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../testdata/specs/plain.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
