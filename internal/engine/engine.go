package engine

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/access"
	"github.com/mockserver-go/mockserver/internal/errorbody"
	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/render"
	"github.com/mockserver-go/mockserver/internal/resource"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/internal/validate"
	"github.com/mockserver-go/mockserver/plugin"
)

// Config builds an Engine.
type Config struct {
	Doc  *spec.Doc
	Seed uint64
	// Behaviours answer operations marked x-mock-behaviour, by name.
	Behaviours map[string]plugin.Behaviour
	// Hooks shape resources marked x-mock-resource.hooks, by name.
	Hooks map[string]*plugin.Hooks
	// Known, when set, lists the values of scope parameters that exist;
	// another value is answered like an invalid one (x-mock-on-invalid).
	Known map[string][]string
	// Tokens, when non-empty, are the only valid credentials.
	Tokens map[string]access.Token
	// SeedObjects is how many objects each collection starts with (-1: none).
	SeedObjects int
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// SelfCheck validates every response against the contract and records
	// failures as violations.
	SelfCheck bool
	// StrictResponses turns self-check failures into 500 answers (Prism's
	// --errors). It needs SelfCheck.
	StrictResponses bool
	// MaxDepth limits the nesting of JSON request bodies (0: the
	// validator's default; negative: encoding/json's own limit only).
	MaxDepth int
	// RateLimit throttles requests per credential at the rates the
	// document declares (x-mock-rate-limit), answering 429.
	RateLimit bool
	// Store keeps the state (nil: a new in-memory store).
	Store store.Store
}

// Engine answers requests. It is safe for concurrent use.
type Engine struct {
	cfg   Config
	doc   *spec.Doc
	store store.Store
	gen   *fixtures.Generator
	val   *validate.Validator
	now   func() time.Time
	enc   *render.Encoder
	// rend renders stored records and owns the caches of renderings.
	rend  *render.Renderer
	errs  *errorbody.Renderer
	ranks sync.Map // *spec.Operation -> map[string]int (violationRanks)
	// paramNames: *spec.Operation -> []string (paramKeys)
	paramNames sync.Map
	allows     sync.Map // route template -> Allow header (allowFor)
	plain      sync.Map // opStatus -> bool (plainJSON)
	faults     *faults
	// access checks credentials, scope values and rates; it holds the
	// request history of the rates.
	access *access.Access
	// res is the resource stage: the resources' state and what their
	// operations do to it.
	res *resource.Stage
}

// New returns an engine. It fails when the document names a behaviour or
// hook the configuration does not provide.
func New(cfg Config) (*Engine, error) {
	if cfg.Doc == nil {
		return nil, fmt.Errorf("engine: no document")
	}
	for _, op := range cfg.Doc.Operations {
		if op.Behaviour != "" && cfg.Behaviours[op.Behaviour] == nil {
			return nil, fmt.Errorf("engine: %s %s: x-mock-behaviour %q is not provided by this build", op.Method, op.Path, op.Behaviour)
		}
	}
	for _, res := range cfg.Doc.Resources {
		if res.Hooks != "" && cfg.Hooks[res.Hooks] == nil {
			return nil, fmt.Errorf("engine: resource %s: hooks %q are not provided by this build", res.Name, res.Hooks)
		}
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	st := cfg.Store
	if st == nil {
		st = store.NewMemory()
	}
	e := &Engine{cfg: cfg, doc: cfg.Doc, store: st, gen: fixtures.NewForDocument(cfg.Seed, cfg.Doc.T),
		val: validate.New(cfg.Doc).WithMaxDepth(cfg.MaxDepth), now: now, faults: newFaults()}
	e.rend = render.New(cfg.Doc, e.val, cfg.SelfCheck)
	e.enc = e.rend.Encoder()
	// Examples are served only when the self-check would accept them.
	e.gen = e.gen.WithCheck(func(s *openapi3.Schema, v any, dir fixtures.Direction) bool {
		return len(e.val.Schema(s, v, dir == fixtures.Response, "body", "")) == 0
	})
	acc, err := access.New(cfg.Doc, access.Config{Tokens: cfg.Tokens, Known: cfg.Known, RateLimit: cfg.RateLimit, Now: now})
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	e.access = acc
	e.res = resource.New(resource.Config{Doc: cfg.Doc, Store: st, Gen: e.gen, Val: e.val, Enc: e.enc, Now: now,
		Seed: cfg.Seed, SeedObjects: cfg.SeedObjects, Hooks: cfg.Hooks, Seeding: e.seedingCall,
		DeltaCheckable: e.rend.DeltaCheckable})
	e.errs = errorbody.New(cfg.Doc, e.val, e.gen)
	return e, nil
}

// Now returns the engine's clock reading (Config.Now or time.Now).
func (e *Engine) Now() time.Time { return e.now() }

// Doc returns the engine's document.
func (e *Engine) Doc() *spec.Doc { return e.doc }

// Store returns the engine's state when it is kept in memory (Config.Store
// nil or a *store.Memory), for direct access; nil otherwise.
func (e *Engine) Store() *store.Memory {
	m, _ := e.store.(*store.Memory)
	return m
}

// Export encodes the whole state (store.Store.Export), as Restore reads it.
func (e *Engine) Export() ([]byte, error) { return e.store.Export(context.Background()) }

// Validator returns the engine's validator.
func (e *Engine) Validator() *validate.Validator { return e.val }

// Generator returns the engine's fake-data generator.
func (e *Engine) Generator() *fixtures.Generator { return e.gen }

// Reset restores the seeded state: every collection is emptied and seeded
// again on first use. It fails when the store does; faults and rate
// limits are reset anyway.
func (e *Engine) Reset() error {
	err := e.store.Reset(context.Background())
	e.faults.reset()
	e.access.Reset()
	e.res.Reset()
	return err
}
