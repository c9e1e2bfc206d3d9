package access

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// Token is a credential the server accepts when tokens are configured.
type Token struct {
	// Scopes granted; "*" grants all, "x:write" implies "x:read".
	Scopes []string
	// Scoped restricts the values of state-partitioning path parameters
	// (e.g. project_id -> ["1", "2"]). Empty: any value.
	Scoped map[string][]string
}

// Credential is what a request authenticated with.
type Credential struct {
	Scheme string
	Value  string
	// Source says where it came from: "Authorization header", "body",
	// "query string", "header X", "cookie X".
	Source string
	Token  *Token
}

// credentialSource is one place a scheme's credential may be found, from
// the scheme's x-mock-credential-sources.
type credentialSource struct {
	In   string `json:"in"`
	Name string `json:"name"`
}

// authenticate checks the operation's security requirements. With no
// tokens configured, any credential of the right shape is valid and has
// every scope.
func (a *Access) authenticate(r *http.Request, body []byte, op *spec.Operation, params map[string]string) (*Credential, *problem.Error) {
	reqs := op.Security
	if len(reqs) == 0 {
		return nil, nil
	}
	var firstErr *problem.Error
	for _, req := range reqs {
		if len(req) == 0 {
			return nil, nil // an empty alternative means anonymous is fine
		}
		cred, scopes, perr := a.satisfy(r, body, req)
		if perr == nil {
			if perr = authorize(op, params, cred, scopes); perr == nil {
				return cred, nil
			}
		}
		if firstErr == nil || (firstErr.Kind == problem.KindNotAuthenticated && perr.Kind != problem.KindNotAuthenticated) {
			firstErr = perr
		}
	}
	return nil, firstErr
}

func (a *Access) satisfy(r *http.Request, body []byte, req openapi3.SecurityRequirement) (*Credential, []string, *problem.Error) {
	var cred *Credential
	var scopes []string
	for name, sc := range req {
		scopes = append(scopes, sc...)
		ref := a.doc.T.Components.SecuritySchemes[name]
		if ref == nil || ref.Value == nil {
			continue
		}
		if ref.Value.Type == "mutualTLS" {
			// A client certificate is checked by the TLS layer, before
			// any request reaches a mock: nothing to look for here.
			continue
		}
		got := find(r, body, ref.Value, a.sources[name])
		if got == nil {
			v := problem.Violation{In: "security", Field: name, Code: "not_authenticated", Expected: describeScheme(ref.Value), Got: "no credentials",
				Message: "The operation requires " + describeScheme(ref.Value) + "."}
			return nil, nil, &problem.Error{Kind: problem.KindNotAuthenticated, Violations: []problem.Violation{v}}
		}
		got.Scheme = name
		if len(a.cfg.Tokens) > 0 {
			tok, ok := a.cfg.Tokens[got.Value]
			if !ok {
				v := problem.Violation{In: "security", Field: name, Code: "authentication_failed", Expected: "a configured token", Got: "an unknown token",
					Message: "The credential found in the " + got.Source + " is not a configured token."}
				return nil, nil, &problem.Error{Kind: problem.KindAuthenticationFailed, Vars: map[string]string{"source": got.Source},
					Violations: []problem.Violation{v}}
			}
			got.Token = &tok
		}
		cred = got
	}
	return cred, scopes, nil
}

func authorize(op *spec.Operation, params map[string]string, cred *Credential, scopes []string) *problem.Error {
	if cred == nil || cred.Token == nil {
		return nil
	}
	opScopes, refused := opScopes(op)
	if refused {
		v := problem.Violation{In: "security", Code: "credential_refused", Expected: "another kind of credential (x-required-scope: none)",
			Got: "a configured token", Message: "The operation does not accept this kind of credential."}
		return &problem.Error{Kind: problem.KindCredentialRefused, Violations: []problem.Violation{v}}
	}
	scopes = append(append([]string(nil), scopes...), opScopes...)
	for _, need := range scopes {
		if !hasScope(cred.Token.Scopes, need) {
			v := problem.Violation{In: "security", Code: "permission_denied", Expected: "scope " + need, Got: "scopes " + strings.Join(cred.Token.Scopes, ", "),
				Message: "The credential lacks the scope " + need + "."}
			return &problem.Error{Kind: problem.KindPermissionDenied, Vars: map[string]string{"scope": need}, Violations: []problem.Violation{v}}
		}
	}
	for param, allowed := range cred.Token.Scoped {
		val, ok := params[param]
		if !ok || slices.Contains(allowed, val) {
			continue
		}
		v := problem.Violation{In: "security", Field: param, Code: "permission_denied", Expected: param + " in " + strings.Join(allowed, ", "), Got: problem.Clip(val),
			Message: "The credential has no access to " + param + " " + val + "."}
		return &problem.Error{Kind: problem.KindScopeForbidden, Vars: map[string]string{"param": param, "value": val}, Violations: []problem.Violation{v}}
	}
	return nil
}

// opScopes reads the operation's x-required-scope: the scopes a configured
// token needs (a string or a list), or "none …" for an operation that
// refuses token credentials altogether.
func opScopes(op *spec.Operation) (scopes []string, refused bool) {
	if op.Op == nil {
		return nil, false
	}
	raw, ok := op.Op.Extensions["x-required-scope"]
	if !ok {
		return nil, false
	}
	var v any
	if m, ok := raw.(json.RawMessage); ok {
		_ = json.Unmarshal(m, &v)
	} else {
		v = raw
	}
	var list []string
	switch x := v.(type) {
	case string:
		list = []string{x}
	case []any:
		for _, el := range x {
			if s, ok := el.(string); ok {
				list = append(list, s)
			}
		}
	}
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if w := strings.Fields(s)[0]; w == "none" {
			return nil, true
		}
		scopes = append(scopes, strings.Fields(s)[0])
	}
	return scopes, false
}

func hasScope(granted []string, need string) bool {
	for _, g := range granted {
		if g == "*" || g == need {
			return true
		}
		if strings.HasSuffix(need, ":read") && g == strings.TrimSuffix(need, ":read")+":write" {
			return true
		}
	}
	return false
}

// credentialSources reads the x-mock-credential-sources of doc's security
// schemes, by scheme name.
func credentialSources(doc *spec.Doc) map[string][]credentialSource {
	out := map[string][]credentialSource{}
	if doc.T.Components == nil {
		return out
	}
	for name, ref := range doc.T.Components.SecuritySchemes {
		if ref == nil || ref.Value == nil {
			continue
		}
		raw, ok := ref.Value.Extensions["x-mock-credential-sources"]
		if !ok {
			continue
		}
		var extra []credentialSource
		if b, err := json.Marshal(raw); err == nil {
			_ = json.Unmarshal(b, &extra)
		}
		out[name] = extra
	}
	return out
}

// find looks for a scheme's credential in the request: where the scheme
// says, then in its extra sources.
func find(r *http.Request, body []byte, s *openapi3.SecurityScheme, extra []credentialSource) *Credential {
	switch s.Type {
	case "http", "oauth2", "openIdConnect":
		want := "bearer"
		if s.Type == "http" && s.Scheme != "" {
			want = strings.ToLower(s.Scheme)
		}
		if h := r.Header.Get("Authorization"); h != "" {
			word, val, _ := strings.Cut(h, " ")
			if strings.EqualFold(word, want) && strings.TrimSpace(val) != "" {
				return &Credential{Value: strings.TrimSpace(val), Source: "Authorization header"}
			}
		}
	case "apiKey":
		switch s.In {
		case "header":
			if v := r.Header.Get(s.Name); v != "" {
				return &Credential{Value: v, Source: "header " + s.Name}
			}
		case "query":
			if v := r.URL.Query().Get(s.Name); v != "" {
				return &Credential{Value: v, Source: "query string"}
			}
		case "cookie":
			if ck, err := r.Cookie(s.Name); err == nil && ck.Value != "" {
				return &Credential{Value: ck.Value, Source: "cookie " + s.Name}
			}
		}
	}
	for _, src := range extra {
		switch src.In {
		case "query":
			if v := r.URL.Query().Get(src.Name); v != "" {
				return &Credential{Value: v, Source: "query string"}
			}
		case "body":
			if v := bodyField(body, r.Header.Get("Content-Type"), src.Name); v != "" {
				return &Credential{Value: v, Source: "body"}
			}
		case "header":
			if v := r.Header.Get(src.Name); v != "" {
				return &Credential{Value: v, Source: "header " + src.Name}
			}
		}
	}
	return nil
}

func bodyField(body []byte, ct, name string) string {
	if len(body) == 0 || !strings.Contains(ct, "json") {
		return ""
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return ""
	}
	var s string
	if json.Unmarshal(m[name], &s) != nil {
		return ""
	}
	return s
}

func describeScheme(s *openapi3.SecurityScheme) string {
	switch s.Type {
	case "http":
		if s.Scheme == "" {
			return "an Authorization header"
		}
		return "an Authorization: " + strings.ToUpper(s.Scheme[:1]) + s.Scheme[1:] + " header"
	case "apiKey":
		return "an API key in " + s.In + " " + s.Name
	default:
		return "an Authorization: Bearer header"
	}
}
