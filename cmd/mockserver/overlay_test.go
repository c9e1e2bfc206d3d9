package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver"
)

func TestOverlayFlagKeepsOrder(t *testing.T) {
	t.Parallel()
	cfg, err := parseFlags([]string{"--overlay", "a.yaml", "--spec", "x.yaml", "--overlay", "b.yaml"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a.yaml", "b.yaml"}; !slices.Equal(cfg.Opts.OverlayFiles, want) {
		t.Errorf("OverlayFiles %q, want %q", cfg.Opts.OverlayFiles, want)
	}
	if _, err := parseFlags([]string{"--overlay", ""}, nil); err == nil {
		t.Error("an empty --overlay is accepted")
	}
}

// TestRunAppliesOverlays serves the embedded contract with an overlay
// that removes one operation and has a target that selects nothing: the
// operation is gone, and the warning names the overlay file and action.
func TestRunAppliesOverlays(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "fix.overlay.yaml")
	if err := os.WriteFile(file, []byte(`overlay: 1.0.0
info: {title: test, version: 1.0.0}
actions:
- target: $.paths['/api/environments/{project_id}/hog_functions/'].get
  remove: true
- target: $.paths['/api/nowhere/']
  update: {x-a: 1}
`), 0o600); err != nil {
		t.Fatal(err)
	}
	addr, _, stderr, _ := startRun(t, "--overlay", file)
	status := func(path string) int {
		req, _ := http.NewRequest("GET", "http://"+addr+path, nil)
		req.Header.Set("Authorization", "Bearer phx_x")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := status("/api/environments/1/hog_functions/"); got != 405 {
		t.Errorf("removed operation: status %d, want 405", got)
	}
	if got := status("/api/projects/1/hog_functions/"); got != 200 {
		t.Errorf("other operation: status %d, want 200", got)
	}
	want := "warning: overlay " + file + ": actions[1] (target $.paths['/api/nowhere/']) selects nothing"
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(stderr.String(), want) && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	if !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr lacks %q: %s", want, stderr.String())
	}
}

func TestRunReportsBadOverlay(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "bad.overlay.yaml")
	if err := os.WriteFile(file, []byte("overlay: 1.0.0\ninfo: {title: t, version: v}\nactions:\n- target: $.paths[\n  remove: true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(context.Background(), []string{"--overlay", file}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "overlay "+file+": actions[0] (target $.paths[)") {
		t.Fatalf("err = %v, want it to name the file, the action and its target", err)
	}
}

// TestReloaderWatchesOverlays reloads when an overlay file changes, and
// keeps the last good server when the edit breaks it.
func TestReloaderWatchesOverlays(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	spec, ov := filepath.Join(dir, "openapi.yaml"), filepath.Join(dir, "fix.overlay.yaml")
	copySpec(t, spec, "pets.yaml", same)
	overlay := func(title string) string {
		return "overlay: 1.0.0\ninfo: {title: t, version: v}\nactions:\n- target: $.info\n  update: {title: " + title + "}\n"
	}
	writeFile(t, ov, overlay("First"))
	var logs syncBuffer
	w := newTestReloader(t, mockserver.Options{SpecFile: spec, OverlayFiles: []string{ov}}, &logs)
	if got := w.Server().Title(); got != "First" {
		t.Fatalf("title %q, want First", got)
	}
	writeFile(t, ov, overlay("Second"))
	if reloaded, err := w.Check(); !reloaded || err != nil {
		t.Fatalf("Check after an overlay edit = %v, %v", reloaded, err)
	}
	if got := w.Server().Title(); got != "Second" {
		t.Errorf("title %q after the edit, want Second", got)
	}
	writeFile(t, ov, "overlay: 1.0.0\n")
	if reloaded, err := w.Check(); reloaded || err == nil || !strings.Contains(err.Error(), "fix.overlay.yaml") {
		t.Errorf("Check after a broken overlay = %v, %v; want an error naming it", reloaded, err)
	}
	if got := w.Server().Title(); got != "Second" {
		t.Errorf("title %q after a broken edit, want the last good Second", got)
	}
}

func TestOverlayFlagByDocument(t *testing.T) {
	t.Parallel()
	cfg, err := parseFlags([]string{"--spec", "a=a.yaml", "--spec", "b=b.yaml", "--overlay", "all.yaml", "--overlay", "b=fix.yaml"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"all.yaml"}; !slices.Equal(cfg.Opts.OverlayFiles, want) {
		t.Errorf("OverlayFiles %q, want %q", cfg.Opts.OverlayFiles, want)
	}
	docs := cfg.Opts.Documents
	if len(docs) != 2 || len(docs[0].OverlayFiles) != 0 || !slices.Equal(docs[1].OverlayFiles, []string{"fix.yaml"}) {
		t.Errorf("documents %+v, want fix.yaml on b only", docs)
	}
	_, err = parseFlags([]string{"--spec", "a=a.yaml", "--spec", "b=b.yaml", "--overlay", "c=fix.yaml"}, nil)
	if err == nil || !strings.Contains(err.Error(), `--overlay c=fix.yaml: no document is mounted as "c"`) {
		t.Errorf("error %v", err)
	}
}
