package mockserver_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
)

// A gateway's 503 is not in PostHog's contract: asked for explicitly, it
// is answered in the contract's error format, and the report shows it as
// a status the operation does not declare.
func TestFaultUndeclaredStatus(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.Options{EmptyState: true})
	const op = "environments_hog_functions_create"
	if err := s.Fail(op, mockserver.Fault{Status: 503, Undeclared: true, RetryAfter: 7}); err != nil {
		t.Fatal(err)
	}
	resp, body := send(t, s.Client(), "POST", hogFunctions, `{"name":"x","hog":"return 1"}`)
	var got map[string]any
	if err := json.Unmarshal(body, &got); err != nil || resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "7" || got["type"] == nil {
		t.Fatalf("%d Retry-After=%q %s (%v), want 503 in the contract's error format", resp.StatusCode, resp.Header.Get("Retry-After"), body, err)
	}
	if resp.Header.Get("X-Mock-Violations") != "" {
		t.Errorf("an asked-for status is not the mock's violation: %s", resp.Header.Get("X-Mock-Violations"))
	}
	if n := len(s.List("hog_functions", map[string]string{"project_id": "1"})); n != 0 {
		t.Errorf("the 503 stored %d functions", n)
	}
	rep := s.Report()
	for _, o := range rep.Operations {
		if o.ID == op && !slices.Contains(o.Undeclared, "503") {
			t.Errorf("report: %s statuses_undeclared %v, want 503", op, o.Undeclared)
		}
	}
	// Through the admin endpoint too; without undeclared it is refused.
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	for _, tt := range []struct {
		body string
		want int
	}{
		{`{"operation":"` + op + `","status":502}`, 400},
		{`{"operation":"` + op + `","status":502,"undeclared":true}`, 201},
		{`{"operation":"` + op + `","status":999,"undeclared":true}`, 400},
	} {
		r, err := http.Post(ts.URL+"/__mock/faults", "application/json", strings.NewReader(tt.body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode != tt.want {
			t.Errorf("POST /__mock/faults %s: %d %s, want %d", tt.body, r.StatusCode, b, tt.want)
		}
	}
	if resp, _ := send(t, s.Client(), "POST", hogFunctions, `{"name":"x","hog":"return 1"}`); resp.StatusCode != 502 {
		t.Errorf("after POST /__mock/faults: %d, want 502", resp.StatusCode)
	}
}

// Network faults through the public API, by count, over a socket: a reset
// create stores nothing; a truncated one was processed.
func TestFaultNetwork(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.Options{EmptyState: true})
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	const op = "environments_hog_functions_create"
	url := ts.URL + "/api/environments/1/hog_functions/"
	create := func() (int, error) {
		// A new connection each time, as after a broken one.
		c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		req, _ := http.NewRequest("POST", url, strings.NewReader(`{"name":"x","hog":"return 1"}`))
		req.Header.Set("Authorization", authHeader)
		req.Header.Set("Content-Type", "application/json")
		resp, err := c.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		_, err = io.ReadAll(resp.Body)
		return resp.StatusCode, err
	}
	if err := s.Fail(op, mockserver.Fault{Network: mockserver.ConnectionReset, Times: 2}); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if st, err := create(); err == nil {
			t.Errorf("reset %d: answered %d", i, st)
		}
	}
	if n := len(s.List("hog_functions", map[string]string{"project_id": "1"})); n != 0 {
		t.Errorf("reset creates stored %d functions", n)
	}
	if err := s.Fail(op, mockserver.Fault{Network: mockserver.TruncatedBody}); err != nil {
		t.Fatal(err)
	}
	if st, err := create(); !errors.Is(err, io.ErrUnexpectedEOF) || st != 201 {
		t.Errorf("truncated: %d %v, want 201 and an unexpected EOF", st, err)
	}
	if n := len(s.List("hog_functions", map[string]string{"project_id": "1"})); n != 1 {
		t.Errorf("truncated create stored %d functions, want 1", n)
	}
	if st, err := create(); st != 201 || err != nil {
		t.Errorf("after the faults: %d %v", st, err)
	}
	// The admin endpoint takes the same faults.
	r, err := http.Post(ts.URL+"/__mock/faults", "application/json", strings.NewReader(`{"operation":"`+op+`","network":"empty_response"}`))
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != 201 {
		t.Fatalf("POST /__mock/faults network: %d", r.StatusCode)
	}
	if st, err := create(); err == nil {
		t.Errorf("empty response: answered %d", st)
	}
	// In process there is no connection: the call fails.
	if err := s.Fail(op, mockserver.Fault{Network: mockserver.ConnectionReset}); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", hogFunctions, strings.NewReader(`{"name":"x","hog":"return 1"}`))
	req.Header.Set("Authorization", authHeader)
	req.Header.Set("Content-Type", "application/json")
	if resp, err := s.Client().Do(req); err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil {
			t.Errorf("in process: answered %d", resp.StatusCode)
		}
	}
}
