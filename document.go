package mockserver

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/mockserver-go/mockserver/internal/access"
	"github.com/mockserver-go/mockserver/internal/engine"
	"github.com/mockserver-go/mockserver/internal/handler"
	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/posthog"
	"github.com/mockserver-go/mockserver/internal/proxy"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/store/redisstore"
	"github.com/mockserver-go/mockserver/plugin"
)

// document is one served document: its engine (state, faults) and the
// HTTP handler in front of it, under its path prefix.
type document struct {
	name   string // "" for the one document of Spec/SpecFile
	prefix string // BasePath, then "/"+name; "" at the root
	fixts  string // the fixtures directory Reset reloads
	eng    *engine.Engine
	h      http.Handler
	proxy  *proxy.Proxy
	shared *redisstore.Store // the state with Options.StoreURL, else nil
}

// newDocument loads d and builds its engine and handler with the
// Server's options, recording into jr. prev is the shared store of the
// document it replaces (Reload), if any.
func newDocument(d Document, opts Options, base string, jr *journal.Journal, prev *redisstore.Store) (_ *document, err error) {
	data, loc, embedded, err := specSource(d)
	if err != nil {
		return nil, err
	}
	data, overlayWarnings, err := applyOverlays(data, loc, opts, d)
	if err != nil {
		return nil, err
	}
	behaviours, hooks, err := plugins(opts)
	if err != nil {
		return nil, err
	}
	// The embedded contract is validated by its tests (contract_test.go).
	doc, err := spec.Load(data, spec.LoadOptions{AllowExternalRefs: opts.AllowExternalRefs, Location: loc,
		Behaviours: names(behaviours), Hooks: names(hooks), SkipValidation: embedded && !opts.overlaid(d)})
	switch {
	case errors.Is(err, spec.ErrUnknownBehaviour):
		return nil, fmt.Errorf("%w; a Go program provides its own in mockserver.Options.Behaviours", err)
	case errors.Is(err, spec.ErrUnknownHooks):
		return nil, fmt.Errorf("%w; a Go program provides its own in mockserver.Options.Hooks", err)
	}
	if err != nil {
		return nil, err
	}
	doc.Warnings = append(overlayWarnings, doc.Warnings...)
	cfg := engine.Config{Doc: doc, Seed: opts.Seed, Behaviours: behaviours, Hooks: hooks, Now: opts.Now,
		SelfCheck: !opts.SkipSelfCheck, StrictResponses: opts.ResponseErrors, Tokens: tokens(opts.Tokens), Known: copyValues(opts.ScopeValues),
		MaxDepth: opts.MaxDepth, RateLimit: opts.RateLimit}
	if opts.EmptyState || d.FixturesDir != "" {
		cfg.SeedObjects = -1
	}
	shared, err := sharedStore(d, opts, doc, prev)
	if err != nil {
		return nil, err
	}
	if shared != nil {
		cfg.Store = shared
		defer func() {
			if err != nil {
				shared.Close()
			}
		}()
	}
	eng, err := engine.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("mockserver: %w", err)
	}
	if mem := eng.Store(); mem != nil {
		mem.SetMaxObjects(maxObjects(opts.MaxObjects))
	}
	m := &document{name: d.Name, prefix: base, fixts: d.FixturesDir, eng: eng, shared: shared}
	if d.Name != "" {
		m.prefix += "/" + d.Name
	}
	if m.fixts != "" {
		if err := m.loadFixtures(m.fixts); err != nil {
			return nil, err
		}
	}
	hc := handler.Config{Engine: eng, Journal: jr, Logger: opts.Logger, MaxBody: opts.MaxBody,
		CORS: !opts.DisableCORS, CORSCredentials: opts.CORSCredentials, Latency: latency(opts), Mount: d.Name}
	if err := m.setupProxy(opts, &hc); err != nil {
		return nil, err
	}
	m.h = handler.New(hc)
	return m, nil
}

// plugins are the built-in behaviours and hooks with Options.Behaviours
// and Options.Hooks added. A user's name that a built-in one already has,
// or a nil entry, is an error naming it.
func plugins(opts Options) (map[string]plugin.Behaviour, map[string]*plugin.Hooks, error) {
	behaviours, hooks := posthog.Register()
	if err := add(behaviours, opts.Behaviours, "Behaviours", "a built-in behaviour has", func(b plugin.Behaviour) bool { return b == nil }); err != nil {
		return nil, nil, err
	}
	if err := add(hooks, opts.Hooks, "Hooks", "built-in hooks have", func(h *plugin.Hooks) bool { return h == nil }); err != nil {
		return nil, nil, err
	}
	return behaviours, hooks, nil
}

// add adds a user's entries (field names the option) to the built-in ones;
// taken says who already has a name.
func add[T any](builtin, user map[string]T, field, taken string, isNil func(T) bool) error {
	for _, name := range slices.Sorted(maps.Keys(user)) {
		v := user[name]
		if _, ok := builtin[name]; ok {
			return fmt.Errorf("mockserver: Options.%s[%q]: %s that name; choose another", field, name, taken)
		}
		if isNil(v) {
			return fmt.Errorf("mockserver: Options.%s[%q] is nil", field, name)
		}
		builtin[name] = v
	}
	return nil
}

// names is the set of a map's keys.
func names[T any](m map[string]T) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// serves reports whether path is the document's.
func (d *document) serves(path string) bool {
	return d.prefix == "" || path == d.prefix || strings.HasPrefix(path, d.prefix+"/")
}

// ServeHTTP answers a request for the document, its prefix stripped.
func (d *document) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if d.prefix != "" {
		r2 := handler.WithPublicPath(r.Clone(r.Context()), r.URL.Path)
		r2.URL.Path = strings.TrimPrefix(r.URL.Path, d.prefix)
		r2.URL.RawPath = strings.TrimPrefix(r.URL.RawPath, d.prefix)
		r = r2
	}
	d.h.ServeHTTP(w, r)
}

// reset restores the starting state and clears faults.
func (d *document) reset() error {
	if err := d.eng.Reset(); err != nil {
		return fmt.Errorf("mockserver: reset: %w", err)
	}
	if d.fixts != "" {
		return d.loadFixtures(d.fixts)
	}
	return nil
}

// qualify prefixes a name of the document's (a resource, an operation, a
// warning) with the document's name, when it has one.
func (d *document) qualify(s, sep string) string {
	if d.name == "" {
		return s
	}
	return d.name + sep + s
}

// tokens converts Options.Tokens into the engine's.
func tokens(in map[string]Token) map[string]access.Token {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]access.Token, len(in))
	for k, t := range in {
		out[k] = access.Token{Scopes: append([]string(nil), t.Scopes...), Scoped: copyValues(t.ScopeValues)}
	}
	return out
}

// copyValues copies a map of values by parameter, so that the caller's
// later changes do not reach a running server.
func copyValues(m map[string][]string) map[string][]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string][]string, len(m))
	for k, v := range m {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// maxObjects is Options.MaxObjects as the store takes it: 0 the default,
// negative no bound.
func maxObjects(n int) int64 {
	switch {
	case n == 0:
		return DefaultMaxObjects
	case n < 0:
		return 0
	}
	return int64(n)
}
