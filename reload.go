package mockserver

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mockserver-go/mockserver/internal/journal"
)

// DefaultWatchInterval is how often a Watcher looks at its files.
const DefaultWatchInterval = 500 * time.Millisecond

// Watcher serves a Server and replaces it when the spec file
// (Options.SpecFile) or the fixture files (Options.FixturesDir) change: hot
// reload. Requests in flight finish on the server they started on; new
// ones go to the new server. The journal is kept across reloads, and so is
// the state of every resource that still exists, unless the fixtures
// changed (then the state is the new fixtures'). An edit that does not load
// keeps the last good server running and is logged with what is wrong.
type Watcher struct {
	opts Options
	log  *slog.Logger
	jr   *journal.Journal
	cur  atomic.Pointer[Server]

	mu    sync.Mutex // one reload at a time; guards the stamps
	spec  string
	fixts string
}

// NewWatcher builds the first server (an error if it does not load) and
// records the files' stamps. log receives reload messages (nil: discarded).
// Call Run to poll, or Check to look once.
func NewWatcher(opts Options, log *slog.Logger) (*Watcher, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w := &Watcher{opts: opts, log: log, jr: journal.New(opts.JournalSize)}
	w.spec, w.fixts = w.stamps()
	s, err := newServer(opts, w.jr)
	if err != nil {
		return nil, err
	}
	w.cur.Store(s)
	return w, nil
}

// Server returns the server answering now.
func (w *Watcher) Server() *Server { return w.cur.Load() }

// ServeHTTP answers with the current server.
func (w *Watcher) ServeHTTP(rw http.ResponseWriter, r *http.Request) { w.cur.Load().ServeHTTP(rw, r) }

// Run checks the files every interval (DefaultWatchInterval when <= 0)
// until ctx ends.
func (w *Watcher) Run(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		interval = DefaultWatchInterval
	}
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
func (w *Watcher) Check() (reloaded bool, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	spec, fixts := w.stamps()
	if spec == w.spec && fixts == w.fixts {
		return false, nil
	}
	fixturesChanged := fixts != w.fixts
	w.spec, w.fixts = spec, fixts
	next, err := newServer(w.opts, w.jr)
	if err != nil {
		w.log.Error("reload failed: still serving the last good version", "spec", w.specName(), "err", err.Error())
		return false, err
	}
	old := w.cur.Load()
	attrs := []any{"spec", w.specName(), "title", next.Title(), "operations", next.Operations()}
	if kept, dropped := next.eng.AdoptFaults(old.eng); len(kept)+len(dropped) > 0 {
		attrs = append(attrs, "faults_kept", strings.Join(kept, ","), "faults_dropped", strings.Join(dropped, ","))
	}
	if fixturesChanged {
		attrs = append(attrs, "state", "reloaded from the fixtures")
	} else {
		kept, dropped, err := next.eng.Adopt(old.eng)
		if err != nil {
			w.log.Error("reload failed: still serving the last good version", "spec", w.specName(), "err", err.Error())
			return false, err
		}
		attrs = append(attrs, "state_kept", strings.Join(kept, ","), "state_dropped", strings.Join(dropped, ","))
	}
	w.cur.Store(next)
	for _, warn := range next.Warnings() {
		w.log.Warn("reloaded spec has a problem", "spec", w.specName(), "warning", warn)
	}
	w.log.Info("reloaded", attrs...)
	return true, nil
}

func (w *Watcher) specName() string {
	if w.opts.SpecFile == "" || len(w.opts.Spec) > 0 {
		return "(embedded)"
	}
	return w.opts.SpecFile
}

// stamps describe the watched files by size and modification time: a
// change of either is a change. A missing file is a stamp too ("missing").
func (w *Watcher) stamps() (spec, fixtures string) {
	if w.opts.SpecFile != "" && len(w.opts.Spec) == 0 {
		spec = stamp(w.opts.SpecFile)
	}
	if dir := w.opts.FixturesDir; dir != "" {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return spec, "unreadable: " + err.Error()
		}
		var parts []string
		for _, e := range entries {
			ext := strings.ToLower(filepath.Ext(e.Name()))
			if !e.IsDir() && (ext == ".json" || ext == ".yaml" || ext == ".yml") {
				parts = append(parts, e.Name()+"="+stamp(filepath.Join(dir, e.Name())))
			}
		}
		sort.Strings(parts)
		fixtures = strings.Join(parts, ";")
	}
	return spec, fixtures
}

func stamp(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return "missing"
	}
	return fmt.Sprintf("%d@%d", fi.Size(), fi.ModTime().UnixNano())
}
