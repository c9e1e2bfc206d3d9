package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startRun runs the command in the background and returns its address.
func startRun(t *testing.T, args ...string) (addr string, stdout, stderr *syncBuffer, stop func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr = ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"--addr", addr}, args...), stdout, stderr) }()
	// Loading PostHog's whole document takes seconds on a loaded
	// machine; start-up speed is measured by benchmarks, not here.
	deadline := time.Now().Add(60 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		select {
		case err := <-done:
			t.Fatalf("run exited early: %v; stderr: %s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("server did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}
	var once sync.Once
	var runErr error
	stop = func() error {
		once.Do(func() {
			cancel()
			runErr = <-done
		})
		return runErr
	}
	t.Cleanup(func() { _ = stop() })
	return addr, stdout, stderr, stop
}

func TestRunServesLogsAndShutsDown(t *testing.T) {
	t.Parallel()
	addr, stdout, stderr, stop := startRun(t)
	// The listener accepts before the banner is printed: wait for it.
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(stdout.String(), "/__mock/") && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	if !regexp.MustCompile(`PostHog .*\(\d+ operations, seed 0, seeded\) on http://127\.0\.0\.1:\d+`).MatchString(stdout.String()) ||
		!strings.Contains(stdout.String(), "/__mock/") {
		t.Errorf("banner: %q", stdout.String())
	}
	req, _ := http.NewRequest("GET", "http://"+addr+"/api/environments/1/hog_functions/", nil)
	req.Header.Set("Authorization", "Bearer phx_x")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatalf("run after shutdown: %v, want nil (exit 0)", err)
	}
	log := stderr.String()
	for _, want := range []string{"method=GET", "path=/api/environments/1/hog_functions/", "operation=environments_hog_functions_list", "status=200", "duration="} {
		if !strings.Contains(log, want) {
			t.Errorf("request log line lacks %q: %s", want, log)
		}
	}
}

// The command speaks HTTP/2 over cleartext (prior knowledge) beside
// HTTP/1.1, on one port.
func TestRunServesH2C(t *testing.T) {
	t.Parallel()
	addr, _, _, _ := startRun(t, "--quiet")
	var p http.Protocols
	p.SetUnencryptedHTTP2(true)
	c := &http.Client{Transport: &http.Transport{Protocols: &p}}
	t.Cleanup(c.CloseIdleConnections)
	for _, path := range []string{"/api/environments/1/hog_functions/", "/api/environments/1/hog_functions/?limit=1"} {
		req, _ := http.NewRequest("GET", "http://"+addr+path, nil)
		req.Header.Set("Authorization", "Bearer phx_x")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 || resp.ProtoMajor != 2 || !strings.Contains(string(b), `"results"`) {
			t.Errorf("%s: %s %d %v %.80s", path, resp.Proto, resp.StatusCode, err, b)
		}
	}
}

func TestRunQuietAndVersion(t *testing.T) {
	t.Parallel()
	_, stdout, stderr, stop := startRun(t, "--quiet")
	if stdout.String() != "" {
		t.Errorf("--quiet printed a banner: %q", stdout.String())
	}
	_ = stop()
	if stderr.String() != "" {
		t.Errorf("--quiet logged: %q", stderr.String())
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--version"}, &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "mockserver ") {
		t.Errorf("--version: %q, %v", out.String(), err)
	}
}

func TestRunReportsBadSpec(t *testing.T) {
	t.Parallel()
	err := run(context.Background(), []string{"--spec", "testdata/does-not-exist.yaml"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "does-not-exist.yaml") {
		t.Fatalf("err = %v, want it to name the file", err)
	}
}

func TestRunWarnsWhenExposed(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"--addr", "0.0.0.0:0"}, io.Discard, stderr) }()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(stderr.String(), "all interfaces") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	if !strings.Contains(stderr.String(), "warning: listening on all interfaces") {
		t.Errorf("no warning when exposed without tokens: %q", stderr.String())
	}
}

func TestBannerStateModes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{nil, "seed 0, seeded"},
		{[]string{"--seed", "7", "--empty"}, "seed 7, empty"},
		{[]string{"--fixtures", "fx"}, "seed 0, fixtures fx"},
		{[]string{"--state", "s.json"}, "seed 0, seeded, state s.json"},
		{[]string{"--empty", "--state", "s.json"}, "seed 0, empty, state s.json"},
	}
	for _, tc := range tests {
		cfg, err := parseFlags(tc.args, nil)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		banner(&b, fakeServed{ops: 1}, cfg, "127.0.0.1:4010", time.Millisecond)
		if want := "mockserver " + currentVersion().Version + ": T (1 operation, " + tc.want + ") on http://127.0.0.1:4010 (ready in 1ms)\n"; !strings.HasPrefix(b.String(), want) {
			t.Errorf("%q: %q, want %q", tc.args, b.String(), want)
		}
	}
}

// fakeServed is a server of one title and a number of operations.
type fakeServed struct{ ops int }

func (f fakeServed) Title() string   { return "T" }
func (f fakeServed) Operations() int { return f.ops }

func TestRunRefusesAStateFileItCannotSave(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "missing", "state.json")
	start := time.Now()
	err := run(context.Background(), []string{"--addr", "127.0.0.1:0", "--state", state}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "does not exist") || exitCode(err) != 1 {
		t.Fatalf("run: %v, want an error at start-up naming the directory", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("found after %s: not at start-up", took)
	}
}

func TestErrorLineSaysTheProgramOnce(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"mockserver: reading the spec: open x.yaml: no such file":             "mockserver: reading the spec: open x.yaml: no such file",
		"listen on :1: address in use":                                        "mockserver: listen on :1: address in use",
		`mockserver: document "a": mockserver: reading the spec: open a.yaml`: `mockserver: document "a": reading the spec: open a.yaml`,
	} {
		if got := errorLine(errors.New(in)); got != want {
			t.Errorf("errorLine(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRunRefusesAnEmptySpec(t *testing.T) {
	t.Parallel()
	empty := filepath.Join(t.TempDir(), "empty.yaml")
	if err := os.WriteFile(empty, []byte("  \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--spec", empty}, {empty}} {
		err := run(context.Background(), append([]string{"--addr", "127.0.0.1:0"}, args...), io.Discard, io.Discard)
		if want := "mockserver: " + empty + " is empty"; err == nil || errorLine(err) != want+": no OpenAPI document to serve" {
			t.Errorf("%q: %v, want %q", args, err, want)
		}
	}
}
