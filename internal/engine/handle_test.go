package engine

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver/internal/spec"
)

// The pipeline renders access's refusals in the contract's error format:
// a used-up rate is a 429 with its Retry-After and its wait in words; a
// missing credential is recorded as a violation of the exchange.
func TestAccessRefusalsAreAnswered(t *testing.T) {
	t.Parallel()
	d, err := spec.Load([]byte(`openapi: 3.0.3
info: {title: rates, version: "1"}
x-mock-rate-limit: {burst: 1/minute}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
security: [{key: []}]
paths:
  /a:
    get:
      responses: {'200': {description: ok}, '429': {description: slow down}}
`), spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	e, err := New(Config{Doc: d, RateLimit: true, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	get := func(key string) (*Response, *Exchange) {
		r := httptest.NewRequest("GET", "/a", nil)
		if key != "" {
			r.Header.Set("X-Key", key)
		}
		return e.Handle(r, nil)
	}
	if resp, _ := get("k"); resp.Status != 200 {
		t.Fatalf("first: %d %s", resp.Status, resp.Body)
	}
	resp, _ := get("k")
	if resp.Status != 429 || resp.Header.Get("Retry-After") != "60" || !strings.Contains(string(resp.Body), "retry in 60 seconds.") {
		t.Errorf("429: %d %v %s", resp.Status, resp.Header, resp.Body)
	}
	if err := e.Reset(); err != nil {
		t.Fatal(err)
	}
	if resp, _ := get("k"); resp.Status != 200 {
		t.Errorf("after Reset: %d %s", resp.Status, resp.Body)
	}
	resp, ex := get("")
	if resp.Status != 401 || len(ex.Violations) != 1 || ex.Violations[0].Code != "not_authenticated" || resp.Header.Get("X-Mock-Violations") == "" {
		t.Errorf("401: %d %+v %v", resp.Status, ex.Violations, resp.Header)
	}
}
