package mockserver

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// reloadLog is a log sink safe for the watcher's goroutine.
type reloadLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *reloadLog) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *reloadLog) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestWatcherReloadsKeepsStateAndSurvivesBrokenEdits(t *testing.T) {
	path := tempSpecFile(t, dxPetsSpec("Pets v1", ""))
	var logs reloadLog
	w, err := NewWatcher(Options{SpecFile: path, EmptyState: true}, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if r := call(t, w, "POST", "/pets", `{"name":"Rex"}`); r.Code != 201 {
		t.Fatalf("create: %d %s", r.Code, r.Body.String())
	}
	if r := call(t, w, "GET", "/owners", ""); r.Code != 404 {
		t.Fatalf("owners before reload: %d", r.Code)
	}
	if reloaded, err := w.Check(); reloaded || err != nil {
		t.Fatalf("nothing changed, yet Check = %v, %v", reloaded, err)
	}

	// A new resource appears; pets keep their state; the journal is kept.
	writeSpecFile(t, path, dxPetsSpec("Pets v2", ownersPaths))
	if reloaded, err := w.Check(); !reloaded || err != nil {
		t.Fatalf("Check after an edit = %v, %v", reloaded, err)
	}
	if w.Server().Title() != "Pets v2" {
		t.Fatalf("title %q", w.Server().Title())
	}
	if r := call(t, w, "GET", "/owners", ""); r.Code != 200 {
		t.Fatalf("owners after reload: %d %s", r.Code, r.Body.String())
	}
	if r := call(t, w, "GET", "/pets", ""); !hasString(petNames(t, r.Body.String()), "Rex") {
		t.Fatalf("state lost on reload: %s", r.Body.String())
	}
	if n := len(w.Server().Requests()); n != 4 {
		t.Fatalf("journal across the reload has %d requests, want 4", n)
	}
	if !strings.Contains(logs.String(), "reloaded") || !strings.Contains(logs.String(), "state_kept=pets") {
		t.Fatalf("reload not logged with what was kept: %s", logs.String())
	}

	// A broken edit keeps the last good spec running and says what is wrong.
	writeSpecFile(t, path, dxPetsSpec("Pets v3", ownersPaths)+"  broken: [unclosed\n")
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
	if r := call(t, w, "GET", "/owners", ""); r.Code != 200 || w.Server().Title() != "Pets v2" {
		t.Fatalf("last good version not kept: %d %q", r.Code, w.Server().Title())
	}
	if reloaded, err := w.Check(); reloaded || err != nil {
		t.Fatalf("the same broken file is reported again: %v %v", reloaded, err)
	}

	// Fixing it reloads; a resource that disappears loses its state.
	writeSpecFile(t, path, strings.Replace(dxPetsSpec("Pets v4", ownersPaths), "  /pets:", "  /cats:", 1))
	if reloaded, err := w.Check(); !reloaded || err != nil {
		t.Fatalf("fixed edit: %v %v", reloaded, err)
	}
	if r := call(t, w, "GET", "/pets", ""); r.Code != 404 {
		t.Fatalf("/pets after removal: %d", r.Code)
	}
	if !strings.Contains(logs.String(), "state_dropped=pets") {
		t.Errorf("dropped state not logged: %s", logs.String())
	}
}

func TestWatcherReloadsFixtures(t *testing.T) {
	path := tempSpecFile(t, dxPetsSpec("Pets", ""))
	dir := t.TempDir()
	fx := filepath.Join(dir, "pets.json")
	writeSpecFile(t, fx, `{"resource":"pets","objects":[{"id":1,"name":"Ada"}]}`)
	w, err := NewWatcher(Options{SpecFile: path, FixturesDir: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := petNames(t, call(t, w, "GET", "/pets", "").Body.String()); len(got) != 1 || got[0] != "Ada" {
		t.Fatalf("fixtures: %v", got)
	}
	writeSpecFile(t, fx, `{"resource":"pets","objects":[{"id":1,"name":"Ada"},{"id":2,"name":"Grace"}]}`)
	if reloaded, err := w.Check(); !reloaded || err != nil {
		t.Fatalf("Check: %v %v", reloaded, err)
	}
	if got := petNames(t, call(t, w, "GET", "/pets", "").Body.String()); len(got) != 2 || got[1] != "Grace" {
		t.Fatalf("fixtures after reload: %v", got)
	}
	// A bad fixture file keeps the last good version.
	writeSpecFile(t, fx, `{"resource":"pets","objects":[{"id":"x","name":7}]}`)
	if reloaded, err := w.Check(); reloaded || err == nil || !strings.Contains(err.Error(), "pets.json") {
		t.Fatalf("bad fixture: %v %v", reloaded, err)
	}
	if got := petNames(t, call(t, w, "GET", "/pets", "").Body.String()); len(got) != 2 {
		t.Fatalf("last good fixtures lost: %v", got)
	}
}

func TestWatcherRunPolls(t *testing.T) {
	path := tempSpecFile(t, dxPetsSpec("Before", ""))
	w, err := NewWatcher(Options{SpecFile: path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx, 5*time.Millisecond); close(done) }()
	writeSpecFile(t, path, dxPetsSpec("After", ""))
	deadline := time.Now().Add(5 * time.Second)
	for w.Server().Title() != "After" {
		if time.Now().After(deadline) {
			t.Fatal("Run did not pick up the change")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}
