package engine

import (
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

// Collection returns the collection a call addresses, seeding it on first use.
func (e *Engine) Collection(c *Call) *store.Collection {
	return e.CollectionFor(c.Op.Resource, c.PathParams)
}

// CollectionFor returns a resource's collection for the scope parameters,
// seeding it on first use.
func (e *Engine) CollectionFor(res *spec.Resource, params map[string]string) *store.Collection {
	key := ScopeKey(res, params)
	coll := e.store.Collection(key)
	e.seedMu.Lock()
	defer e.seedMu.Unlock()
	if e.seeded[key] {
		return coll
	}
	e.seeded[key] = true
	n := e.cfg.SeedObjects
	if n == 0 {
		n = defaultSeedObjects
	}
	if n < 0 || res.Schema == nil {
		return coll
	}
	if res.Ops[spec.RoleCreate] == nil {
		e.seedReadOnly(res, params, coll, n)
		return coll
	}
	e.seed(res, params, coll, n)
	return coll
}

// seedReadOnly fills the collection of a resource clients cannot create
// (no create operation: runs, logs, events...) with n objects generated
// from its schema, so its reads find something.
func (e *Engine) seedReadOnly(res *spec.Resource, params map[string]string, coll *store.Collection, n int) {
	for i := 0; i < n; i++ {
		key := "seed/" + ScopeKey(res, params) + "/" + strconv.Itoa(i)
		obj, ok := e.gen.Value(res.Schema, key, fixtures.Response).(map[string]any)
		if !ok {
			return
		}
		id := IDString(obj[res.IDField])
		if res.IDKind != "string" || id == "" || strings.ContainsAny(id, "/?#") {
			obj[res.IDField] = e.newID(res, coll)
			if res.IDKind != "integer" {
				obj[res.IDField] = newUUID(e.gen.Faker(key + "/id"))
			}
			id = IDString(obj[res.IDField])
		}
		_, _ = coll.Insert(id, obj)
	}
}

// seed fills a new collection with n deterministic objects, made the way a
// client's create would make them (so hooks apply).
func (e *Engine) seed(res *spec.Resource, params map[string]string, coll *store.Collection, n int) {
	op := res.Ops[spec.RoleCreate]
	r, _ := http.NewRequest(http.MethodPost, "/", nil)
	c := &Call{E: e, HTTP: r, Op: op, PathParams: params, Query: url.Values{}, ex: &Exchange{}}
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
		obj, err := e.newObjectAt(c, res, coll, body, base.Add(time.Duration(i)*time.Minute), key)
		if err != nil {
			continue
		}
		_, _ = coll.Insert(IDString(obj[res.IDField]), obj)
	}
}

func (e *Engine) newObjectAt(c *Call, res *spec.Resource, coll *store.Collection, body map[string]any, at time.Time, key string) (map[string]any, error) {
	// Seeded objects get a stable id and timestamps, so the same seed
	// shows the same data.
	var id any
	if res.IDKind == "integer" {
		id = float64(coll.NextInt())
	} else {
		id = newUUID(e.gen.Faker(key + "/id"))
	}
	return e.newObject(c, res, coll, body, id, at)
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
	coll := e.CollectionFor(res, params)
	obj = store.NormalizeObject(obj)
	e.fillRequired(res, obj)
	if _, ok := obj[res.IDField]; !ok || obj[res.IDField] == nil {
		obj[res.IDField] = e.newID(res, coll)
	}
	if res.Schema == nil {
		return nil, &problem.Error{Kind: problem.KindNotFound, Detail: "resource " + strconv.Quote(resource) + " declares no JSON schema for its objects"}
	}
	if vs := e.val.Schema(res.Schema, stripWriteOnly(res.Schema, obj), true, "body", ""); len(vs) > 0 {
		return nil, &problem.Error{Kind: problem.KindValidation, Violations: vs}
	}
	id := IDString(obj[res.IDField])
	if _, err := coll.Update(id, true, func(m map[string]any) error {
		for k := range m {
			delete(m, k)
		}
		for k, v := range obj {
			m[k] = v
		}
		return nil
	}); err == nil {
		return obj, nil
	}
	if _, err := coll.Insert(id, obj); err != nil {
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

// FormatTime renders a timestamp the way the engine writes timestamps.
func FormatTime(t time.Time) string { return formatTime(t) }

// formatTime renders a timestamp as Django REST Framework does: UTC, "Z",
// microseconds only when non-zero.
func formatTime(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond()/1000 == 0 {
		return t.Format("2006-01-02T15:04:05Z")
	}
	return t.Format("2006-01-02T15:04:05.000000Z")
}

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
	fresh := store.New()
	if err := fresh.Import(data); err != nil {
		return err
	}
	keys := fresh.Keys()
	for _, key := range keys {
		name, _, _ := strings.Cut(key, "|")
		if e.doc.Resources[name] == nil {
			return fmt.Errorf("collection %q: the contract has no resource %q (known: %s)", key, name, strings.Join(e.ResourceNames(), ", "))
		}
	}
	e.seedMu.Lock()
	defer e.seedMu.Unlock()
	if err := e.store.Import(data); err != nil {
		return err
	}
	e.seeded = make(map[string]bool, len(keys))
	for _, key := range keys {
		e.seeded[key] = true
	}
	return nil
}
