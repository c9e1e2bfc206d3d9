package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/spec/spectest"
)

// copySpec writes testdata/name (with edit applied) to path and moves its
// mtime forward, so that a change is seen even within the file system's
// timestamp resolution.
func copySpec(t *testing.T, path, name string, edit func(string) string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, edit(string(data)))
}

func writeFile(t *testing.T, path, content string) { t.Helper(); spectest.Write(t, path, content) }

func same(s string) string { return s }

// newTestReloader serves opts through a reloader logging into logs.
func newTestReloader(t *testing.T, opts mockserver.Options, logs *syncBuffer) *reloader {
	t.Helper()
	s, err := mockserver.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return newReloader(s, opts, slog.New(slog.NewTextHandler(logs, nil)))
}

// serve sends one request through h, with an API key, and returns the
// status and the names of a list of pets (nil for another answer).
func serve(t *testing.T, h *reloader, method, path, body string) (int, []string) {
	t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Header.Set("Authorization", "Bearer phx_x")
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	var list []struct {
		Name string `json:"name"`
	}
	if json.Unmarshal(w.Body.Bytes(), &list) != nil {
		return w.Code, nil
	}
	names := []string{}
	for _, p := range list {
		names = append(names, p.Name)
	}
	return w.Code, names
}

func TestReloaderKeepsStateAndSurvivesBrokenEdits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "openapi.yaml")
	copySpec(t, path, "pets.yaml", same)
	var logs syncBuffer
	w := newTestReloader(t, mockserver.Options{SpecFile: path, EmptyState: true}, &logs)
	if code, _ := serve(t, w, "POST", "/pets", `{"name":"Rex"}`); code != 201 {
		t.Fatalf("create: %d", code)
	}
	if code, _ := serve(t, w, "GET", "/owners", ""); code != 404 {
		t.Fatalf("owners before reload: %d", code)
	}
	if reloaded, err := w.Check(); reloaded || err != nil {
		t.Fatalf("nothing changed, yet Check = %v, %v", reloaded, err)
	}

	// A new resource appears; pets keep their state; the journal is kept.
	copySpec(t, path, "pets_owners.yaml", same)
	if reloaded, err := w.Check(); !reloaded || err != nil {
		t.Fatalf("Check after an edit = %v, %v", reloaded, err)
	}
	if w.Server().Title() != "Pets v2" {
		t.Fatalf("title %q", w.Server().Title())
	}
	if code, _ := serve(t, w, "GET", "/owners", ""); code != 200 {
		t.Fatalf("owners after reload: %d", code)
	}
	if _, names := serve(t, w, "GET", "/pets", ""); len(names) != 1 || names[0] != "Rex" {
		t.Fatalf("state lost on reload: %v", names)
	}
	if n := len(w.Server().Requests()); n != 4 {
		t.Fatalf("journal across the reload has %d requests, want 4", n)
	}
	if !strings.Contains(logs.String(), "reloaded") || !strings.Contains(logs.String(), "state_kept=pets") {
		t.Fatalf("reload not logged with what was kept: %s", logs.String())
	}

	// A broken edit keeps the last good spec running and says what is wrong.
	copySpec(t, path, "pets_owners.yaml", func(s string) string { return s + "  broken: [unclosed\n" })
	reloaded, err := w.Check()
	if reloaded || err == nil {
		t.Fatalf("broken edit: Check = %v, %v", reloaded, err)
	}
	if !strings.Contains(logs.String(), "reload failed: still serving the last good version") || !strings.Contains(logs.String(), path) {
		t.Fatalf("broken edit not logged: %s", logs.String())
	}
	if !strings.Contains(logs.String(), "line") {
		t.Errorf("the log should say where the document is broken: %s", logs.String())
	}
	if code, _ := serve(t, w, "GET", "/owners", ""); code != 200 || w.Server().Title() != "Pets v2" {
		t.Fatalf("last good version not kept: %d %q", code, w.Server().Title())
	}
	if reloaded, err := w.Check(); reloaded || err != nil {
		t.Fatalf("the same broken file is reported again: %v %v", reloaded, err)
	}

	// Fixing it reloads; a resource that disappears loses its state.
	copySpec(t, path, "pets_owners.yaml", func(s string) string { return strings.Replace(s, "  /pets:", "  /cats:", 1) })
	if reloaded, err := w.Check(); !reloaded || err != nil {
		t.Fatalf("fixed edit: %v %v", reloaded, err)
	}
	if code, _ := serve(t, w, "GET", "/pets", ""); code != 404 {
		t.Fatalf("/pets after removal: %d", code)
	}
	if !strings.Contains(logs.String(), "state_dropped=pets") {
		t.Errorf("dropped state not logged: %s", logs.String())
	}
}

func TestReloaderReloadsFixtures(t *testing.T) {
	path := filepath.Join(t.TempDir(), "openapi.yaml")
	copySpec(t, path, "pets.yaml", same)
	dir := t.TempDir()
	fx := filepath.Join(dir, "pets.json")
	writeFile(t, fx, `{"resource":"pets","objects":[{"id":1,"name":"Ada"}]}`)
	var logs syncBuffer
	w := newTestReloader(t, mockserver.Options{SpecFile: path, FixturesDir: dir}, &logs)
	if _, names := serve(t, w, "GET", "/pets", ""); len(names) != 1 || names[0] != "Ada" {
		t.Fatalf("fixtures: %v", names)
	}
	writeFile(t, fx, `{"resource":"pets","objects":[{"id":1,"name":"Ada"},{"id":2,"name":"Grace"}]}`)
	if reloaded, err := w.Check(); !reloaded || err != nil {
		t.Fatalf("Check: %v %v", reloaded, err)
	}
	if _, names := serve(t, w, "GET", "/pets", ""); len(names) != 2 || names[1] != "Grace" {
		t.Fatalf("fixtures after reload: %v", names)
	}
	if !strings.Contains(logs.String(), "reloaded from the fixtures") {
		t.Errorf("log: %s", logs.String())
	}
	// A bad fixture file keeps the last good version.
	writeFile(t, fx, `{"resource":"pets","objects":[{"id":"x","name":7}]}`)
	if reloaded, err := w.Check(); reloaded || err == nil || !strings.Contains(err.Error(), "pets.json") {
		t.Fatalf("bad fixture: %v %v", reloaded, err)
	}
	if _, names := serve(t, w, "GET", "/pets", ""); len(names) != 2 {
		t.Fatalf("last good fixtures lost: %v", names)
	}
}

func TestReloaderRunPolls(t *testing.T) {
	path := filepath.Join(t.TempDir(), "openapi.yaml")
	copySpec(t, path, "pets.yaml", same)
	w := newTestReloader(t, mockserver.Options{SpecFile: path}, &syncBuffer{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx, 5*time.Millisecond); close(done) }()
	copySpec(t, path, "pets.yaml", func(s string) string { return strings.Replace(s, "Pets v1", "After", 1) })
	deadline := time.Now().Add(5 * time.Second)
	for w.Server().Title() != "After" {
		if time.Now().After(deadline) {
			t.Fatal("Run did not pick up the change")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
}

func TestReloaderSumsUpWarnings(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "openapi.yaml")
	copySpec(t, path, "pets.yaml", same)
	var logs syncBuffer
	w := newTestReloader(t, mockserver.Options{SpecFile: path, EmptyState: true}, &logs)
	dirty, err := os.ReadFile("../../testdata/corpus/dirty/warnings.yaml")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, string(dirty))
	if reloaded, err := w.Check(); !reloaded || err != nil {
		t.Fatalf("Check = %v, %v", reloaded, err)
	}
	n := len(w.Server().Warnings())
	lines := strings.Count(logs.String(), "reloaded spec has a problem")
	if n < 4 || lines != len(summarizeWarnings(w.Server().Warnings(), nil)) || lines >= n || !strings.Contains(logs.String(), spec.KindExampleMismatch+" ×") {
		t.Errorf("%d warnings logged in %d lines, want one a kind:\n%s", n, lines, logs.String())
	}
}
