package resource

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/brianvoe/gofakeit/v7"

	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/store"
)

const defaultSeedObjects = 3

// ScopeKey is the store key of a resource's collection for the given path
// parameters: the resource name and its scope parameters' values.
func ScopeKey(res *spec.Resource, params map[string]string) string {
	var b strings.Builder
	b.WriteString(res.Name)
	for _, p := range res.ScopeParams {
		b.WriteByte('|')
		b.WriteString(p)
		b.WriteByte('=')
		b.WriteString(params[p])
	}
	return b.String()
}

// CollectionFor returns the in-memory collection of a resource for its
// scope parameters, seeding it on first use, for callers that read the
// in-memory state directly (the root package's Get and List, tests); it
// panics when Config.Store is not the in-memory store. The engine itself,
// and plugins through it, go through the store.Store interface (scope).
func (e *Stage) CollectionFor(res *spec.Resource, params map[string]string) *store.Collection {
	key, err := e.scopeOf(context.Background(), res, params)
	mem, _ := e.store.(*store.Memory)
	if err != nil || mem == nil {
		panic(fmt.Sprintf("engine: collection %q of the in-memory store: %v (store %T)", key, err, e.store))
	}
	return mem.Collection(key)
}

// ctx is the context a call's store operations run in.
func (c *Call) ctx() context.Context {
	if c.HTTP == nil {
		return context.Background()
	}
	return c.HTTP.Context()
}

// Scope returns the store key of the collection a call addresses, seeding
// the collection on first use. A read (GET or HEAD) of a collection the
// store does not hold is answered from its seed made on the side in a
// store of its own (c.st; the last few are kept, see sideSeeds), which the
// call then reads: reads store nothing, so memory grows only with writes. Seeding is deterministic under the
// seed, so a later write finds the objects that the reads showed.
func (e *Stage) Scope(c *Call) (string, error) {
	res := c.Op.Resource
	if c.st != nil {
		return ScopeKey(res, c.PathParams), nil
	}
	if c.SeedKey == "" && c.HTTP != nil && (c.HTTP.Method == http.MethodGet || c.HTTP.Method == http.MethodHead) {
		if p, ok := e.store.(store.Peeker); ok {
			key := ScopeKey(res, c.PathParams)
			exists, err := p.Exists(c.ctx(), key)
			if err != nil {
				return key, fmt.Errorf("engine: looking up %q: %w", key, err)
			}
			if !exists {
				side, ok := e.side.get(key)
				if !ok {
					side = store.NewMemory()
					if _, err := e.seedInto(c.ctx(), side, res, c.PathParams); err != nil {
						return key, err
					}
					side = e.side.put(key, side)
				}
				c.st = side
				return key, nil
			}
		}
	}
	return e.scopeOf(c.ctx(), res, c.PathParams)
}

// ScopeOther is Scope for another resource than the call's (a behaviour
// spanning two reads or writes it): the key of its collection for params
// and the store holding it, a read's seed made on the side when the store
// lacks the collection, as for the call's own.
func (e *Stage) ScopeOther(c *Call, res *spec.Resource, params map[string]string) (string, store.Store, error) {
	other := &Call{HTTP: c.HTTP, Op: &spec.Operation{Resource: res}, PathParams: params, SeedKey: c.SeedKey}
	key, err := e.Scope(other)
	return key, e.Backend(other), err
}

// peeker returns the stage's store as a store.PeekReader, and the key of
// the call's collection, when the call may read it that way: a read (GET
// or HEAD) that is not part of a seeding. A collection the reader finds
// ready needs no Scope (no Seed): one step for a remote store instead of
// three.
func (e *Stage) peeker(c *Call) (store.PeekReader, string, bool) {
	if c.st != nil || c.SeedKey != "" || c.HTTP == nil || c.HTTP.Method != http.MethodGet && c.HTTP.Method != http.MethodHead {
		return nil, "", false
	}
	p, ok := e.store.(store.PeekReader)
	if !ok {
		return nil, "", false
	}
	return p, ScopeKey(c.Op.Resource, c.PathParams), true
}

// Page lists a page of the call's collection, as Store.List.
func (e *Stage) Page(c *Call, o *store.Order, offset, limit int) ([]*store.Record, int, error) {
	if p, key, ok := e.peeker(c); ok {
		recs, total, ready, err := p.PeekList(c.ctx(), key, o, offset, limit)
		if err != nil || ready {
			return recs, total, err
		}
	}
	coll, err := e.Scope(c)
	if err != nil {
		return nil, 0, err
	}
	return e.Backend(c).List(c.ctx(), coll, o, offset, limit)
}

// Backend is the store the call reads and writes its collection in: the
// stage's, or the side store of a read of an unseeded collection (set by
// Scope).
func (e *Stage) Backend(c *Call) store.Store {
	if c.st != nil {
		return c.st
	}
	return e.store
}

// scopeOf is scope for a resource and its scope parameters. Whether a
// collection is seeded is the store's to know (Store.Seed), not this
// process's: a store shared by several processes may have been seeded,
// reset or restored by another. A collection whose seeding failed (the
// store did) is seeded again on next use.
func (e *Stage) scopeOf(ctx context.Context, res *spec.Resource, params map[string]string) (string, error) {
	return e.seedInto(ctx, e.store, res, params)
}

// seedInto seeds the collection of res for params in st, unless st has it.
func (e *Stage) seedInto(ctx context.Context, st store.Store, res *spec.Resource, params map[string]string) (string, error) {
	key := ScopeKey(res, params)
	n := e.cfg.SeedObjects
	if n == 0 {
		n = defaultSeedObjects
	}
	if n > 0 && res.Seed != nil {
		n = max(*res.Seed, -1)
		if n == 0 {
			n = -1
		}
	}
	err := st.Seed(ctx, key, func(ctx context.Context) error {
		switch {
		case n < 0 || res.Schema == nil:
			return nil
		case res.Ops[spec.RoleCreate] == nil:
			return e.seedReadOnly(ctx, st, res, params, key, n)
		default:
			return e.seed(ctx, st, res, params, key, n)
		}
	})
	if err != nil {
		return key, fmt.Errorf("engine: seeding %q: %w", key, err)
	}
	return key, nil
}

// created ignores ErrExists: a seeded object already there stays.
func created(_ *store.Record, err error) error {
	if errors.Is(err, store.ErrExists) {
		return nil
	}
	return err
}

// seedReadOnly fills the collection of a resource clients cannot create
// (no create operation: runs, logs, events...) with n objects generated
// from its schema, so its reads find something.
func (e *Stage) seedReadOnly(ctx context.Context, st store.Store, res *spec.Resource, params map[string]string, coll string, n int) error {
	for i := 0; i < n; i++ {
		key := "seed/" + ScopeKey(res, params) + "/" + strconv.Itoa(i)
		obj, ok := e.gen.Value(res.Schema, key, fixtures.Response).(map[string]any)
		if !ok {
			return nil
		}
		id := store.IDString(obj[res.IDField])
		if res.IDKind != "string" || id == "" || strings.ContainsAny(id, "/?#") || res.IDSchema != nil && res.IDSchema.VisitJSON(id) != nil {
			if res.IDKind == "integer" {
				n, err := st.NextID(ctx, coll)
				if err != nil {
					return err
				}
				obj[res.IDField] = float64(n)
			} else {
				obj[res.IDField] = e.stringID(res, key+"/id", true)
			}
			id = store.IDString(obj[res.IDField])
		}
		e.readModel(res).Fit(obj, nil, key)
		if err := created(st.Create(ctx, coll, id, obj)); err != nil {
			return err
		}
	}
	return nil
}

// seed fills a new collection with n deterministic objects, made the way a
// client's create would make them (so hooks apply).
func (e *Stage) seed(ctx context.Context, st store.Store, res *spec.Resource, params map[string]string, coll string, n int) error {
	op := res.Ops[spec.RoleCreate]
	r, _ := http.NewRequestWithContext(ctx, http.MethodPost, "/", nil)
	c := &Call{HTTP: r, Op: op, PathParams: params, st: st}
	base := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(e.cfg.Seed%1000) * time.Hour)
	for i := 0; i < n; i++ {
		key := "seed/" + ScopeKey(res, params) + "/" + strconv.Itoa(i)
		var body map[string]any
		if res.CreateSchema != nil {
			body, _ = e.gen.Value(res.CreateSchema, key, fixtures.Request).(map[string]any)
		}
		if body == nil {
			body = map[string]any{}
		}
		if res.SoftDelete != "" {
			delete(body, res.SoftDelete)
		}
		c.Body, c.SeedKey = body, key
		if e.cfg.Seeding != nil {
			c.Plugin = e.cfg.Seeding(c)
		}
		id, err := e.seedID(ctx, st, res, coll, key)
		if err != nil {
			return err
		}
		obj, err := e.newObject(c, res, coll, body, id, base.Add(time.Duration(i)*time.Minute))
		if err != nil {
			continue
		}
		if err := created(st.Create(ctx, coll, store.IDString(obj[res.IDField]), obj)); err != nil {
			return err
		}
	}
	return nil
}

// seedID is the id of a seeded object: stable, as its timestamps are, so
// that the same seed shows the same data.
func (e *Stage) seedID(ctx context.Context, st store.Store, res *spec.Resource, coll, key string) (any, error) {
	if res.IDKind == "integer" {
		n, err := st.NextID(ctx, coll)
		return float64(n), err
	}
	return e.stringID(res, key+"/id", true), nil
}

// Put stores an object in a resource's collection (arranging state from
// Go or fixtures), completed: its values normalized to JSON's, a missing
// id assigned, and required fields it lacks generated (fillRequired). The
// result must validate against the resource's schema.
func (e *Stage) Put(resource string, params map[string]string, obj map[string]any) (map[string]any, error) {
	res := e.doc.Resources[resource]
	if res == nil {
		return nil, &problem.Error{Kind: problem.KindNotFound, Detail: "unknown resource " + strconv.Quote(resource) + " (known: " + strings.Join(e.ResourceNames(), ", ") + ")"}
	}
	ctx := context.Background()
	coll, err := e.scopeOf(ctx, res, params)
	if err != nil {
		return nil, err
	}
	return e.put(ctx, res, coll, obj)
}

// Load puts objs into the collection of resource for params as Put does,
// unless the collection exists already: seeded, created, imported or
// loaded before, by this process or by another sharing the store. So
// every replica loads its fixtures at start, and the objects are stored
// once (ids assigned once), as seeding is. failed is the index of the
// object an error is about, or -1.
func (e *Stage) Load(resource string, params map[string]string, objs []map[string]any) (failed int, err error) {
	failed = -1
	res := e.doc.Resources[resource]
	if res == nil {
		return -1, &problem.Error{Kind: problem.KindNotFound, Detail: "unknown resource " + strconv.Quote(resource) + " (known: " + strings.Join(e.ResourceNames(), ", ") + ")"}
	}
	key := ScopeKey(res, params)
	err = e.store.Seed(context.Background(), key, func(ctx context.Context) error {
		for i, obj := range objs {
			if _, err := e.put(ctx, res, key, obj); err != nil {
				failed = i
				return err
			}
		}
		return nil
	})
	if err != nil {
		return failed, err
	}
	return -1, nil
}

// put is Put into collection coll of res, which exists.
func (e *Stage) put(ctx context.Context, res *spec.Resource, coll string, obj map[string]any) (map[string]any, error) {
	resource := res.Name
	var err error
	obj = store.NormalizeObject(obj)
	e.fillRequired(res, obj)
	if _, ok := obj[res.IDField]; !ok || obj[res.IDField] == nil {
		if obj[res.IDField], err = e.newID(ctx, res, coll); err != nil {
			return nil, err
		}
	}
	if res.Schema == nil {
		return nil, &problem.Error{Kind: problem.KindNotFound, Detail: "resource " + strconv.Quote(resource) + " declares no JSON schema for its objects"}
	}
	if vs := e.settle(res, obj, true); len(vs) > 0 {
		return nil, &problem.Error{Kind: problem.KindValidation, Violations: vs}
	}
	id := store.IDString(obj[res.IDField])
	_, err = e.store.Update(ctx, coll, id, true, func(ch *store.Change) error {
		ch.Obj = obj
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		_, err = e.store.Create(ctx, coll, id, obj)
	}
	if err != nil {
		return nil, err
	}
	return obj, nil
}

// settle shapes an object put from Go or restored from a state file by
// the read model, as a created one is (Fit): what an answer requires and
// obj lacks, at any depth, is generated once and kept; what no answer
// declares is dropped. A value the resource's schema rejects is not
// reshaped but returned as a violation (with the others): state arranged
// by hand means what it says, and a mistake in it is the caller's to see.
// Unless always, an object the resource's schema accepts is left as it is:
// a restored state was written by the server, from objects it had
// fitted, and is read at start, where every check per object counts.
func (e *Stage) settle(res *spec.Resource, obj map[string]any, always bool) []problem.Violation {
	check := func() []problem.Violation {
		return e.val.Schema(res.Schema, stripWriteOnly(res.Schema, obj), true, "body", "")
	}
	vs := check()
	for _, v := range vs {
		if v.Code != "required" {
			return vs
		}
	}
	if len(vs) == 0 && !always {
		return nil
	}
	e.readModel(res).Fit(obj, nil, res.Name+"/"+store.IDString(obj[res.IDField]))
	if len(vs) == 0 {
		return nil // the resource's schema is one of the read model's: Fit keeps it satisfied
	}
	return check()
}

// fillRequired adds the resource schema's required properties that obj
// lacks (but its id), generated as a response would show them: a Put
// gives the fields a client never sends, such as created_at.
func (e *Stage) fillRequired(res *spec.Resource, obj map[string]any) {
	if res.Schema == nil {
		return
	}
	var missing []string
	for _, name := range res.Schema.Required {
		if _, ok := obj[name]; !ok && name != res.IDField {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		return
	}
	key := "put/" + res.Name + "/" + fmt.Sprint(obj[res.IDField])
	gen, _ := e.gen.Value(res.Schema, key, fixtures.Response).(map[string]any)
	for _, name := range missing {
		if v, ok := gen[name]; ok {
			obj[name] = v
		}
	}
}

// ResourceNames lists the document's resources, sorted.
func (e *Stage) ResourceNames() []string {
	out := make([]string, 0, len(e.doc.Resources))
	for n := range e.doc.Resources {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (e *Stage) idCounter() int64 {
	return atomic.AddInt64(&e.idSeq, 1)
}

func newUUID(f *gofakeit.Faker) string { return f.UUID() }

func stripWriteOnly(s *schemaT, obj map[string]any) map[string]any {
	out := make(map[string]any, len(obj))
	for k, v := range obj {
		if ps := propSchema(s, k); ps != nil && ps.WriteOnly {
			continue
		}
		out[k] = v
	}
	return out
}

// Restore replaces the whole state with a document written by
// store.Export (the --state file). Every collection in it counts as
// seeded, so a restored collection (even an empty one) is never seeded
// again; collections it lacks are seeded on first use, as usual. A
// collection whose resource the contract lacks is an error, and on any
// error the state is unchanged.
func (e *Stage) Restore(data []byte) error {
	fresh := store.NewMemory()
	if err := fresh.Import(context.Background(), data); err != nil {
		return err
	}
	for _, key := range fresh.Keys() {
		name, _, _ := strings.Cut(key, "|")
		if e.doc.Resources[name] == nil {
			return fmt.Errorf("collection %q: the contract has no resource %q (known: %s)", key, name, strings.Join(e.ResourceNames(), ", "))
		}
	}
	return e.store.Import(context.Background(), data)
}

// CheckRestored checks an object of a restored state (the --state file)
// against the contract before it is stored: its collection key names a
// resource of the contract, and the object validates against the
// resource's schema. An object without an id gets the id it is stored
// under (a number for an integer id), so that it answers with the key it
// is found by; one whose id differs from that key is an error. An object
// that lacks what the answers require is completed in place by the read
// model (settle).
func (e *Stage) CheckRestored(key, id string, obj map[string]any) error {
	name, _, _ := strings.Cut(key, "|")
	res := e.doc.Resources[name]
	if res == nil {
		if strings.Contains(name, ".") { // a behaviour's own collection (posthog.logs|...)
			return nil
		}
		return fmt.Errorf("collection %q: the contract has no resource %q (known: %s)", key, name, strings.Join(e.ResourceNames(), ", "))
	}
	if v, ok := obj[res.IDField]; !ok || v == nil {
		obj[res.IDField] = id
		if n, err := strconv.ParseFloat(id, 64); err == nil && res.IDKind == "integer" {
			obj[res.IDField] = n
		}
	} else if got := store.IDString(v); got != id {
		return fmt.Errorf("resource %s, object %q: field %s is %q, not the id it is stored under", name, id, res.IDField, got)
	}
	if res.Schema == nil {
		return nil
	}
	if vs := e.settle(res, obj, false); len(vs) > 0 {
		v := vs[0]
		more := ""
		if len(vs) > 1 {
			more = fmt.Sprintf(" (and %d more)", len(vs)-1)
		}
		return fmt.Errorf("resource %s, object %q: field %s: %s%s", name, id, v.Field, v.Message, more)
	}
	return nil
}
