package mockserver

import (
	"context"
	"errors"
	"fmt"
	"github.com/mockserver-go/mockserver/internal/store"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"sync"

	"github.com/mockserver-go/mockserver/internal/admin"
	"github.com/mockserver-go/mockserver/internal/handler"
	"github.com/mockserver-go/mockserver/internal/inspector"
	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/store/redisstore"
)

// Server is a mock of one contract, or of several documents each under
// its own path prefix (Options.Documents). It is an http.Handler and owns
// its state: two Servers never share anything.
type Server struct {
	docs    []*document // in Options order; one, unnamed, for Spec/SpecFile
	journal *journal.Journal
	// logs are the documents' change logs with a StateFile (statefile.go),
	// in docs order; saveMu runs one SaveState at a time; stateNotes are
	// what restoring the state tolerated (a torn last line).
	logs       []*store.LogFile
	saveMu     sync.Mutex
	stateNotes []string
	opts       Options
	// own answers the admin endpoints and the paths outside every
	// document.
	own http.Handler
}

var _ http.Handler = (*Server)(nil)

// New builds a server. It never panics: a document that cannot be served,
// bad fixtures or bad options are returned as an error that says where.
func New(opts Options) (*Server, error) { return NewContext(context.Background(), opts) }

// NewContext is New, stopping when ctx is cancelled while it restores a
// StateFile (a large one takes a while).
func NewContext(ctx context.Context, opts Options) (*Server, error) {
	s, err := newServer(opts, nil, nil)
	if err != nil {
		return nil, err
	}
	if opts.StateFile != "" {
		_, statErr := os.Stat(opts.StateFile)
		if err := s.restoreState(ctx, opts.StateFile); err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("mockserver: stopped while restoring --state %s (the file is unchanged): %w", opts.StateFile, context.Cause(ctx))
			}
			return nil, err
		}
		if err := s.openLogs(); err != nil {
			return nil, err
		}
		// On a first start the starting state (fixtures, say) is in no
		// file yet, and the log only has what changes it: save it now.
		if errors.Is(statErr, fs.ErrNotExist) {
			if err := s.SaveState(); err != nil {
				_ = s.Close()
				return nil, err
			}
		}
	}
	return s, nil
}

// newServer is New with the journal of the server it replaces (Reload),
// and that server's connections to its shared store; nil makes new ones.
func newServer(opts Options, jr *journal.Journal, prev *Server) (s *Server, err error) {
	var built *Server // what is built so far, whose connections a failure closes
	defer func() {
		if v := recover(); v != nil {
			s, err = nil, fmt.Errorf("mockserver: internal error while starting: %v", v)
		}
		if err != nil && built != nil {
			built.closeStores()
		}
	}()
	docs, err := documents(opts)
	if err != nil {
		return nil, err
	}
	if jr == nil {
		jr = journal.New(opts.JournalSize)
	}
	s = &Server{journal: jr, opts: opts}
	built = s
	base := strings.TrimSuffix(opts.BasePath, "/")
	for i, d := range docs {
		var prevShared *redisstore.Store
		if prev != nil && i < len(prev.docs) {
			prevShared = prev.docs[i].shared
		}
		doc, err := newDocument(d, opts, base, jr, prevShared)
		if err != nil {
			if d.Name != "" {
				return nil, &documentError{name: d.Name, err: err}
			}
			return nil, err
		}
		s.docs = append(s.docs, doc)
	}
	if err := s.checkScopeValues(); err != nil {
		return nil, err
	}
	hc := handler.Config{Engine: s.docs[0].eng, Journal: jr, Logger: opts.Logger, MaxBody: opts.MaxBody,
		CORS: !opts.DisableCORS, CORSCredentials: opts.CORSCredentials, Answer: s.unmounted}
	if !opts.DisableAdmin {
		hc.Admin = admin.Mount(admin.Config{Engine: s.docs[0].eng, Journal: jr, Token: opts.AdminToken, Reset: s.Reset,
			Docs: s.adminDocs, Report: s.Report, Stop: opts.OnStop,
			Extra: inspector.Mount(inspector.Info{Title: s.Title(), Operations: s.Operations()})})
	}
	s.own = handler.New(hc)
	return s, nil
}

// documents are the documents opts serve: Options.Documents, checked, or
// the one of Spec/SpecFile (the embedded contract when both are empty).
func documents(opts Options) ([]Document, error) {
	if len(opts.Documents) == 0 {
		return []Document{{Spec: opts.Spec, SpecFile: opts.SpecFile, FixturesDir: opts.FixturesDir}}, nil
	}
	if len(opts.Spec) > 0 || opts.SpecFile != "" {
		return nil, &OptionError{Option: "Spec", Value: opts.SpecFile, Reason: "set either Spec/SpecFile (one document) or Documents (several), not both"}
	}
	seen := map[string]bool{}
	out := make([]Document, len(opts.Documents))
	for i, d := range opts.Documents {
		if !validName(d.Name) || "/"+d.Name == handler.AdminPrefix {
			return nil, &OptionError{Option: "Documents name", Value: d.Name, Reason: "want letters, digits, '.', '_' or '-' (and not __mock)"}
		}
		if seen[d.Name] {
			return nil, &OptionError{Option: "Documents name", Value: d.Name, Reason: "used twice"}
		}
		seen[d.Name] = true
		if len(d.Spec) == 0 && d.SpecFile == "" {
			return nil, &OptionError{Option: "Documents", Value: d.Name, Reason: "needs Spec or SpecFile"}
		}
		if d.FixturesDir == "" {
			d.FixturesDir = opts.FixturesDir
		}
		out[i] = d
	}
	return out, nil
}

// validName reports whether name can be a path segment of its own: a
// letter or digit, then letters, digits, '.', '_' or '-'.
func validName(name string) bool {
	for i, r := range name {
		alnum := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
		if !alnum && (i == 0 || (r != '.' && r != '_' && r != '-')) {
			return false
		}
	}
	return name != ""
}

// named reports whether the documents are mounted under names (Documents)
// rather than one at the root.
func (s *Server) named() bool { return s.docs[0].name != "" }

// ServeHTTP answers a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if d := s.route(r.URL.Path); d != nil {
		d.ServeHTTP(w, r)
		return
	}
	s.own.ServeHTTP(w, r)
}

// route is the document serving path; nil for the admin endpoints and
// paths outside every document.
func (s *Server) route(path string) *document {
	if !s.opts.DisableAdmin && (path == handler.AdminPrefix || strings.HasPrefix(path, handler.AdminPrefix+"/")) {
		return nil
	}
	for _, d := range s.docs {
		if d.serves(path) {
			return d
		}
	}
	return nil
}

// Title is the contract's title; with several documents, their titles
// with their prefixes ("Shop (/shop) + Billing (/billing)").
func (s *Server) Title() string {
	if !s.named() {
		return s.docs[0].eng.Doc().Title
	}
	parts := make([]string, len(s.docs))
	for i, d := range s.docs {
		parts[i] = d.eng.Doc().Title + " (/" + d.name + ")"
	}
	return strings.Join(parts, " + ")
}

// Operations counts the operations of every document.
func (s *Server) Operations() int {
	n := 0
	for _, d := range s.docs {
		n += len(d.eng.Doc().Operations)
	}
	return n
}

// Warnings are problems of the documents that did not stop them loading
// (prefixed by the document's name with several).
func (s *Server) Warnings() []string {
	out := append([]string(nil), s.stateNotes...)
	for _, d := range s.docs {
		for _, w := range d.eng.Doc().Warnings {
			out = append(out, d.qualify(w, ": "))
		}
	}
	return out
}

// Reset restores the starting state (seeded or fixtures) of every
// document and clears faults. The journal is kept; see ResetJournal. An
// error says what failed: the store (StoreURL: Redis unreachable, say),
// or the fixtures, read again; the other documents are reset anyway.
func (s *Server) Reset() error {
	var errs []error
	for _, d := range s.docs {
		if err := d.reset(); err != nil {
			if d.name != "" {
				err = &documentError{d.name, err}
			}
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// ResetJournal forgets every recorded request and violation.
func (s *Server) ResetJournal() { s.journal.Reset() }

func (s *Server) adminDocs() []admin.Doc {
	out := make([]admin.Doc, len(s.docs))
	for i, d := range s.docs {
		out[i] = admin.Doc{Name: d.name, Engine: d.eng}
	}
	return out
}

// ErrUnknownResource is returned for a resource name the contract lacks.
var ErrUnknownResource = errors.New("unknown resource")

// documentError names the document of several that an error is about,
// keeping the error's one "mockserver: " prefix in front.
type documentError struct {
	name string
	err  error
}

func (e *documentError) Error() string {
	return fmt.Sprintf("mockserver: document %q: %s", e.name, strings.TrimPrefix(e.err.Error(), "mockserver: "))
}

func (e *documentError) Unwrap() error { return e.err }
