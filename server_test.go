package mockserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver"
)

const (
	hogFunctions = "http://posthog.test/api/environments/1/hog_functions/"
	authHeader   = "Bearer phx_anything"
)

func newServer(t testing.TB, opts mockserver.Options) *mockserver.Server {
	t.Helper()
	s, err := mockserver.New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

// send makes one request and returns the response with its body read.
func send(t testing.TB, c *http.Client, method, url, body string) (*http.Response, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", authHeader)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, url, err)
	}
	return resp, b
}

func decode(t testing.TB, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("decoding %q: %v", b, err)
	}
	return m
}

func TestZeroOptionsServeTheEmbeddedContract(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.Options{})
	if !strings.Contains(s.Title(), "PostHog") {
		t.Errorf("Title() = %q, want the embedded PostHog contract", s.Title())
	}
	if got := s.Operations(); got != len(s.OperationIDs()) || got < 20 {
		t.Errorf("Operations() = %d, OperationIDs() has %d", got, len(s.OperationIDs()))
	}
	resp, body := send(t, s.Client(), "GET", hogFunctions, "")
	if resp.StatusCode != 200 {
		t.Fatalf("GET list: %d %s", resp.StatusCode, body)
	}
	// The zero value seeds state: the list is not empty.
	if n := decode(t, body)["count"]; n == nil || n.(float64) < 1 {
		t.Errorf("count = %v, want seeded objects", n)
	}
}

func TestNewNeverPanics(t *testing.T) {
	t.Parallel()
	garbage := map[string]string{
		"not yaml":            "{{{{",
		"null":                "null",
		"a number":            "42",
		"a list":              "- a\n- b\n",
		"binary":              "\x00\xff\xfe\x01openapi",
		"no paths":            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n",
		"paths not a map":     "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: 7\n",
		"dangling ref":        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Nope'}\n",
		"self ref":            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/A'}\n",
		"external ref":        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: 'http://example.invalid/x.yaml'}\n",
		"unknown behaviour":   "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      x-mock-behaviour: nope.nope\n      responses:\n        '200': {description: ok}\n",
		"openapi 2":           "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
		"duplicate operation": "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get: {operationId: x, responses: {'200': {description: ok}}}\n  /b:\n    get: {operationId: x, responses: {'200': {description: ok}}}\n",
	}
	for name, spec := range garbage {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			defer func() {
				if v := recover(); v != nil {
					t.Fatalf("New panicked: %v", v)
				}
			}()
			s, err := mockserver.New(mockserver.Options{Spec: []byte(spec)})
			if err == nil && s == nil {
				t.Fatal("New returned neither a server nor an error")
			}
			if err != nil && s != nil {
				t.Fatal("New returned a server and an error")
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		t.Parallel()
		_, err := mockserver.New(mockserver.Options{SpecFile: "testdata/does-not-exist.yaml"})
		if err == nil || !strings.Contains(err.Error(), "does-not-exist.yaml") {
			t.Fatalf("err = %v, want one naming the file", err)
		}
	})
}

func TestClientCreatesAndReadsBack(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.Options{EmptyState: true})
	c := s.Client()
	resp, body := send(t, c, "POST", hogFunctions, `{"name":"Slack alert","hog":"return 1"}`)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	if resp.Request == nil || resp.Request.URL.String() != hogFunctions {
		t.Errorf("resp.Request = %v, want the client's request", resp.Request)
	}
	if resp.ContentLength != int64(len(body)) {
		t.Errorf("ContentLength = %d, body has %d bytes", resp.ContentLength, len(body))
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q", ct)
	}
	created := decode(t, body)
	id, _ := created["id"].(string)
	if created["name"] != "Slack alert" || id == "" {
		t.Fatalf("created = %v", created)
	}
	resp, body = send(t, c, "GET", hogFunctions+id+"/", "")
	if resp.StatusCode != 200 || decode(t, body)["name"] != "Slack alert" {
		t.Fatalf("read back: %d %s", resp.StatusCode, body)
	}
	resp, body = send(t, c, "HEAD", hogFunctions+id+"/", "")
	if resp.StatusCode != 200 || len(body) != 0 {
		t.Errorf("HEAD: %d with %d body bytes, want 200 and none", resp.StatusCode, len(body))
	}
	if got := len(s.Calls("environments_hog_functions_create")); got != 1 {
		t.Errorf("Calls(create) = %d, want 1", got)
	}
	calls := s.Calls("environments_hog_functions_retrieve")
	if len(calls) != 2 || calls[0].Route != "/api/environments/{project_id}/hog_functions/{id}/" || calls[0].PathParams["id"] != id {
		t.Errorf("Calls(retrieve) = %+v", calls)
	}
}

// trackedBody records whether the transport closed it.
type trackedBody struct {
	io.Reader
	closed atomic.Bool
}

func (b *trackedBody) Close() error { b.closed.Store(true); return nil }

func TestTransportStreamsAndClosesTheRequestBody(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.Options{EmptyState: true})
	pr, pw := io.Pipe()
	go func() {
		// Written in pieces while the handler reads: no Content-Length.
		for _, part := range []string{`{"name":"str`, `eamed","hog":`, `"return 1"}`} {
			_, _ = pw.Write([]byte(part))
		}
		_ = pw.Close()
	}()
	body := &trackedBody{Reader: pr}
	req, _ := http.NewRequest("POST", hogFunctions, body)
	req.Header.Set("Authorization", authHeader)
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.Transport().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 201 || decode(t, b)["name"] != "streamed" {
		t.Fatalf("create: %d %s", resp.StatusCode, b)
	}
	if !body.closed.Load() {
		t.Error("the transport did not close the request body")
	}
}

func TestTransportLargeResponseReadInPieces(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.Options{EmptyState: true})
	c := s.Client()
	for i := range 30 {
		if resp, b := send(t, c, "POST", hogFunctions, fmt.Sprintf(`{"name":"f%d","hog":"return %d"}`, i, i)); resp.StatusCode != 201 {
			t.Fatalf("create %d: %d %s", i, resp.StatusCode, b)
		}
	}
	req, _ := http.NewRequest("GET", hogFunctions, nil)
	req.Header.Set("Authorization", authHeader)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	// Read in small pieces: the buffered answer is handed out in parts.
	var buf bytes.Buffer
	p := make([]byte, 97)
	for {
		n, err := resp.Body.Read(p)
		buf.Write(p[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	resp.Body.Close()
	if int64(buf.Len()) != resp.ContentLength || decode(t, buf.Bytes())["count"] != float64(30) {
		t.Fatalf("read %d bytes of %d: %.200s", buf.Len(), resp.ContentLength, buf.Bytes())
	}
}

func TestTransportCancelledContext(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	body := &trackedBody{Reader: strings.NewReader(`{}`)}
	req, _ := http.NewRequestWithContext(ctx, "POST", hogFunctions, body)
	if _, err := s.Client().Do(req); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if !body.closed.Load() {
		t.Error("the request body was not closed on error")
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("journal has %d requests, want 0 (never sent)", n)
	}
}

func TestFaultDelayHitsClientTimeout(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.Options{EmptyState: true})
	if err := s.Fail("environments_hog_functions_list", mockserver.Fault{Delay: 5 * time.Second}); err != nil {
		t.Fatal(err)
	}
	c := s.Client()
	c.Timeout = 50 * time.Millisecond
	req, _ := http.NewRequest("GET", hogFunctions, nil)
	req.Header.Set("Authorization", authHeader)
	start := time.Now()
	_, err := c.Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the round trip took %v: the delay did not honour the timeout", d)
	}
	// The fault was for one call: the next answers at once.
	c.Timeout = 5 * time.Second
	if resp, b := send(t, c, "GET", hogFunctions, ""); resp.StatusCode != 200 {
		t.Fatalf("after the fault: %d %s", resp.StatusCode, b)
	}
}

func TestFaultDelaySlowsTheAnswer(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.Options{EmptyState: true})
	if err := s.Fail("environments_hog_functions_list", mockserver.Fault{Delay: 80 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if resp, _ := send(t, s.Client(), "GET", hogFunctions, ""); resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if d := time.Since(start); d < 80*time.Millisecond {
		t.Errorf("answered after %v, want at least 80ms", d)
	}
}

func TestFault429WithRetryAfter(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.Options{EmptyState: true})
	const op = "environments_hog_functions_create"
	if err := s.Fail(op, mockserver.Fault{Status: 429, Times: 2, RetryAfter: 7}); err != nil {
		t.Fatal(err)
	}
	c := s.Client()
	for i := range 2 {
		resp, body := send(t, c, "POST", hogFunctions, `{"name":"x","hog":"return 1"}`)
		if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "7" {
			t.Fatalf("call %d: %d Retry-After=%q %s", i+1, resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
	}
	if resp, body := send(t, c, "POST", hogFunctions, `{"name":"x","hog":"return 1"}`); resp.StatusCode != 201 {
		t.Fatalf("third call: %d %s, want 201 (the fault was for two)", resp.StatusCode, body)
	}
	var statuses []int
	for _, r := range s.Calls(op) {
		statuses = append(statuses, r.Status)
	}
	if fmt.Sprint(statuses) != "[429 429 201]" {
		t.Errorf("journal statuses = %v", statuses)
	}
	if n := len(s.List("hog_functions", map[string]string{"project_id": "1"})); n != 1 {
		t.Errorf("stored %d functions, want 1 (failed calls store nothing)", n)
	}
}

func TestFault429DefaultsRetryAfter(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.Options{EmptyState: true})
	if err := s.Fail("environments_hog_functions_list", mockserver.Fault{Status: 429}); err != nil {
		t.Fatal(err)
	}
	if resp, _ := send(t, s.Client(), "GET", hogFunctions, ""); resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("%d Retry-After=%q, want 429 with a Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

func TestFailErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.Options{})
	tests := []struct {
		name     string
		op       string
		f        mockserver.Fault
		is       error
		contains []string
	}{
		{"undeclared status", "environments_hog_functions_create", mockserver.Fault{Status: 503}, mockserver.ErrUndeclaredStatus,
			[]string{"503 is not declared", "POST /api/environments/{project_id}/hog_functions/", "declared: 201, 400, 401, 403, 404, 415, 429", "set Undeclared"}},
		{"unknown operation", "hog_function_create", mockserver.Fault{Status: 429}, mockserver.ErrUnknownOperation,
			[]string{`"hog_function_create"`, "did you mean hog_functions_create"}},
		{"nothing to do", "hog_functions_create", mockserver.Fault{Times: 3}, nil, []string{"set a Status, a Delay, a Network fault or a mix"}},
		{"unknown network fault", "hog_functions_create", mockserver.Fault{Network: "timeout"}, nil, []string{"connection_reset, empty_response, malformed_chunk, truncated_body"}},
		{"a reset has no status", "hog_functions_create", mockserver.Fault{Network: mockserver.ConnectionReset, Status: 500, Undeclared: true}, nil, []string{"sends no status"}},
		{"not a status", "hog_functions_create", mockserver.Fault{Status: 42}, nil, []string{"want an HTTP status"}},
		{"negative", "hog_functions_create", mockserver.Fault{Status: 429, Times: -1}, nil, []string{"cannot be negative"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := s.Fail(tt.op, tt.f)
			if err == nil {
				t.Fatal("Fail returned nil")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.is)
			}
			var oe *mockserver.OptionError
			if tt.is == nil && !errors.As(err, &oe) {
				t.Errorf("err = %T, want *OptionError", err)
			}
			for _, c := range tt.contains {
				if !strings.Contains(err.Error(), c) {
					t.Errorf("err = %q, want it to contain %q", err, c)
				}
			}
		})
	}
}

func TestResetClearsFaults(t *testing.T) {
	t.Parallel()
	s := newServer(t, mockserver.Options{EmptyState: true})
	if err := s.Fail("environments_hog_functions_list", mockserver.Fault{Status: 429, Times: 5}); err != nil {
		t.Fatal(err)
	}
	s.Reset()
	if resp, _ := send(t, s.Client(), "GET", hogFunctions, ""); resp.StatusCode != 200 {
		t.Fatalf("after Reset: %d, want 200", resp.StatusCode)
	}
}
