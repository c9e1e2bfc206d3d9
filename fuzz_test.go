package mockserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// FuzzRequest sends arbitrary requests through the whole handler: whatever
// the method, path, query, headers and body, the answer is never a 5xx or
// a panic, and every error is in the contract's format.
func FuzzRequest(f *testing.F) {
	f.Add("GET", hfList, "limit=2&offset=1", "Authorization: Bearer phx_k", "")
	f.Add("POST", hfList, "", "Content-Type: application/json\nAuthorization: Bearer phx_k", `{"name":"x","hog":"return 1"}`)
	f.Add("PATCH", inList+"1/", "", "Content-Type: application/json\nAuthorization: Bearer phx_k", `{"name":"y","deleted":true}`)
	f.Add("POST", inList, "", "Content-Type: application/json", `{"filters":{"a":[[[[1]]]]}}`)
	f.Add("DELETE", "/api/environments/1/insights/2/", "", "Authorization: Bearer phx_k", "")
	f.Add("GET", "/api/projects/1/insights/", "short_id=x&saved=maybe&order=-created_at&limit=1e9", "Authorization: Bearer phx_k", "")
	f.Add("POST", hfList, "", "Content-Type: application/x-www-form-urlencoded\nAuthorization: Bearer phx_k", "name=a&hog=b&enabled=on")
	f.Add("POST", hfList, "", "Content-Type: multipart/form-data; boundary=xx\nAuthorization: Bearer phx_k", "--xx\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nz\r\n--xx--\r\n")
	f.Add("PUT", "/api/projects/1/hog_functions/%2e%2e/", "", "Authorization: Basic x", "[")
	f.Add("OPTIONS", hfList, "", "Origin: http://a\nAccess-Control-Request-Method: POST", "")
	f.Add("GET", "/__mock/requests", "limit=-1&after=x", "", "")
	f.Add("POST", "/__mock/faults", "", "Content-Type: application/json", `{"operation":"hog_functions_list","status":200,"times":1}`)
	f.Add("GET", "/api/projects/1/hog_functions/00000000-0000-0000-0000-000000000000/logs/", "limit=5&level=x", "Authorization: Bearer phx_k", "")
	// One server for every input, so state built by earlier inputs is in
	// play. The admin token keeps the fuzzer from injecting faults (which
	// answer whatever status they are told to) while still fuzzing the
	// admin routes' refusals.
	s, err := New(Options{Seed: 1, AdminToken: "fuzz-admin-token", JournalSize: 10})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, method, path, query, headers, body string) {
		if !validMethod(method) || len(body) > 1<<16 {
			t.Skip()
		}
		u := &url.URL{Scheme: "http", Host: "localhost", Path: "/" + strings.TrimLeft(path, "/"), RawQuery: query}
		if _, err := url.ParseRequestURI(u.RequestURI()); err != nil {
			t.Skip()
		}
		r, err := http.NewRequest(method, u.String(), strings.NewReader(body))
		if err != nil {
			t.Skip()
		}
		for _, line := range strings.Split(headers, "\n") {
			k, v, ok := strings.Cut(line, ":")
			if ok && validHeaderName(k) {
				r.Header.Add(k, strings.TrimSpace(v))
			}
		}
		w := serveWithin(t, s, r)
		if w.Code >= 500 || w.Code < 100 {
			// A fault the fuzzer injected through /__mock/faults may ask for
			// any status: that is the client's wish, not a failure.
			if !strings.HasPrefix(u.Path, "/__mock/") {
				t.Fatalf("%s %s?%s: status %d: %s", method, u.Path, query, w.Code, w.Body.String())
			}
		}
		if w.Code >= 400 && w.Code < 500 && w.Body.Len() > 0 && !strings.HasPrefix(u.Path, "/__mock") {
			var e map[string]any
			if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
				t.Fatalf("%d body is not JSON: %v: %.200s", w.Code, err, w.Body.String())
			}
			if _, ok := e["detail"]; !ok && !bytes.Contains(w.Body.Bytes(), []byte("detail")) {
				t.Fatalf("%d body is not in the error format: %.200s", w.Code, w.Body.String())
			}
		}
		if ct := w.Header().Get("Content-Type"); strings.Contains(ct, "json") && !json.Valid(w.Body.Bytes()) && method != http.MethodHead {
			t.Fatalf("invalid JSON answered as %s: %.200s", ct, w.Body.String())
		}
		if !utf8.Valid(w.Body.Bytes()) && strings.Contains(w.Header().Get("Content-Type"), "json") {
			t.Fatalf("invalid UTF-8 in a JSON answer")
		}
	})
}

// serveWithin serves r and fails (instead of hanging the fuzzer) when
// the answer takes longer than a generous limit.
func serveWithin(t *testing.T, s http.Handler, r *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.ServeHTTP(w, r)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s %s: no answer after 10s (a hang)", r.Method, r.URL.String())
	}
	return w
}

func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for _, c := range m {
		if c <= ' ' || c >= 0x7f || strings.ContainsRune("()<>@,;:\\\"/[]?={}", c) {
			return false
		}
	}
	return true
}

func validHeaderName(k string) bool { return validMethod(k) }

// FuzzPatch sends arbitrary PATCH bodies at a stored object: the object
// always still validates against the contract, and a refused PATCH changes
// nothing at all.
func FuzzPatch(f *testing.F) {
	for _, seed := range []string{
		`{"name":"renamed"}`, `{"name":null}`, `{"name":5}`, `{"order":1.5}`, `{"deleted":true}`, `{"deleted":false}`,
		`{"filters":{"a":1},"query":null}`, `{"name":"ok","saved":"yes"}`, `{"id":99,"short_id":"x"}`, `{"tags":["a",1]}`,
		`{"dashboards":[1,2,"x"]}`, `[]`, `null`, `"str"`, `{"name":"a","name":5}`, `{"query":{"kind":"TrendsQuery","series":[]}}`,
		`{"description":"` + strings.Repeat("d", 500) + `"}`, `{"name":"\ud800"}`, `{"order":1e400}`, `{` + strings.Repeat(`"a":{`, 70),
	} {
		f.Add(seed, "application/json")
	}
	f.Add(`name=x&saved=true`, "application/x-www-form-urlencoded")
	s, err := New(Options{Seed: 2})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body, ctype string) {
		if len(body) > 1<<16 {
			t.Skip()
		}
		s.Reset() // every input starts from the same seeded object
		scope := map[string]string{"project_id": "1"}
		res := s.docs[0].eng.Doc().Resources["insights"]
		if len(s.List("insights", scope)) == 0 { // seeds the collection
			t.Fatal("no seeded insights")
		}
		before := exportState(t, s)
		r := httptest.NewRequest("PATCH", "http://localhost"+inList+"1/", strings.NewReader(body))
		r.Header.Set("Authorization", bearer)
		r.Header.Set("Content-Type", ctype)
		w := serveWithin(t, s, r)
		if w.Code >= 500 {
			t.Fatalf("PATCH %q: %d %s", body, w.Code, w.Body)
		}
		after := exportState(t, s)
		if w.Code >= 400 && !bytes.Equal(before, after) {
			t.Fatalf("PATCH %q answered %d but changed the state", body, w.Code)
		}
		obj, _, ok := s.Get("insights", scope, "1")
		if !ok {
			t.Fatalf("the object is gone after PATCH %q", body)
		}
		if vs := s.docs[0].eng.Validator().Schema(res.Schema, withoutWriteOnly(res.Schema, obj), true, "body", ""); len(vs) > 0 {
			t.Fatalf("after PATCH %q (%d) the stored object no longer validates: %v", body, w.Code, vs)
		}
	})
}

// withoutWriteOnly drops the properties a response never shows (the
// stored object keeps them, as the real server does).
func withoutWriteOnly(schema *openapi3.Schema, obj map[string]any) map[string]any {
	out := make(map[string]any, len(obj))
	for k, v := range obj {
		if p := schema.Properties[k]; p != nil && p.Value != nil && p.Value.WriteOnly {
			continue
		}
		out[k] = v
	}
	return out
}
