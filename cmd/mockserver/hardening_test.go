package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// limit bounds every wait in these tests; it is a safety net against a
// hang, never a speed requirement.
const limit = 20 * time.Second

type running struct {
	addr   string
	cancel context.CancelFunc
	done   chan error
	stderr *syncBuffer
}

// start runs the command on a free port and returns once it serves.
func hstart(t *testing.T, args ...string) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	r := &running{cancel: cancel, done: make(chan error, 1), stderr: &syncBuffer{}}
	args = append([]string{"--addr", "127.0.0.1:0"}, args...)
	go func() {
		err := run(ctx, args, pw, r.stderr)
		pw.Close()
		r.done <- err
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	go io.Copy(io.Discard, pr) //nolint:errcheck // drain the rest of the banner
	if err != nil {
		cancel()
		t.Fatalf("no banner: %v; stderr: %s", err, r.stderr)
	}
	i := strings.Index(line, "http://")
	if i < 0 {
		t.Fatalf("banner without an address: %q", line)
	}
	r.addr = strings.Fields(line[i+len("http://"):])[0]
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(limit):
			t.Errorf("run did not return after cancel")
		}
	})
	return r
}

// stop cancels and returns run's result.
func (r *running) stop(t *testing.T) error {
	t.Helper()
	r.cancel()
	select {
	case err := <-r.done:
		r.done <- err // for the cleanup
		return err
	case <-time.After(limit):
		t.Fatalf("run did not return after cancel")
		return nil
	}
}

func (r *running) dial(t *testing.T) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", r.addr)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	_ = c.SetDeadline(time.Now().Add(limit))
	t.Cleanup(func() { c.Close() })
	return c
}

func readResponse(t *testing.T, c net.Conn, method string) (*http.Response, map[string]any) {
	t.Helper()
	resp, err := http.ReadResponse(bufio.NewReader(c), &http.Request{Method: method})
	if err != nil {
		t.Fatalf("read response: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var body map[string]any
	_ = json.Unmarshal(b, &body)
	return resp, body
}

func errorFormat(t *testing.T, what string, resp *http.Response, body map[string]any) {
	t.Helper()
	if resp.StatusCode < 400 || resp.StatusCode >= 500 {
		t.Errorf("%s: status %d, want 4xx", what, resp.StatusCode)
	}
	for _, k := range []string{"type", "code", "detail"} {
		if _, ok := body[k].(string); !ok {
			t.Errorf("%s: no %s in the error body %v", what, k, body)
		}
	}
	if _, ok := body["attr"]; !ok || len(body) != 4 {
		t.Errorf("%s: error body %v is not {type, code, detail, attr}", what, body)
	}
}

const hfPath = "/api/projects/1/hog_functions/"

func TestHardeningRawRequests(t *testing.T) {
	r := hstart(t, "--quiet=false")
	cases := []struct {
		name, raw, method string
		want              int // 0: any status below 500
	}{
		{"HTTP/1.0 without Host", "GET " + hfPath + " HTTP/1.0\r\nAuthorization: Bearer phx_k\r\n\r\n", "GET", 200},
		{"HTTP/1.0 without Host, unknown path", "GET /nope HTTP/1.0\r\n\r\n", "GET", 404},
		{"TRACE", "TRACE " + hfPath + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer phx_k\r\n\r\n", "TRACE", 405},
		{"CONNECT with a path", "CONNECT " + hfPath + " HTTP/1.1\r\nHost: x\r\n\r\n", "CONNECT", 0},
		{"CONNECT authority form", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", "CONNECT", 0},
		{"unknown method", "PURGE " + hfPath + " HTTP/1.1\r\nHost: x\r\n\r\n", "PURGE", 405},
		{"encoded dot-dot", "GET /api/projects/1/hog_functions/%2e%2e/%2e%2e/%2e%2e/__mock/state HTTP/1.1\r\nHost: x\r\n\r\n", "GET", 404},
		{"raw dot-dot to admin", "GET /api/../__mock/state HTTP/1.1\r\nHost: x\r\n\r\n", "GET", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := r.dial(t)
			if _, err := io.WriteString(c, tc.raw); err != nil {
				t.Fatal(err)
			}
			resp, body := readResponse(t, c, tc.method)
			if resp.StatusCode >= 500 || (tc.want != 0 && resp.StatusCode != tc.want) {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.want)
			}
			if resp.StatusCode >= 400 && resp.StatusCode != 400 {
				errorFormat(t, tc.name, resp, body)
			}
		})
	}
}

func TestHardeningHeaderLimit(t *testing.T) {
	r := hstart(t, "--max-header-bytes", "4096")
	c := r.dial(t)
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: x\r\nX-Big: %s\r\n\r\n", hfPath, strings.Repeat("a", 64<<10))
	resp, _ := readResponse(t, c, "GET")
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("64 KB of headers with --max-header-bytes 4096: %d, want 431", resp.StatusCode)
	}
	// Thousands of small headers count too.
	c = r.dial(t)
	var b strings.Builder
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, "X-H%d: v\r\n", i)
	}
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: x\r\n%s\r\n", hfPath, b.String())
	if resp, _ := readResponse(t, c, "GET"); resp.StatusCode != 431 {
		t.Errorf("3000 headers: %d, want 431", resp.StatusCode)
	}
}

// A client that never finishes its headers is disconnected after
// --read-header-timeout instead of holding a connection forever.
func TestHardeningSlowloris(t *testing.T) {
	r := hstart(t, "--read-header-timeout", "200ms")
	c := r.dial(t)
	if _, err := io.WriteString(c, "GET "+hfPath+" HTTP/1.1\r\nHost: x\r\nX-Slow: "); err != nil {
		t.Fatal(err)
	}
	_, err := io.ReadAll(c) // returns when the server closes the connection
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the server kept a half-sent request open for %s", limit)
	}
	// And a slow body is cut by --read-timeout.
	r2 := hstart(t, "--read-timeout", "300ms")
	c = r2.dial(t)
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer phx_k\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"na", hfPath)
	out, err := io.ReadAll(c)
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the server waited %s for a slow body", limit)
	}
	if bytes.HasPrefix(out, []byte("HTTP/1.1 5")) {
		t.Errorf("a slow body got %q", out)
	}
}

// The 413 comes before the body is read in full: a client declaring (or
// streaming) 100 MB gets its answer after sending a little of it.
func TestHardeningBodyLimitOverSocket(t *testing.T) {
	r := hstart(t, "--max-body", "1024")
	t.Run("Content-Length", func(t *testing.T) {
		c := r.dial(t)
		fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer phx_k\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", hfPath, 100<<20)
		_, _ = c.Write(bytes.Repeat([]byte(" "), 4096)) // 4 KB of the 100 MB, then wait
		resp, body := readResponse(t, c, "POST")
		if resp.StatusCode != 413 {
			t.Fatalf("status %d, want 413", resp.StatusCode)
		}
		errorFormat(t, "413", resp, body)
	})
	t.Run("chunked", func(t *testing.T) {
		c := r.dial(t)
		fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer phx_k\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", hfPath)
		var sent int64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { // stream up to 100 MB until the server answers
			defer wg.Done()
			chunk := append([]byte("400\r\n"), append(bytes.Repeat([]byte(" "), 1024), "\r\n"...)...)
			for sent < 100<<20 {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := c.Write(chunk); err != nil {
					return
				}
				sent += 1024
			}
		}()
		resp, body := readResponse(t, c, "POST")
		close(stop)
		c.Close()
		wg.Wait()
		if resp.StatusCode != 413 {
			t.Fatalf("status %d, want 413", resp.StatusCode)
		}
		errorFormat(t, "413 chunked", resp, body)
		if sent >= 100<<20 {
			t.Errorf("the client sent all 100 MB before the answer")
		}
	})
	t.Run("truncated", func(t *testing.T) {
		c := r.dial(t)
		fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer phx_k\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":", hfPath)
		c.(*net.TCPConn).CloseWrite()
		out, _ := io.ReadAll(c)
		if bytes.HasPrefix(out, []byte("HTTP/1.1 5")) {
			t.Errorf("a truncated body got %q", out)
		}
	})
}

// Cancelling run's context (SIGINT/SIGTERM) stops accepting, lets the
// request in flight finish, and returns nil (exit 0).
func TestHardeningGracefulShutdown(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	r := hstart(t, "--state", state)
	c := r.dial(t)
	body := `{"name":"in flight","hog":"return 1"}`
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer phx_k\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: %d\r\n\r\n", hfPath, len(body))
	br := bufio.NewReader(c)
	// "100 Continue" is sent when the handler starts reading the body: the
	// request is in flight.
	line, err := br.ReadString('\n')
	if err != nil || !strings.Contains(line, "100") {
		t.Fatalf("want 100 Continue, got %q %v", line, err)
	}
	_, _ = br.ReadString('\n')
	r.cancel()
	// The listener closes: new connections are refused.
	for {
		nc, err := net.Dial("tcp", r.addr)
		if err != nil {
			break
		}
		nc.Close()
		select {
		case err := <-r.done:
			t.Fatalf("run returned %v with a request in flight", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	io.WriteString(c, body)
	resp, err := http.ReadResponse(br, &http.Request{Method: "POST"})
	if err != nil {
		t.Fatalf("the in-flight request was cut: %v", err)
	}
	if resp.StatusCode != 201 {
		t.Errorf("in-flight create: %d", resp.StatusCode)
	}
	c.Close()
	if err := r.stop(t); err != nil {
		t.Errorf("run returned %v, want nil (exit 0)", err)
	}
	// The state was saved on the way out, and comes back on start.
	data, err := os.ReadFile(state)
	if err != nil || !bytes.Contains(data, []byte("in flight")) {
		t.Fatalf("state file: %v %.200s", err, data)
	}
	r2 := hstart(t, "--state", state)
	req, _ := http.NewRequest("GET", "http://"+r2.addr+hfPath, nil)
	req.Header.Set("Authorization", "Bearer phx_k")
	resp2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp2.Body)
	resp2.Body.Close()
	if !bytes.Contains(b, []byte("in flight")) {
		t.Errorf("restored server does not list the object: %.300s", b)
	}
}

// A request that never finishes cannot hold the shutdown longer than
// --shutdown-timeout; run still returns nil.
func TestHardeningShutdownTimeout(t *testing.T) {
	r := hstart(t, "--shutdown-timeout", "100ms")
	c := r.dial(t)
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer phx_k\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 50\r\n\r\n", hfPath)
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil || !strings.Contains(line, "100") {
		t.Fatalf("want 100 Continue, got %q %v", line, err)
	}
	if err := r.stop(t); err != nil {
		t.Errorf("run returned %v, want nil", err)
	}
}

func TestHardeningCorruptStateRefused(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	os.WriteFile(state, []byte(`{"format":"something-else"}`), 0o644)
	var stderr syncBuffer
	err := run(context.Background(), []string{"--addr", "127.0.0.1:0", "--state", state}, io.Discard, &stderr)
	if err == nil || !strings.Contains(err.Error(), state) {
		t.Errorf("run with a foreign state file: %v, want an error naming %s", err, state)
	}
	if data, _ := os.ReadFile(state); string(data) != `{"format":"something-else"}` {
		t.Errorf("the foreign file was overwritten")
	}
}

func TestHardeningSafeDefaults(t *testing.T) {
	cfg, err := parseFlags(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:4010" || cfg.Opts.MaxBody != 10<<20 || cfg.Opts.MaxDepth != 64 || cfg.Opts.DisableAdmin ||
		cfg.Opts.AllowExternalRefs || cfg.Hardening.ReadHeaderTimeout <= 0 || cfg.ReadTimeout <= 0 || cfg.MaxHeaderBytes <= 0 {
		t.Errorf("defaults: %+v", cfg)
	}
	for _, bad := range [][]string{{"--max-depth", "0"}, {"--max-body", "-1"}, {"--read-header-timeout", "0s"}} {
		if _, err := parseFlags(bad, nil); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

// served returns stderr once the server answered a request: warnings are
// written before it starts serving.
func (r *running) served(t *testing.T) string {
	t.Helper()
	resp, err := http.Get("http://" + r.addr + "/__mock/state")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return r.stderr.String()
}

func TestHardeningExposedWarning(t *testing.T) {
	const warning = "listening on all interfaces with no --tokens"
	r := hstart(t, "--addr", "0.0.0.0:0")
	if !strings.Contains(r.served(t), warning) {
		t.Errorf("no warning on 0.0.0.0 without tokens; stderr: %s", r.stderr)
	}
	tokens := filepath.Join(t.TempDir(), "tokens.json")
	os.WriteFile(tokens, []byte(`{"phx_k": {"scopes": ["*"]}}`), 0o644)
	r2 := hstart(t, "--addr", "0.0.0.0:0", "--tokens", tokens)
	if strings.Contains(r2.served(t), warning) {
		t.Errorf("warning although tokens are configured")
	}
	r3 := hstart(t)
	if strings.Contains(r3.served(t), warning) {
		t.Errorf("warning on 127.0.0.1")
	}
}
