package resource

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/render"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/internal/validate"
	"github.com/mockserver-go/mockserver/plugin"
)

type schemaT = openapi3.Schema

// propSchema finds a property's schema, looking into allOf branches.
func propSchema(s *schemaT, name string) *schemaT { return spec.PropertySchema(s, name) }

// Config builds a Stage.
type Config struct {
	Doc   *spec.Doc
	Store store.Store
	Gen   *fixtures.Generator
	Val   *validate.Validator
	// Enc says the schemas' property order.
	Enc *render.Encoder
	Now func() time.Time
	// Seed makes seeded objects' timestamps differ between seeds.
	Seed uint64
	// SeedObjects is how many objects each collection starts with (-1:
	// none, 0: the default).
	SeedObjects int
	// Hooks shape resources marked x-mock-resource.hooks, by name.
	Hooks map[string]*plugin.Hooks
	// Seeding gives the Create hook of an object made while a collection
	// is seeded the call it sees (the caller's adapter of c).
	Seeding func(c *Call) plugin.Call
	// DeltaCheckable says whether a list envelope's schema may be checked
	// property by property (render.Renderer.DeltaCheckable); nil: every
	// envelope is checked in full (ListPlan.EnvSchema nil).
	DeltaCheckable func(*openapi3.Schema) bool
}

// Stage is the resource stage: the state of the document's resources in
// a store.Store, and what their operations do to it (create, read,
// update, replace, delete, lists, Put). Operations return the records
// they touched, or a *problem.Error; rendering them is the caller's. It
// is safe for concurrent use.
type Stage struct {
	cfg   Config
	doc   *spec.Doc
	store store.Store
	gen   *fixtures.Generator
	val   *validate.Validator
	enc   *render.Encoder
	now   func() time.Time
	facts factCache
	idSeq int64
	// side holds the seeds of collections read but not stored (scope).
	side      sideSeeds
	models    sync.Map // *spec.Resource -> *shape.Model (readModel)
	listPlans sync.Map // *spec.Operation -> *ListPlan (ListPlan)
}

// New returns the stage over cfg.Store.
func New(cfg Config) *Stage {
	return &Stage{cfg: cfg, doc: cfg.Doc, store: cfg.Store, gen: cfg.Gen, val: cfg.Val, enc: cfg.Enc, now: cfg.Now}
}

// Store is the stage's store.
func (e *Stage) Store() store.Store { return e.store }

// Reset forgets the seeds kept on the side (the store is reset by the
// caller).
func (e *Stage) Reset() { e.side.reset() }

// Call is one request to a resource's operation, as the stage reads it.
type Call struct {
	HTTP       *http.Request
	Op         *spec.Operation
	PathParams map[string]string
	// Body is the decoded request body (JSON-shaped) or nil.
	Body any
	// SeedKey is non-empty while the stage seeds a collection: a stable
	// key per seeded object, so hooks can make seed data deterministic.
	SeedKey string
	// Plugin is the call as hooks see it.
	Plugin plugin.Call

	// st is the store of the call's collection when it is not the
	// stage's (a read's seed made on the side).
	st store.Store
}

func (c *Call) plugin() plugin.Call { return c.Plugin }

// Context is the context a call's store operations run in.
func (c *Call) Context() context.Context { return c.ctx() }

// hooks are the hooks of the call's resource, if any.
func (e *Stage) hooks(c *Call) *plugin.Hooks { return e.Hooks(c.Op) }

// Hooks are the hooks of op's resource, if any.
func (e *Stage) Hooks(op *spec.Operation) *plugin.Hooks {
	if op.Resource == nil || op.Resource.Hooks == "" {
		return nil
	}
	return e.cfg.Hooks[op.Resource.Hooks]
}
