package engine

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver/internal/spec"
)

const rateDoc = `openapi: 3.0.3
info: {title: rates, version: "1"}
x-mock-rate-limit: {burst: 2/minute}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
security: [{key: []}]
paths:
  /a:
    get:
      responses: {'200': {description: ok}, '429': {description: slow down}}
  /b:
    x-mock-rate-limit: {burst: 1/s, daily: 3/days}
    get:
      responses: {'200': {description: ok}, '429': {description: slow down}}
    post:
      x-mock-rate-limit: false
      responses: {'200': {description: ok}}
  /open:
    get:
      security: []
      responses: {'200': {description: ok}}
`

func rateEngine(t *testing.T, doc string, now *time.Time) (*Engine, error) {
	t.Helper()
	d, err := spec.Load([]byte(doc), spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return New(Config{Doc: d, RateLimit: true, Now: func() time.Time { return *now }})
}

func rateCall(e *Engine, method, path, key string) *Response {
	r := httptest.NewRequest(method, path, nil)
	if key != "" {
		r.Header.Set("X-Key", key)
	}
	resp, _ := e.Handle(r, nil)
	return resp
}

// Rates are data: the document's default, a path item's override (its own
// buckets), an operation's "false", and nothing for anonymous operations.
func TestRateLimitFromTheDocument(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	e, err := rateEngine(t, rateDoc, &now)
	if err != nil {
		t.Fatal(err)
	}
	statuses := func(method, path, key string, n int) string {
		var out []string
		for range n {
			out = append(out, http.StatusText(rateCall(e, method, path, key).Status))
		}
		return strings.Join(out, ",")
	}
	if got := statuses("GET", "/a", "k1", 3); got != "OK,OK,Too Many Requests" {
		t.Errorf("/a: %s", got)
	}
	resp := rateCall(e, "GET", "/a", "k1")
	if resp.Header.Get("Retry-After") != "60" || !strings.Contains(string(resp.Body), "retry in 60 seconds.") {
		t.Errorf("429: %v %s", resp.Header, resp.Body)
	}
	if got := statuses("GET", "/a", "k2", 1); got != "OK" {
		t.Errorf("another key: %s", got)
	}
	// /b: 1/second and 3/day; /a's bucket is not touched.
	if got := statuses("GET", "/b", "k3", 2); got != "OK,Too Many Requests" {
		t.Errorf("/b: %s", got)
	}
	now = now.Add(time.Second)
	statuses("GET", "/b", "k3", 1)
	now = now.Add(time.Second)
	statuses("GET", "/b", "k3", 1)
	now = now.Add(time.Second)
	if resp := rateCall(e, "GET", "/b", "k3"); resp.Status != 429 || resp.Header.Get("Retry-After") != "86397" {
		t.Errorf("daily: %d %v", resp.Status, resp.Header)
	}
	if got := statuses("POST", "/b", "k3", 5); got != "OK,OK,OK,OK,OK" {
		t.Errorf("POST /b (x-mock-rate-limit: false): %s", got)
	}
	if got := statuses("GET", "/open", "", 5); got != "OK,OK,OK,OK,OK" {
		t.Errorf("anonymous: %s", got)
	}
	if got := statuses("GET", "/a", "k4", 2); got != "OK,OK" {
		t.Errorf("k4: %s", got)
	}

	// Off unless Config.RateLimit.
	d, _ := spec.Load([]byte(rateDoc), spec.LoadOptions{})
	off, _ := New(Config{Doc: d, Now: func() time.Time { return now }})
	for range 5 {
		if s := rateCall(off, "GET", "/a", "k1").Status; s != 200 {
			t.Fatalf("rate limit off: %d", s)
		}
	}
}

func TestRateLimitBadValues(t *testing.T) {
	now := time.Now()
	for _, bad := range []string{"{burst: 10/fortnight}", "{burst: 0/minute}", "{burst: many}", "true", "[1]"} {
		doc := strings.Replace(rateDoc, "{burst: 2/minute}", bad, 1)
		if _, err := rateEngine(t, doc, &now); err == nil || !strings.Contains(err.Error(), "x-mock-rate-limit (document)") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}
