package mockserver

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver/internal/admin"
	"github.com/mockserver-go/mockserver/internal/engine"
	"github.com/mockserver-go/mockserver/internal/handler"
	"github.com/mockserver-go/mockserver/internal/inspector"
	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// Mount is one document of a Multi server: its Options (BasePath is set
// to "/"+Name) and the name it is mounted under.
type Mount struct {
	Name    string
	Options Options
}

var mountName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// Multi serves several documents on one server, each under its own path
// prefix (/name/...), each with its own engine and state (as Prism users
// run several instances). The journal is shared, and the admin endpoints
// and the inspector stay at /__mock/: /__mock/state names collections
// "name:key", /__mock/reset resets every document.
type Multi struct {
	mounts []*mounted
	admin  http.Handler
	jr     *journal.Journal
	opts   MultiOptions
}

type mounted struct {
	name   string
	prefix string
	w      *Watcher
}

// MultiOptions are what the documents share. Each Mount's own admin,
// journal-size and logger options are ignored in favour of these.
type MultiOptions struct {
	Logger       *slog.Logger
	JournalSize  int
	AdminToken   string
	DisableAdmin bool
	DisableCORS  bool
	// CORSCredentials: see Options.CORSCredentials.
	CORSCredentials bool
	// ReloadLog receives hot-reload messages (see Watch); nil discards.
	ReloadLog *slog.Logger
	// StateFile is where every document's state lives across restarts,
	// one section per mount (see SaveState); each Mount's own StateFile is
	// ignored.
	StateFile string
	// OnStop, when set, enables POST /__mock/stop (see Options.OnStop).
	OnStop func()
	// Now is the clock of the report (time.Now when nil).
	Now func() time.Time
}

// NewMulti builds one server per mount. Names must be unique path
// segments; an error names the mount that failed.
func NewMulti(mounts []Mount, mo MultiOptions) (*Multi, error) {
	if len(mounts) == 0 {
		return nil, fmt.Errorf("mockserver: no documents to serve")
	}
	jr := journal.New(mo.JournalSize)
	m := &Multi{jr: jr, opts: mo}
	seen := map[string]bool{}
	for _, mt := range mounts {
		if !mountName.MatchString(mt.Name) || mt.Name == strings.TrimPrefix(handler.AdminPrefix, "/") {
			return nil, fmt.Errorf("mockserver: mount name %q: want letters, digits, '.', '_' or '-' (and not __mock)", mt.Name)
		}
		if seen[mt.Name] {
			return nil, fmt.Errorf("mockserver: mount name %q is used twice", mt.Name)
		}
		seen[mt.Name] = true
		o := mt.Options
		o.BasePath = "/" + mt.Name
		o.DisableAdmin = true
		o.DisableCORS = mo.DisableCORS
		o.CORSCredentials = mo.CORSCredentials
		o.Logger = mo.Logger
		o.StateFile = "" // the Multi's own file holds every document's state
		o.mount = mt.Name
		w := &Watcher{opts: o, log: orDiscard(mo.ReloadLog), jr: jr}
		w.spec, w.fixts = w.stamps()
		s, err := newServer(o, jr)
		if err != nil {
			return nil, fmt.Errorf("mockserver: document %q: %w", mt.Name, err)
		}
		w.cur.Store(s)
		m.mounts = append(m.mounts, &mounted{name: mt.Name, prefix: "/" + mt.Name, w: w})
	}
	if mo.StateFile != "" {
		if err := m.restoreState(mo.StateFile); err != nil {
			return nil, err
		}
	}
	// The server's own paths (admin, inspector, and anything outside a
	// mount) are answered by an engine with an empty document, so errors
	// are problem+json and CORS and the journal work as everywhere else.
	doc, err := spec.Load(m.rootDoc(), spec.LoadOptions{Location: "(mounts)"})
	if err != nil {
		return nil, fmt.Errorf("mockserver: internal error: %w", err)
	}
	eng, err := engine.New(engine.Config{Doc: doc})
	if err != nil {
		return nil, fmt.Errorf("mockserver: internal error: %w", err)
	}
	hc := handler.Config{Engine: eng, Journal: jr, Logger: mo.Logger, CORS: !mo.DisableCORS, CORSCredentials: mo.CORSCredentials}
	if !mo.DisableAdmin {
		hc.Admin = admin.Mount(admin.Config{Journal: jr, Token: mo.AdminToken, Reset: m.Reset, Docs: m.docs, Report: m.Report, Stop: mo.OnStop,
			Extra: inspector.Mount(inspector.Info{Title: m.Title(), Operations: m.Operations()})})
	}
	m.admin = handler.New(hc)
	return m, nil
}

// rootDoc is the document of the server's own paths: GET / lists the
// mounts.
func (m *Multi) rootDoc() []byte {
	mounts := make([]any, len(m.mounts))
	for i, mt := range m.mounts {
		mounts[i] = map[string]any{"name": mt.name, "path": mt.prefix + "/", "title": mt.w.Server().Title()}
	}
	example := map[string]any{"mounts": mounts, "inspector": handler.AdminPrefix + "/"}
	doc := map[string]any{"openapi": "3.0.3", "info": map[string]any{"title": "mockserver", "version": "1"},
		"paths": map[string]any{"/": map[string]any{"get": map[string]any{"operationId": "mockserver_mounts",
			"summary": "The documents this server mounts", "responses": map[string]any{"200": map[string]any{
				"description": "mounts", "content": map[string]any{"application/json": map[string]any{"example": example}}}}}}}}
	b, _ := json.Marshal(doc)
	return b
}

func orDiscard(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}

func (m *Multi) docs() []admin.Doc {
	out := make([]admin.Doc, len(m.mounts))
	for i, mt := range m.mounts {
		out[i] = admin.Doc{Name: mt.name, Engine: mt.w.Server().eng}
	}
	return out
}

// ServeHTTP sends /name/... to that document, everything else to the
// admin endpoints or a 404 that lists the mounts.
func (m *Multi) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for _, mt := range m.mounts {
		if r.URL.Path == mt.prefix || strings.HasPrefix(r.URL.Path, mt.prefix+"/") {
			mt.w.ServeHTTP(w, r)
			return
		}
	}
	m.admin.ServeHTTP(w, r)
}

// Server returns the server of the named document (nil when none).
func (m *Multi) Server(name string) *Server {
	for _, mt := range m.mounts {
		if mt.name == name {
			return mt.w.Server()
		}
	}
	return nil
}

// Names lists the mount names in order.
func (m *Multi) Names() []string {
	out := make([]string, len(m.mounts))
	for i, mt := range m.mounts {
		out[i] = mt.name
	}
	return out
}

// Title joins the documents' titles.
func (m *Multi) Title() string {
	parts := make([]string, len(m.mounts))
	for i, mt := range m.mounts {
		parts[i] = mt.w.Server().Title() + " (/" + mt.name + ")"
	}
	return strings.Join(parts, " + ")
}

// Operations counts the operations of every document.
func (m *Multi) Operations() int {
	n := 0
	for _, mt := range m.mounts {
		n += mt.w.Server().Operations()
	}
	return n
}

// Warnings are every document's warnings, prefixed by its name.
func (m *Multi) Warnings() []string {
	var out []string
	for _, mt := range m.mounts {
		for _, w := range mt.w.Server().Warnings() {
			out = append(out, mt.name+": "+w)
		}
	}
	return out
}

// Reset resets every document's state.
func (m *Multi) Reset() {
	for _, mt := range m.mounts {
		mt.w.Server().Reset()
	}
}

// Watch reloads each document when its files change (see Watcher), until
// ctx ends.
func (m *Multi) Watch(ctx context.Context, interval time.Duration) {
	for _, mt := range m.mounts {
		go mt.w.Run(ctx, interval)
	}
}
