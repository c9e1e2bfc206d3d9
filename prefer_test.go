package mockserver

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// A Prism user's test, pointed at the PostHog contract: status and
// example selection from the contract bypass state, __ parameters are not
// contract violations.
func TestPrismStyleRequestsOnTheContract(t *testing.T) {
	srv, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	auth := []string{"Authorization", "Bearer phx_x"}
	const list = "/api/projects/1/hog_functions/"
	r := serve(t, srv, "GET", list+"?__code=404", "", auth...)
	if r.Code != 404 || strings.Contains(r.Header().Get("Content-Type"), "problem") {
		t.Fatalf("__code=404 should answer the contract's declared 404: %d %s", r.Code, r.Body.String())
	}
	r = serve(t, srv, "GET", list, "", append(auth, "Prefer", "code=599")...)
	if r.Code != 404 || r.Header().Get("Content-Type") != "application/problem+json" || !strings.Contains(r.Body.String(), "599") {
		t.Fatalf("undeclared code: %d %s", r.Code, r.Body.String())
	}
	r = serve(t, srv, "GET", list+"?__dynamic=true&__seed=9", "", auth...)
	if r.Code != 200 {
		t.Fatalf("__ params: %d %s", r.Code, r.Body.String())
	}
	last := srv.Requests()[len(srv.Requests())-1]
	if len(last.Violations) != 0 {
		t.Fatalf("__ parameters reported as violations: %+v", last.Violations)
	}
}

// Prefer: delay is applied; the computed delay is tested in the engine, so
// this only checks that a client timeout shorter than the delay fires and
// that delay=0 overrides the configured latency.
func TestPreferDelayEndToEnd(t *testing.T) {
	srv, err := New(Options{Latency: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	get := func(prefer string, timeout time.Duration) error {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/api/projects/1/hog_functions/", nil)
		req.Header.Set("Authorization", "Bearer phx_x")
		req.Header.Set("Prefer", prefer)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != 200 {
				return errors.New(resp.Status)
			}
		}
		return err
	}
	if err := get("delay=0", 10*time.Second); err != nil {
		t.Fatalf("delay=0 should answer at once despite --latency 1h: %v", err)
	}
	if err := get("delay=20s", 50*time.Millisecond); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("delay=20s with a 50ms client timeout: %v", err)
	}
}
