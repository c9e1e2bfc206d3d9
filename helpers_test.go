package mockserver_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/mockserver-go/mockserver"
)

// newNotes starts a server on the generic notes document.
func newNotes(t *testing.T, opts mockserver.Options) *mockserver.Server {
	t.Helper()
	data, err := os.ReadFile("testdata/specs/notes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	opts.Spec = data
	srv, err := mockserver.New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return srv
}

type reply struct {
	Status int
	Header http.Header
	Body   []byte
	JSON   map[string]any
	Array  []any
}

// call sends a request through ServeHTTP with a bearer token and decodes
// a JSON answer.
func call(t *testing.T, h http.Handler, method, path string, body any, hdr ...string) reply {
	t.Helper()
	var rd *bytes.Reader
	switch b := body.(type) {
	case nil:
		rd = bytes.NewReader(nil)
	case string:
		rd = bytes.NewReader([]byte(b))
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, path, rd)
	req.Header.Set("Authorization", "Bearer phx_test")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			req.Header.Del(hdr[i])
		} else {
			req.Header.Set(hdr[i], hdr[i+1])
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	r := reply{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	if len(r.Body) > 0 && (r.Body[0] == '{' || r.Body[0] == '[') {
		var v any
		if err := json.Unmarshal(r.Body, &v); err != nil {
			t.Fatalf("%s %s: invalid JSON answer %q: %v", method, path, r.Body, err)
		}
		r.JSON, _ = v.(map[string]any)
		r.Array, _ = v.([]any)
	}
	return r
}

func (r reply) must(t *testing.T, status int) reply {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; body: %s", r.Status, status, r.Body)
	}
	return r
}

// noResponseViolations fails when the mock's own answers broke the contract.
func noResponseViolations(t *testing.T, srv *mockserver.Server) {
	t.Helper()
	for _, v := range srv.Violations() {
		if v.In == "response" {
			t.Errorf("the mock's response broke the contract: %+v", v)
		}
	}
}
