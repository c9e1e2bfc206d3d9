package mockserver

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/mockserver-go/mockserver/internal/admin"
	"github.com/mockserver-go/mockserver/internal/engine"
	"github.com/mockserver-go/mockserver/internal/handler"
	"github.com/mockserver-go/mockserver/internal/inspector"
	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/posthog"
	"github.com/mockserver-go/mockserver/internal/proxy"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// Server is a mock of one contract. It is an http.Handler and owns its
// state: two Servers never share anything.
type Server struct {
	eng     *engine.Engine
	journal *journal.Journal
	h       http.Handler
	base    string
	opts    Options
	proxy   *proxy.Proxy
}

var _ http.Handler = (*Server)(nil)

// New builds a server. It never panics: a document that cannot be served,
// bad fixtures or bad options are returned as an error that says where.
func New(opts Options) (s *Server, err error) { return newServer(opts, nil) }

// newServer is New with a journal shared with other servers (hot reload,
// several documents); nil makes a new one.
func newServer(opts Options, jr *journal.Journal) (s *Server, err error) {
	defer func() {
		if v := recover(); v != nil {
			s, err = nil, fmt.Errorf("mockserver: internal error while starting: %v", v)
		}
	}()
	data, loc, embedded, err := specSource(opts)
	if err != nil {
		return nil, err
	}
	names := posthog.Names()
	// The embedded contract is validated by its tests (contract_test.go).
	doc, err := spec.Load(data, spec.LoadOptions{AllowExternalRefs: opts.AllowExternalRefs, Location: loc, Behaviours: names,
		SkipValidation: embedded})
	if err != nil {
		return nil, err
	}
	behaviours, hooks := posthog.Register()
	cfg := engine.Config{Doc: doc, Seed: opts.Seed, Behaviours: behaviours, Hooks: hooks, Now: opts.Now,
		SelfCheck: !opts.SkipSelfCheck, StrictResponses: opts.ResponseErrors, Tokens: tokens(opts.Tokens, doc), Known: knownScopes(opts.Projects, doc), MaxDepth: opts.MaxDepth, RateLimit: opts.RateLimit}
	if opts.EmptyState || opts.FixturesDir != "" {
		cfg.SeedObjects = -1
	}
	eng, err := engine.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("mockserver: %w", err)
	}
	if jr == nil {
		jr = journal.New(opts.JournalSize)
	}
	s = &Server{eng: eng, journal: jr, opts: opts, base: strings.TrimSuffix(opts.BasePath, "/")}
	if opts.FixturesDir != "" {
		if err := s.loadFixtures(opts.FixturesDir); err != nil {
			return nil, err
		}
	}
	if opts.StateFile != "" {
		if err := s.restoreState(opts.StateFile); err != nil {
			return nil, err
		}
	}
	hc := handler.Config{Engine: eng, Journal: s.journal, Logger: opts.Logger, MaxBody: opts.MaxBody,
		CORS: !opts.DisableCORS, Latency: latency(opts), Mount: opts.mount}
	if err := s.setupProxy(&hc); err != nil {
		return nil, err
	}
	if !opts.DisableAdmin {
		hc.Admin = admin.Mount(admin.Config{Engine: eng, Journal: s.journal, Token: opts.AdminToken, Reset: s.Reset,
			Report: s.report, Stop: opts.OnStop, Extra: inspector.Mount(inspector.Info{Title: doc.Title, Operations: len(doc.Operations)})})
	}
	s.h = handler.New(hc)
	return s, nil
}

// Warnings are problems of the document that did not stop it loading.
func (s *Server) Warnings() []string { return append([]string(nil), s.eng.Doc().Warnings...) }

// Title is the contract's title; Operations its number of operations.
func (s *Server) Title() string { return s.eng.Doc().Title }

// Operations counts the contract's operations.
func (s *Server) Operations() int { return len(s.eng.Doc().Operations) }

// ServeHTTP answers a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.base != "" && !strings.HasPrefix(r.URL.Path, handler.AdminPrefix) {
		if !strings.HasPrefix(r.URL.Path, s.base+"/") && r.URL.Path != s.base {
			http.NotFound(w, r)
			return
		}
		r2 := handler.WithPublicPath(r.Clone(r.Context()), r.URL.Path)
		r2.URL.Path = strings.TrimPrefix(r.URL.Path, s.base)
		r2.URL.RawPath = strings.TrimPrefix(r.URL.RawPath, s.base)
		r = r2
	}
	s.h.ServeHTTP(w, r)
}

// Reset restores the starting state (seeded or fixtures) and clears faults.
// The journal is kept; see ResetJournal.
func (s *Server) Reset() {
	s.eng.Reset()
	if s.opts.FixturesDir != "" {
		_ = s.loadFixtures(s.opts.FixturesDir)
	}
}

// ResetJournal forgets every recorded request and violation.
func (s *Server) ResetJournal() { s.journal.Reset() }

// scopeParam is the path parameter that partitions the document's state
// (PostHog's project_id): the first scope parameter of the resources, in
// name order.
func scopeParam(doc *spec.Doc) string {
	names := make([]string, 0, len(doc.Resources))
	for n := range doc.Resources {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if sp := doc.Resources[n].ScopeParams; len(sp) > 0 {
			return sp[0]
		}
	}
	return ""
}

// knownScopes turns Options.Projects into the engine's known values of the
// scope parameter (nil: every value exists).
func knownScopes(projects []string, doc *spec.Doc) map[string][]string {
	sp := scopeParam(doc)
	if len(projects) == 0 || sp == "" {
		return nil
	}
	return map[string][]string{sp: append([]string(nil), projects...)}
}

func tokens(in map[string]Token, doc *spec.Doc) map[string]engine.Token {
	if len(in) == 0 {
		return nil
	}
	scopeParam := scopeParam(doc)
	out := make(map[string]engine.Token, len(in))
	for k, t := range in {
		et := engine.Token{Scopes: append([]string(nil), t.Scopes...)}
		if len(t.Projects) > 0 && scopeParam != "" {
			et.Scoped = map[string][]string{scopeParam: append([]string(nil), t.Projects...)}
		}
		out[k] = et
	}
	return out
}

// ErrUnknownResource is returned for a resource name the contract lacks.
var ErrUnknownResource = errors.New("unknown resource")
