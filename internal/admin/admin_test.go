package admin_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/internal/admin"
	"github.com/mockserver-go/mockserver/internal/engine"
	"github.com/mockserver-go/mockserver/internal/handler"
	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/spec"
)

const doc = `openapi: 3.0.3
info: {title: Notes, version: "2"}
paths:
  /notes:
    get:
      operationId: notes_list
      responses:
        '200':
          description: ok
          headers: {X-Total: {schema: {type: integer}}}
          content: {application/json: {schema: {type: array, items: {type: string}}}}
        '503': {description: down}
    post:
      operationId: notes_create
      responses: {'201': {description: made}, '4XX': {description: bad}}
`

// server is the handler with the admin routes, as the root package builds
// it for one document.
func server(t *testing.T) http.Handler {
	t.Helper()
	d, err := spec.Load([]byte(doc), spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(engine.Config{Doc: d})
	if err != nil {
		t.Fatal(err)
	}
	jr := journal.New(0)
	return handler.New(handler.Config{Engine: eng, Journal: jr, Admin: admin.Mount(admin.Config{Engine: eng, Journal: jr})})
}

func do(t *testing.T, h http.Handler, method, target, body string, out any) int {
	t.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if out != nil {
		if err := json.Unmarshal(w.Body.Bytes(), out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, target, err, w.Body)
		}
	}
	return w.Code
}

// The journal keeps the answer's headers beside the request's.
func TestRequestShowsResponseHeaders(t *testing.T) {
	h := server(t)
	if code := do(t, h, "GET", "/notes", "", nil); code != 200 {
		t.Fatal(code)
	}
	var e struct {
		ResponseHeaders map[string]string `json:"response_headers"`
	}
	do(t, h, "GET", "/__mock/requests/1", "", &e)
	if !strings.HasPrefix(e.ResponseHeaders["Content-Type"], "application/json") || e.ResponseHeaders["X-Total"] == "" {
		t.Fatalf("response headers: %+v", e.ResponseHeaders)
	}
}
