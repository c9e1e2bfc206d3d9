package mockserver

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// bearer is the token authed sends.
const bearer = "Bearer phx_hardening_test_key"

// serve serves one request through h in process and returns the recorder
// (the package mockserver_test has call, which also decodes the answer).
//
//   - target is passed to httptest.NewRequest as it is: a bare path is
//     served with Host example.com.
//   - body "" sends no body (a nil reader); any other body is sent with
//     Content-Type: application/json.
//   - hdr is name, value pairs applied in order after that: a value sets
//     the header (it may replace the Content-Type), "" deletes it.
//   - No Authorization header is sent unless hdr sets one; authed is serve
//     with a token.
func serve(t *testing.T, h http.Handler, method, target, body string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, target, rd)
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			r.Header.Del(hdr[i])
		} else {
			r.Header.Set(hdr[i], hdr[i+1])
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// authed is serve with Authorization: bearer, set before hdr (so hdr may
// replace the token, or send none with "Authorization", ""), and the path
// on Host localhost ("http://localhost"+path), which list pages' next
// links are built from.
func authed(t *testing.T, h http.Handler, method, path, body string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	return serve(t, h, method, "http://localhost"+path, body, append([]string{"Authorization", bearer}, hdr...)...)
}

const (
	hfList = "/api/projects/1/hog_functions/"
	inList = "/api/projects/1/insights/"
)

func newHardServer(t *testing.T, opts Options) *Server {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// exportState is the whole store, byte for byte.

// exportState is the whole store, byte for byte.
func exportState(t *testing.T, s *Server) []byte {
	t.Helper()
	b, err := s.docs[0].eng.Export()
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	return b
}

// assertErrorFormat checks the contract's error body: a JSON object with
// exactly type, code, detail (strings) and attr (string or null).

// assertErrorFormat checks the contract's error body: a JSON object with
// exactly type, code, detail (strings) and attr (string or null).
func assertErrorFormat(t *testing.T, what string, w *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	if w.Code < 400 || w.Code >= 500 {
		t.Errorf("%s: status %d, want 4xx; body %.200s", what, w.Code, w.Body.String())
	}
	if w.Body.Len() == 0 {
		return nil // PostHog's empty 405 on DELETE is the contract's own answer
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type %q, want application/json", what, ct)
	}
	var body map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatalf("%s: body is not a JSON object: %v: %.200s", what, err, w.Body.String())
	}
	if len(body) != 4 {
		t.Errorf("%s: error body has keys %v, want type, code, detail, attr", what, keys(body))
	}
	for _, k := range []string{"type", "code", "detail"} {
		if s, ok := body[k].(string); !ok || s == "" {
			t.Errorf("%s: %s = %#v, want a non-empty string", what, k, body[k])
		}
	}
	if a, ok := body["attr"]; !ok {
		t.Errorf("%s: no attr", what)
	} else if _, isStr := a.(string); a != nil && !isStr {
		t.Errorf("%s: attr = %#v, want a string or null", what, a)
	}
	return body
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// warm seeds the collections the hostile requests address, so that any
// later change of the exported state is the request's doing.

// warm seeds the collections the hostile requests address, so that any
// later change of the exported state is the request's doing.
func warm(t *testing.T, s *Server) {
	t.Helper()
	for _, p := range []string{hfList, inList, "/api/environments/1/hog_functions/", "/api/environments/1/insights/"} {
		if w := authed(t, s, "GET", p, ""); w.Code != 200 {
			t.Fatalf("GET %s: %d %s", p, w.Code, w.Body)
		}
	}
}

func nested(open, close string, n int) string {
	return strings.Repeat(open, n) + strings.Repeat(close, n)
}
