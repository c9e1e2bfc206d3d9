package mockserver_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/mockserver-go/mockserver"
)

// lockedBuffer is a log destination the server's goroutines share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Len()
}

// TestValidationBounds sends, over a socket, bodies that used to cost
// without bound: an array of 200,000 items that each fail validation (a
// violation each, all kept, rendered and logged), and a megabyte of
// digits in an integer field (echoed whole in the answer, its
// X-Mock-Violations header and the log line). Each is answered 400 with a
// small body and header, and recorded with at most 101 violations.
func TestValidationBounds(t *testing.T) {
	t.Parallel()
	var logs lockedBuffer
	srv, err := mockserver.New(mockserver.Options{Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	const path = "/api/environments/1/hog_functions/"
	tests := []struct{ name, body string }{
		{"invalid items", `{"name":"x","type":"destination","hog":"return event","inputs_schema":[` + strings.Repeat("1,", 199_999) + `1]}`},
		{"megabyte of digits", `{"name":"x","type":"destination","hog":"return event","execution_order":` + strings.Repeat("7", 1<<20) + `}`},
		{"megabyte string", `{"name":"x","type":"destination","hog":"return event","execution_order":"` + strings.Repeat("7", 1<<20) + `"}`},
	}
	for _, tt := range tests {
		before := logs.Len()
		req, err := http.NewRequest("POST", ts.URL+path, strings.NewReader(tt.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer phx_test")
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Errorf("%s: status %d, want 400: %.300s", tt.name, resp.StatusCode, body)
		}
		if len(body) > 2048 || !json.Valid(body) {
			t.Errorf("%s: a %d-byte answer: %.300s", tt.name, len(body), body)
		}
		if h := resp.Header.Get("X-Mock-Violations"); h == "" || len(h) > 2048 {
			t.Errorf("%s: X-Mock-Violations of %d bytes: %.300s", tt.name, len(h), h)
		}
		if n := logs.Len() - before; n > 8192 {
			t.Errorf("%s: a log line of %d bytes", tt.name, n)
		}
		reqs := srv.Requests()
		last := reqs[len(reqs)-1]
		if n := len(last.Violations); n == 0 || n > 101 {
			t.Errorf("%s: %d violations recorded, want 1 to 101", tt.name, n)
		}
		for _, v := range last.Violations {
			if n := len(v.Field) + len(v.Expected) + len(v.Got) + len(v.Message); n > 2400 {
				t.Errorf("%s: a violation of %d bytes: %.300s", tt.name, n, v.Message)
			}
		}
	}
}

// TestLongMethodAndPathAreClipped sends a 10,000-character method, and an
// unknown 10,000-character path, over a socket: neither is echoed whole in
// the answer, its X-Mock-Violations header, the log line or the journal.
func TestLongMethodAndPathAreClipped(t *testing.T) {
	t.Parallel()
	var logs lockedBuffer
	srv, err := mockserver.New(mockserver.Options{Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	long := strings.Repeat("M", 10_000)
	tests := []struct{ name, method, path string }{
		{"method", long, "/api/environments/1/hog_functions/"},
		{"path", "GET", "/api/" + strings.Repeat("p", 10_000)},
	}
	for _, tt := range tests {
		before := logs.Len()
		req, err := http.NewRequest(tt.method, ts.URL+tt.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer phx_test")
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 405 && resp.StatusCode != 404 {
			t.Errorf("%s: status %d, want 405 or 404: %.300s", tt.name, resp.StatusCode, body)
		}
		if len(body) > 2048 {
			t.Errorf("%s: a %d-byte answer: %.300s", tt.name, len(body), body)
		}
		if h := resp.Header.Get("X-Mock-Violations"); len(h) > 2048 {
			t.Errorf("%s: X-Mock-Violations of %d bytes", tt.name, len(h))
		}
		if n := logs.Len() - before; n > 4096 {
			t.Errorf("%s: a log line of %d bytes", tt.name, n)
		}
		reqs := srv.Requests()
		last := reqs[len(reqs)-1]
		if n := len(last.Method) + len(last.Path); n > 1024 {
			t.Errorf("%s: the journal keeps a %d-byte method and path", tt.name, n)
		}
		for _, v := range last.Violations {
			if n := len(v.Field) + len(v.Expected) + len(v.Got) + len(v.Message); n > 1200 {
				t.Errorf("%s: a violation of %d bytes: %.300s", tt.name, n, v.Message)
			}
		}
	}
}
