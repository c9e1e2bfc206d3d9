package engine

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
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
func (e *Engine) CollectionFor(res *spec.Resource, params map[string]string) *store.Collection {
	key, err := e.scopeOf(context.Background(), res, params)
	mem := e.Store()
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

// scope returns the store key of the collection a call addresses, seeding
// the collection on first use.
func (e *Engine) scope(c *Call) (string, error) {
	return e.scopeOf(c.ctx(), c.Op.Resource, c.PathParams)
}

// scopeOf is scope for a resource and its scope parameters. Whether a
// collection is seeded is the store's to know (Store.Seed), not this
// process's: a store shared by several processes may have been seeded,
// reset or restored by another. A collection whose seeding failed (the
// store did) is seeded again on next use.
func (e *Engine) scopeOf(ctx context.Context, res *spec.Resource, params map[string]string) (string, error) {
	key := ScopeKey(res, params)
	n := e.cfg.SeedObjects
	if n == 0 {
		n = defaultSeedObjects
	}
	err := e.store.Seed(ctx, key, func(ctx context.Context) error {
		switch {
		case n < 0 || res.Schema == nil:
			return nil
		case res.Ops[spec.RoleCreate] == nil:
			return e.seedReadOnly(ctx, res, params, key, n)
		default:
			return e.seed(ctx, res, params, key, n)
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
func (e *Engine) seedReadOnly(ctx context.Context, res *spec.Resource, params map[string]string, coll string, n int) error {
	for i := 0; i < n; i++ {
		key := "seed/" + ScopeKey(res, params) + "/" + strconv.Itoa(i)
		obj, ok := e.gen.Value(res.Schema, key, fixtures.Response).(map[string]any)
		if !ok {
			return nil
		}
		id := IDString(obj[res.IDField])
		if res.IDKind != "string" || id == "" || strings.ContainsAny(id, "/?#") {
			if res.IDKind == "integer" {
				n, err := e.store.NextID(ctx, coll)
				if err != nil {
					return err
				}
				obj[res.IDField] = float64(n)
			} else {
				obj[res.IDField] = newUUID(e.gen.Faker(key + "/id"))
			}
			id = IDString(obj[res.IDField])
		}
		if err := created(e.store.Create(ctx, coll, id, obj)); err != nil {
			return err
		}
	}
	return nil
}

// seed fills a new collection with n deterministic objects, made the way a
// client's create would make them (so hooks apply).
func (e *Engine) seed(ctx context.Context, res *spec.Resource, params map[string]string, coll string, n int) error {
	op := res.Ops[spec.RoleCreate]
	r, _ := http.NewRequestWithContext(ctx, http.MethodPost, "/", nil)
	c := &Call{e: e, HTTP: r, Op: op, PathParams: params, Query: url.Values{}, ex: &Exchange{}}
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
		id, err := e.seedID(ctx, res, coll, key)
		if err != nil {
			return err
		}
		obj, err := e.newObject(c, res, coll, body, id, base.Add(time.Duration(i)*time.Minute))
		if err != nil {
			continue
		}
		if err := created(e.store.Create(ctx, coll, IDString(obj[res.IDField]), obj)); err != nil {
			return err
		}
	}
	return nil
}

// seedID is the id of a seeded object: stable, as its timestamps are, so
// that the same seed shows the same data.
func (e *Engine) seedID(ctx context.Context, res *spec.Resource, coll, key string) (any, error) {
	if res.IDKind == "integer" {
		n, err := e.store.NextID(ctx, coll)
		return float64(n), err
	}
	return newUUID(e.gen.Faker(key + "/id")), nil
}

// Put stores an object in a resource's collection (arranging state from
// Go or fixtures), completed: its values normalized to JSON's, a missing
// id assigned, and required fields it lacks generated (fillRequired). The
// result must validate against the resource's schema.
func (e *Engine) Put(resource string, params map[string]string, obj map[string]any) (map[string]any, error) {
	res := e.doc.Resources[resource]
	if res == nil {
		return nil, &problem.Error{Kind: problem.KindNotFound, Detail: "unknown resource " + strconv.Quote(resource) + " (known: " + strings.Join(e.ResourceNames(), ", ") + ")"}
	}
	ctx := context.Background()
	coll, err := e.scopeOf(ctx, res, params)
	if err != nil {
		return nil, err
	}
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
	if vs := e.val.Schema(res.Schema, stripWriteOnly(res.Schema, obj), true, "body", ""); len(vs) > 0 {
		return nil, &problem.Error{Kind: problem.KindValidation, Violations: vs}
	}
	id := IDString(obj[res.IDField])
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

// fillRequired adds the resource schema's required properties that obj
// lacks (but its id), generated as a response would show them: a Put
// gives the fields a client never sends, such as created_at.
func (e *Engine) fillRequired(res *spec.Resource, obj map[string]any) {
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
func (e *Engine) ResourceNames() []string {
	out := make([]string, 0, len(e.doc.Resources))
	for n := range e.doc.Resources {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (e *Engine) idCounter() int64 {
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
func (e *Engine) Restore(data []byte) error {
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
