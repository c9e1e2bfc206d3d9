package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var dxBannerAddr = regexp.MustCompile(`on (http://[0-9.:]+) `)

// start runs the command in the background and returns its base URL (from
// the banner) and its outputs; the command stops when the test ends.
func dxStart(t *testing.T, args ...string) (base string, stdout, stderr *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"--addr", "127.0.0.1:0"}, args...), stdout, stderr) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := dxBannerAddr.FindStringSubmatch(stdout.String()); m != nil {
			return m[1], stdout, stderr
		}
		select {
		case err := <-done:
			t.Fatalf("run ended: %v\nstderr: %s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no banner; stdout %q stderr %q", stdout.String(), stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func dxGet(t *testing.T, url string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer phx_x")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestBanner(t *testing.T) {
	base, stdout, _ := dxStart(t)
	out := stdout.String()
	// The operation count is the contract's (contract_test.go pins it).
	head := regexp.MustCompile(regexp.QuoteMeta("mockserver "+currentVersion().Version+": PostHog API (mockserver contract) (") + `\d+ operations, seed 0, seeded\) on ` + regexp.QuoteMeta(base))
	if !head.MatchString(out) {
		t.Errorf("banner lacks %q:\n%s", head, out)
	}
	if want := "inspector and admin: " + base + "/__mock/"; !strings.Contains(out, want) {
		t.Errorf("banner lacks %q:\n%s", want, out)
	}
	if code, body := dxGet(t, base+"/__mock/"); code != 200 || !strings.Contains(body, "inspector") {
		t.Errorf("the inspector the banner names: %d", code)
	}
}

const dxTinySpec = `openapi: 3.0.3
info: {title: %s, version: "1"}
paths:
  /ping:
    get:
      operationId: ping
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {ok: {type: boolean}}}
              example: {ok: true}
`

func dxWriteSpec(t *testing.T, dir, name, title string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(strings.Replace(dxTinySpec, "%s", title, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSeveralSpecsAndWatch(t *testing.T) {
	dir := t.TempDir()
	a := dxWriteSpec(t, dir, "a.yaml", "Alpha")
	b := dxWriteSpec(t, dir, "b.yaml", "Beta")
	base, stdout, stderr := dxStart(t, "--spec", "alpha="+a, "--spec", "beta="+b, "--watch", "--watch-interval", "10ms")
	if !strings.Contains(stdout.String(), "Alpha (/alpha) + Beta (/beta) (2 operations, seed 0, seeded)") {
		t.Errorf("banner: %s", stdout.String())
	}
	for _, p := range []string{"/alpha/ping", "/beta/ping"} {
		if code, body := dxGet(t, base+p); code != 200 || !strings.Contains(body, `"ok":true`) {
			t.Fatalf("%s: %d %s", p, code, body)
		}
	}
	if code, _ := dxGet(t, base+"/ping"); code != 404 {
		t.Fatalf("/ping outside the mounts: %d", code)
	}
	// --watch: a broken edit is logged, the document keeps answering.
	if err := os.WriteFile(b, []byte("openapi: [3.0.3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(stderr.String(), "reload failed") {
		if time.Now().After(deadline) {
			t.Fatalf("broken edit not reported: %s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(stderr.String(), b) {
		t.Errorf("the log should name the file: %s", stderr.String())
	}
	if code, _ := dxGet(t, base+"/beta/ping"); code != 200 {
		t.Fatalf("last good version not served: %d", code)
	}
}

func TestDXFlags(t *testing.T) {
	cfg, err := parseFlags([]string{"--spec", "openapi.yaml"}, nil)
	if err != nil || cfg.Opts.SpecFile != "openapi.yaml" {
		t.Fatalf("plain --spec: %v %q", err, cfg.Opts.SpecFile)
	}
	cfg, err = parseFlags([]string{"--spec", "ph=openapi.yaml", "--spec", "other=./x=y.yaml", "--errors", "--watch"}, nil)
	if err != nil || len(cfg.DX.Specs) != 2 || cfg.DX.Specs[1] != (specArg{"other", "./x=y.yaml"}) || !cfg.Opts.ResponseErrors || !cfg.DX.Watch {
		t.Fatalf("named specs: %v %+v", err, cfg.DX)
	}
	if cfg.Opts.SpecFile != "" {
		t.Fatalf("named specs must not set the root spec: %q", cfg.Opts.SpecFile)
	}
	cfg, err = parseFlags([]string{"--spec", "./dir/a=b.yaml"}, nil)
	if err != nil || cfg.Opts.SpecFile != "./dir/a=b.yaml" {
		t.Fatalf("a path with '=' is a path: %v %q", err, cfg.Opts.SpecFile)
	}
	for _, bad := range [][]string{
		{"--spec", "a.yaml", "--spec", "b.yaml"},
		{"--spec", "x=a.yaml", "--spec", "x=b.yaml"},
		{"--spec", "x="},
		{"--watch-interval", "0s"},
	} {
		if _, err := parseFlags(bad, nil); err == nil {
			t.Errorf("accepted %v", bad)
		}
	}
}
