package access

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

const authDoc = `openapi: 3.0.3
info: {title: auth, version: "1"}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
    basic: {type: http, scheme: basic}
    header: {type: apiKey, in: header, name: X-Key}
    query: {type: apiKey, in: query, name: key}
    cookie: {type: apiKey, in: cookie, name: session}
    personal:
      type: http
      scheme: bearer
      x-mock-credential-sources: [{in: body, name: personal_api_key}, {in: query, name: personal_api_key}, {in: header, name: X-Personal}]
    mtls: {type: mutualTLS}
paths:
  /bearer: {get: {security: [{bearer: []}], responses: {'200': {description: ok}}}}
  /basic: {get: {security: [{basic: []}], responses: {'200': {description: ok}}}}
  /header: {get: {security: [{header: []}], responses: {'200': {description: ok}}}}
  /query: {get: {security: [{query: []}], responses: {'200': {description: ok}}}}
  /cookie: {get: {security: [{cookie: []}], responses: {'200': {description: ok}}}}
  /personal: {post: {security: [{personal: []}], responses: {'200': {description: ok}}}}
  /mtls: {get: {security: [{mtls: []}], responses: {'200': {description: ok}}}}
  /either: {get: {security: [{header: []}, {}], responses: {'200': {description: ok}}}}
  /open: {get: {responses: {'200': {description: ok}}}}
  /notes:
    get:
      security: [{bearer: [notes:read]}]
      responses: {'200': {description: ok}}
    post:
      security: [{bearer: []}]
      x-required-scope: notes:write
      responses: {'200': {description: ok}}
  /login:
    post:
      security: [{bearer: []}]
      x-required-scope: none (a session only)
      responses: {'200': {description: ok}}
  /projects/{project_id}/notes:
    get:
      security: [{bearer: []}]
      parameters: [{name: project_id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
`

func loadDoc(t *testing.T, doc string) *spec.Doc {
	t.Helper()
	d, err := spec.Load([]byte(doc), spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// authReq is one request to check: where its credential is, if anywhere.
type authReq struct {
	method, path string
	header       map[string]string
	body         string
}

func check(t *testing.T, a *Access, d *spec.Doc, q authReq) (*Credential, *problem.Error) {
	t.Helper()
	method := q.method
	if method == "" {
		method = "GET"
	}
	r := httptest.NewRequest(method, q.path, strings.NewReader(q.body))
	for k, v := range q.header {
		r.Header.Set(k, v)
	}
	path, _, _ := strings.Cut(q.path, "?")
	m, ok := d.Match(method, path)
	if !ok || m.Op == nil {
		t.Fatalf("%s %s: no operation", method, q.path)
	}
	return a.Check(r, []byte(q.body), m.Op, m.Params)
}

// Without configured tokens, any credential of the right shape is valid,
// wherever the scheme says it is; its source is named for error details.
func TestCredentialKinds(t *testing.T) {
	t.Parallel()
	d := loadDoc(t, authDoc)
	a, err := New(d, Config{})
	if err != nil {
		t.Fatal(err)
	}
	json := map[string]string{"Content-Type": "application/json"}
	for _, c := range []struct {
		name   string
		req    authReq
		scheme string // "" with kind "": anonymous
		value  string
		source string
		kind   problem.Kind // the refusal, "" when accepted
	}{
		{"bearer", authReq{path: "/bearer", header: map[string]string{"Authorization": "Bearer  tok "}}, "bearer", "tok", "Authorization header", ""},
		{"bearer word in any case", authReq{path: "/bearer", header: map[string]string{"Authorization": "bearer tok"}}, "bearer", "tok", "Authorization header", ""},
		{"bearer without value", authReq{path: "/bearer", header: map[string]string{"Authorization": "Bearer "}}, "", "", "", problem.KindNotAuthenticated},
		{"basic is not bearer", authReq{path: "/bearer", header: map[string]string{"Authorization": "Basic dTpw"}}, "", "", "", problem.KindNotAuthenticated},
		{"basic", authReq{path: "/basic", header: map[string]string{"Authorization": "Basic dTpw"}}, "basic", "dTpw", "Authorization header", ""},
		{"api key header", authReq{path: "/header", header: map[string]string{"X-Key": "k"}}, "header", "k", "header X-Key", ""},
		{"api key query", authReq{path: "/query?key=k"}, "query", "k", "query string", ""},
		{"api key cookie", authReq{path: "/cookie", header: map[string]string{"Cookie": "session=s"}}, "cookie", "s", "cookie session", ""},
		{"no api key", authReq{path: "/header"}, "", "", "", problem.KindNotAuthenticated},
		{"extra source: body", authReq{method: "POST", path: "/personal", header: json, body: `{"personal_api_key":"p"}`}, "personal", "p", "body", ""},
		{"extra source: body that is not JSON", authReq{method: "POST", path: "/personal", body: `{"personal_api_key":"p"}`}, "", "", "", problem.KindNotAuthenticated},
		{"extra source: query", authReq{method: "POST", path: "/personal?personal_api_key=p"}, "personal", "p", "query string", ""},
		{"extra source: header", authReq{method: "POST", path: "/personal", header: map[string]string{"X-Personal": "p"}}, "personal", "p", "header X-Personal", ""},
		{"the scheme's own place first", authReq{method: "POST", path: "/personal?personal_api_key=q", header: map[string]string{"Authorization": "Bearer p"}}, "personal", "p", "Authorization header", ""},
		{"mutual TLS is the TLS layer's", authReq{path: "/mtls"}, "", "", "", ""},
		{"an empty alternative is anonymous", authReq{path: "/either"}, "", "", "", ""},
		{"the first alternative still wins", authReq{path: "/either", header: map[string]string{"X-Key": "k"}}, "header", "k", "header X-Key", ""},
		{"no security", authReq{path: "/open", header: map[string]string{"X-Key": "k"}}, "", "", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			cred, perr := check(t, a, d, c.req)
			if c.kind != "" {
				if perr == nil || perr.Kind != c.kind || len(perr.Violations) != 1 || perr.Violations[0].In != "security" {
					t.Fatalf("refusal %+v, want kind %s with one security violation", perr, c.kind)
				}
				return
			}
			if perr != nil {
				t.Fatalf("refused: %+v", perr)
			}
			if c.scheme == "" {
				if cred != nil {
					t.Errorf("credential %+v, want none", cred)
				}
				return
			}
			if cred == nil || cred.Scheme != c.scheme || cred.Value != c.value || cred.Source != c.source || cred.Token != nil {
				t.Errorf("credential %+v, want %s %q from %s", cred, c.scheme, c.value, c.source)
			}
		})
	}
}

// With configured tokens, only they are credentials, each with its scopes
// (x:write implies x:read, * all) and the scope values it may use.
func TestTokens(t *testing.T) {
	t.Parallel()
	d := loadDoc(t, authDoc)
	a, err := New(d, Config{Tokens: map[string]Token{
		"all":    {Scopes: []string{"*"}},
		"reader": {Scopes: []string{"notes:read"}},
		"writer": {Scopes: []string{"notes:write"}},
		"none":   {},
		"p1":     {Scopes: []string{"*"}, Scoped: map[string][]string{"project_id": {"1"}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	bearer := func(method, path, tok string) authReq {
		return authReq{method: method, path: path, header: map[string]string{"Authorization": "Bearer " + tok}}
	}
	for _, c := range []struct {
		name string
		req  authReq
		kind problem.Kind
		vars map[string]string // the refusal's, where it has some
	}{
		{"no credential", authReq{path: "/notes"}, problem.KindNotAuthenticated, nil},
		{"unknown token", bearer("GET", "/notes", "nope"), problem.KindAuthenticationFailed, map[string]string{"source": "Authorization header"}},
		{"scope granted", bearer("GET", "/notes", "reader"), "", nil},
		{"write implies read", bearer("GET", "/notes", "writer"), "", nil},
		{"read does not imply write", bearer("POST", "/notes", "reader"), problem.KindPermissionDenied, map[string]string{"scope": "notes:write"}},
		{"no scopes", bearer("GET", "/notes", "none"), problem.KindPermissionDenied, map[string]string{"scope": "notes:read"}},
		{"every scope", bearer("POST", "/notes", "all"), "", nil},
		{"x-required-scope: none refuses tokens", bearer("POST", "/login", "all"), problem.KindCredentialRefused, nil},
		{"a scope value the token may use", bearer("GET", "/projects/1/notes", "p1"), "", nil},
		{"a scope value the token may not use", bearer("GET", "/projects/2/notes", "p1"), problem.KindScopeForbidden, map[string]string{"param": "project_id", "value": "2"}},
		{"a token without scope values uses any", bearer("GET", "/projects/2/notes", "all"), "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			cred, perr := check(t, a, d, c.req)
			if c.kind == "" {
				if perr != nil || cred == nil || cred.Token == nil {
					t.Fatalf("credential %+v, refusal %+v: want a token credential", cred, perr)
				}
				return
			}
			if perr == nil || perr.Kind != c.kind {
				t.Fatalf("refusal %+v, want kind %s", perr, c.kind)
			}
			if len(perr.Violations) != 1 || perr.Violations[0].Message == "" {
				t.Errorf("violations %+v, want one with a message", perr.Violations)
			}
			for k, v := range c.vars {
				if perr.Vars[k] != v {
					t.Errorf("vars %v, want %s=%s", perr.Vars, k, v)
				}
			}
		})
	}
}

func TestOpScopes(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		ext     string
		want    string
		refused bool
	}{
		{``, "", false},
		{`x-required-scope: notes:write`, "notes:write", false},
		{`x-required-scope: [notes:write, "projects:read  (the project)", ""]`, "notes:write projects:read", false},
		{`x-required-scope: none (personal API keys refused)`, "", true},
	} {
		d := loadDoc(t, `openapi: 3.0.3
info: {title: s, version: "1"}
paths:
  /x:
    get:
      `+c.ext+`
      responses: {'200': {description: ok}}
`)
		got, refused := opScopes(d.Operations[0])
		if strings.Join(got, " ") != c.want || refused != c.refused {
			t.Errorf("%q: %v %v, want %q %v", c.ext, got, refused, c.want, c.refused)
		}
	}
}
