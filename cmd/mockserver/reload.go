package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mockserver-go/mockserver"
)

// defaultWatchInterval is how often --watch looks at the files.
const defaultWatchInterval = 500 * time.Millisecond

// reloader is the handler the command serves: the current *Server, which
// --watch replaces when a spec file or a fixture file changes (hot
// reload). Requests in flight finish on the server they started on; new
// ones go to the new server, which keeps the journal, the faults and the
// state of every resource that still exists (Server.Reload), unless the
// fixtures changed (then the state is the new fixtures'). An edit that
// does not load keeps the last good server running and is logged with
// what is wrong.
type reloader struct {
	cur atomic.Pointer[mockserver.Server]
	log *slog.Logger
	// specs and fixtures are the files and directories watched.
	specs, fixtures []string
	names           []string // of the documents, which start their warnings

	mu     sync.Mutex // one reload at a time; guards the stamps
	stamps struct{ specs, fixtures string }
}

// newReloader serves s, watching the files opts names.
func newReloader(s *mockserver.Server, opts mockserver.Options, log *slog.Logger) *reloader {
	w := &reloader{log: log}
	if opts.SpecFile != "" && len(opts.Spec) == 0 {
		w.specs = append(w.specs, opts.SpecFile)
	}
	if opts.FixturesDir != "" {
		w.fixtures = append(w.fixtures, opts.FixturesDir)
	}
	for _, d := range opts.Documents {
		w.names = append(w.names, d.Name)
		if d.SpecFile != "" && len(d.Spec) == 0 {
			w.specs = append(w.specs, d.SpecFile)
		}
		w.specs = append(w.specs, d.OverlayFiles...)
		if d.FixturesDir != "" && !slices.Contains(w.fixtures, d.FixturesDir) {
			w.fixtures = append(w.fixtures, d.FixturesDir)
		}
	}
	w.specs = append(w.specs, opts.OverlayFiles...) // an edited overlay changes the document
	w.stamps.specs, w.stamps.fixtures = w.stamp()
	w.cur.Store(s)
	return w
}

// Server returns the server answering now.
func (w *reloader) Server() *mockserver.Server { return w.cur.Load() }

// ServeHTTP answers with the current server.
func (w *reloader) ServeHTTP(rw http.ResponseWriter, r *http.Request) { w.cur.Load().ServeHTTP(rw, r) }

// Run checks the files every interval until ctx ends.
func (w *reloader) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_, _ = w.Check()
		}
	}
}

// Check reloads when a watched file changed since the last look. It
// reports whether the server was replaced, and the load error of a broken
// edit (the previous server keeps answering; the same broken files are not
// reported twice).
func (w *reloader) Check() (reloaded bool, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	specs, fixtures := w.stamp()
	if specs == w.stamps.specs && fixtures == w.stamps.fixtures {
		return false, nil
	}
	fixturesChanged := fixtures != w.stamps.fixtures
	w.stamps.specs, w.stamps.fixtures = specs, fixtures
	old := w.cur.Load()
	next, got, err := old.Reload(fixturesChanged)
	if err != nil {
		w.log.Error("reload failed: still serving the last good version", "spec", w.specName(), "err", err.Error())
		return false, err
	}
	attrs := []any{"spec", w.specName(), "title", next.Title(), "operations", next.Operations()}
	if len(got.FaultsKept)+len(got.FaultsDropped) > 0 {
		attrs = append(attrs, "faults_kept", strings.Join(got.FaultsKept, ","), "faults_dropped", strings.Join(got.FaultsDropped, ","))
	}
	if fixturesChanged {
		attrs = append(attrs, "state", "reloaded from the fixtures")
	} else {
		attrs = append(attrs, "state_kept", strings.Join(got.StateKept, ","), "state_dropped", strings.Join(got.StateDropped, ","))
	}
	w.cur.Store(next)
	for _, warn := range summarizeWarnings(next.Warnings(), w.names) {
		w.log.Warn("reloaded spec has a problem", "spec", w.specName(), "warning", warn)
	}
	w.log.Info("reloaded", attrs...)
	return true, nil
}

func (w *reloader) specName() string {
	if len(w.specs) == 0 {
		return "(embedded)"
	}
	return strings.Join(w.specs, ",")
}

// stamp describes the watched files by size and modification time: a
// change of either is a change. A missing file is a stamp too ("missing").
func (w *reloader) stamp() (specs, fixtures string) {
	parts := make([]string, len(w.specs))
	for i, p := range w.specs {
		parts[i] = fileStamp(p)
	}
	specs = strings.Join(parts, ";")
	parts = parts[:0]
	for _, dir := range w.fixtures {
		entries, err := os.ReadDir(dir)
		if err != nil {
			parts = append(parts, dir+": unreadable: "+err.Error())
			continue
		}
		for _, e := range entries {
			ext := strings.ToLower(filepath.Ext(e.Name()))
			if !e.IsDir() && (ext == ".json" || ext == ".yaml" || ext == ".yml") {
				p := filepath.Join(dir, e.Name())
				parts = append(parts, p+"="+fileStamp(p))
			}
		}
	}
	sort.Strings(parts)
	return specs, strings.Join(parts, ";")
}

func fileStamp(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return "missing"
	}
	return fmt.Sprintf("%d@%d", fi.Size(), fi.ModTime().UnixNano())
}
