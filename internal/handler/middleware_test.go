package handler_test

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/internal/exchange"
	"github.com/mockserver-go/mockserver/internal/handler"
)

func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGzipRequestBody(t *testing.T) {
	t.Parallel()
	h, fake, jr := newPets(t, func(c *handler.Config) { c.MaxBody = 1 << 10 })
	post := func(body []byte) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/pets", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Content-Encoding", "gzip")
		return r
	}
	w, body := do(h, post(gzipped(t, `{"name":"rex"}`)))
	if w.Code != http.StatusCreated || body["name"] != "rex" || len(fake.bodies) != 1 || fake.bodies[0] != `{"name":"rex"}` {
		t.Fatalf("gzip body: %d %s; the pipeline got %q", w.Code, w.Body, fake.bodies)
	}
	if got := jr.Entries()[0].ReqBody; got != `{"name":"rex"}` {
		t.Errorf("journal keeps %q, want the decoded body", got)
	}

	// Not gzip although it says so: a 400 that says why, not a 500.
	w, _ = do(h, post([]byte(`{"name":"rex"}`)))
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "gzip") {
		t.Errorf("not gzip: %d %s", w.Code, w.Body)
	}

	// The limit counts decoded bytes: 2 KB of JSON compresses to a few
	// dozen bytes, and is still too large.
	big := `{"name":"` + strings.Repeat("a", 2<<10) + `"}`
	w, _ = do(h, post(gzipped(t, big)))
	if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), "1024") {
		t.Errorf("gzip bomb: %d %s", w.Code, w.Body)
	}
	if e := jr.Entries()[len(jr.Entries())-1]; e.OperationID != "createPet" || e.Status != 413 {
		t.Errorf("413 journal entry: %+v", e)
	}
	if len(fake.bodies) != 1 {
		t.Errorf("refused bodies reached the pipeline: %q", fake.bodies)
	}
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	h, _, jr := newPets(t, func(c *handler.Config) { c.MaxBody = 16 })
	for _, declared := range []bool{true, false} {
		body := `{"name":"a long name"}`
		r := httptest.NewRequest(http.MethodPost, "/pets", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		if !declared {
			r.ContentLength = -1 // chunked: found while reading
		}
		w, resp := do(h, r)
		if w.Code != http.StatusRequestEntityTooLarge || resp["status"] != 413.0 || !strings.Contains(w.Header().Get("Content-Type"), "problem+json") {
			t.Errorf("declared=%v: %d %s %v", declared, w.Code, w.Body, w.Header())
		}
	}
	for _, e := range jr.Entries() {
		if e.OperationID != "createPet" || len(e.Violations) != 1 || e.Violations[0].Code != "payload_too_large" {
			t.Errorf("journal entry %+v", e)
		}
	}
}

func TestPanicIsA500InTheContractFormat(t *testing.T) {
	t.Parallel()
	h, _, _ := newPets(t, func(c *handler.Config) {
		c.Answer = func(*http.Request, []byte) (*exchange.Response, *exchange.Exchange) { panic("boom") }
	})
	w, body := do(h, httptest.NewRequest(http.MethodGet, "/pets", nil))
	if w.Code != http.StatusInternalServerError || body["status"] != 500.0 {
		t.Errorf("panic: %d %s", w.Code, w.Body)
	}
}

func TestCORS(t *testing.T) {
	t.Parallel()
	preflight := func(path string) *http.Request {
		r := httptest.NewRequest(http.MethodOptions, path, nil)
		r.Header.Set("Origin", "http://localhost:3000")
		r.Header.Set("Access-Control-Request-Method", "POST")
		r.Header.Set("Access-Control-Request-Headers", "authorization, x-custom")
		return r
	}
	for _, creds := range []bool{false, true} {
		h, _, _ := newPets(t, func(c *handler.Config) { c.CORSCredentials = creds })
		w, _ := do(h, preflight("/pets"))
		hd := w.Header()
		if w.Code != http.StatusNoContent || hd.Get("Access-Control-Allow-Origin") != "http://localhost:3000" ||
			hd.Get("Access-Control-Allow-Headers") != "authorization, x-custom" || !strings.Contains(hd.Get("Access-Control-Allow-Methods"), "PATCH") {
			t.Errorf("preflight: %d %v", w.Code, hd)
		}
		if got := hd.Get("Access-Control-Allow-Credentials") == "true"; got != creds {
			t.Errorf("credentials %v: Allow-Credentials %q", creds, hd.Get("Access-Control-Allow-Credentials"))
		}
		r := httptest.NewRequest(http.MethodGet, "/pets", nil)
		r.Header.Set("Origin", "http://localhost:3000")
		w, _ = do(h, r)
		if w.Header().Get("Access-Control-Allow-Origin") != "http://localhost:3000" || !strings.Contains(w.Header().Get("Access-Control-Expose-Headers"), "X-Mock-Violations") {
			t.Errorf("simple request: %v", w.Header())
		}
		// The admin endpoints get no CORS headers at all.
		w, _ = do(h, preflight("/__mock/stop"))
		if w.Header().Get("Access-Control-Allow-Origin") != "" || w.Header().Get("Access-Control-Allow-Credentials") != "" {
			t.Errorf("admin preflight: %d %v", w.Code, w.Header())
		}
	}
}

// ServeHTTP may be handed a client's request, whose Body is nil.
func TestRequestWithoutBody(t *testing.T) {
	t.Parallel()
	h, _, _ := newPets(t, nil)
	for _, enc := range []string{"", "gzip"} {
		r, err := http.NewRequest(http.MethodGet, "/pets", nil)
		if err != nil {
			t.Fatal(err)
		}
		if enc != "" {
			r.Header.Set("Content-Encoding", enc)
		}
		if w, _ := do(h, r); w.Code != http.StatusOK {
			t.Errorf("Content-Encoding %q: %d %s", enc, w.Code, w.Body)
		}
	}
}
