package engine

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/render"
	"github.com/mockserver-go/mockserver/internal/resource"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/plugin"
)

// hookCall is a Call as behaviours and hooks see it (plugin.Call). It is
// one pointer, which an interface holds without allocating.
type hookCall struct{ c *Call }

var _ plugin.Call = hookCall{}

func (c *Call) plugin() hookCall { return hookCall{c} }

// impure marks what the call's plugin read beyond the object and the
// declared query, and no version tells the change of: a view that read it
// is not kept (see renderAs).
func (h hookCall) impure() { h.c.sawMore = true }

// read notes that the call's plugin read collection key of the engine's
// store, at the version it has before the read: a view that read it is
// kept until the collection changes (render.Read). A collection the store
// lacks is read from its seed made on the side, which stays the same
// while the store lacks it: version 0 tells both.
func (c *Call) read(key string) {
	for _, r := range c.reads {
		if r.Key == key {
			return
		}
	}
	v, ok := c.e.store.(store.Versioner)
	if !ok {
		c.sawMore = true
		return
	}
	c.reads = append(c.reads, render.Read{Key: key, Version: v.CollectionVersion(key)})
}

func (h hookCall) Operation() plugin.Operation {
	return plugin.Operation{ID: h.c.Op.ID, Method: h.c.Op.Method, Path: h.c.Op.Path}
}

func (h hookCall) PathParam(name string) string { return h.c.PathParams[name] }

func (h hookCall) Query() url.Values {
	if h.c.scoped {
		return h.c.hookQuery
	}
	return h.c.Query
}

func (h hookCall) Header() http.Header { h.impure(); return h.c.HTTP.Header }

func (h hookCall) Body() any { h.impure(); return h.c.Body }

func (h hookCall) RawBody() []byte { h.impure(); return h.c.RawBody }

func (h hookCall) Credential() (plugin.Credential, bool) {
	h.impure()
	cr := h.c.Credential
	if cr == nil {
		return plugin.Credential{}, false
	}
	return plugin.Credential{Scheme: cr.Scheme, Value: cr.Value, Source: cr.Source}, true
}

func (h hookCall) SeedKey() string { return h.c.SeedKey }

func (h hookCall) Now() time.Time { h.impure(); return h.c.e.now() }

func (h hookCall) Fake(key string) plugin.Faker { h.impure(); return h.c.e.gen.Faker(key) }

func (h hookCall) Record(v problem.Violation) { h.impure(); h.c.Record(v) }

func (h hookCall) View(obj map[string]any, list bool) map[string]any {
	return h.c.view(obj, list)
}

// Collection is the call's resource collection. While the engine seeds
// it (SeedKey set: the Create hook of a seeded object runs), it is taken
// as it is: seeding it again would wait for the seeding under way.
func (h hookCall) Collection() plugin.Collection {
	c := h.c
	if c.Op.Resource == nil {
		return noCollection{c.Op}
	}
	if c.SeedKey != "" {
		return pluginColl{c, resource.ScopeKey(c.Op.Resource, c.PathParams), c.e.res.Backend(&c.Call)}
	}
	key, err := c.e.res.Scope(&c.Call)
	c.storeFailed(err)
	return pluginColl{c, key, c.e.res.Backend(&c.Call)}
}

// Resource is another resource's collection in the call's scope.
func (h hookCall) Resource(name string) (plugin.Collection, bool) {
	c := h.c
	res, ok := c.e.doc.Resources[name]
	if !ok {
		return nil, false
	}
	if res == c.Op.Resource {
		return h.Collection(), true
	}
	params := make(map[string]string, len(res.ScopeParams))
	for _, p := range res.ScopeParams {
		v, ok := c.PathParams[p]
		if !ok {
			return nil, false
		}
		params[p] = v
	}
	key, st, err := c.e.res.ScopeOther(&c.Call, res, params)
	c.storeFailed(err)
	return pluginColl{c, key, st}, true
}

// Private is a collection of the store beside the call's scope; one that
// was never written to lists nothing.
func (h hookCall) Private(name string) plugin.Collection {
	return pluginColl{h.c, name + "|" + scopeOf(h.c), h.c.e.store}
}

// scopeOf is the key of the call's scope: its resource's collection key
// (a private collection of a resource's operation lives beside it), or,
// for an operation outside resources, its path parameters' values.
func scopeOf(c *Call) string {
	if c.Op.Resource != nil {
		return resource.ScopeKey(c.Op.Resource, c.PathParams)
	}
	names := make([]string, 0, len(c.PathParams))
	for n := range c.PathParams {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(n + "=" + c.PathParams[n])
	}
	return b.String()
}

// storeFailed keeps the first failure of the store (not a missing or taken
// id: those are answers) met on a plugin's behalf: the request fails with
// it, whatever the plugin made of the answer it did not get (handleOp).
func (c *Call) storeFailed(err error) {
	if err != nil && c.storeErr == nil && !errors.Is(err, store.ErrNotFound) && !errors.Is(err, store.ErrExists) {
		c.storeErr = err
	}
}

// pluginColl is a store collection as plugins see it (plugin.Collection).
// Its reads are noted (Call.read); a write makes the call's view impure.
type pluginColl struct {
	c   *Call
	key string
	st  store.Store
}

func (p pluginColl) record(id string) (*store.Record, bool) {
	p.c.read(p.key)
	rec, err := p.st.Get(p.c.Context(), p.key, id)
	p.c.storeFailed(err)
	return rec, err == nil
}

func (p pluginColl) Get(id string) (map[string]any, bool) {
	rec, ok := p.record(id)
	if !ok || rec.Hidden {
		return nil, false
	}
	return rec.Object(), true
}

func (p pluginColl) Deleted(id string) bool {
	rec, ok := p.record(id)
	return ok && rec.Hidden
}

func (p pluginColl) All() []map[string]any {
	p.c.read(p.key)
	recs, _, err := p.st.List(p.c.Context(), p.key, nil, 0, math.MaxInt)
	p.c.storeFailed(err)
	out := make([]map[string]any, len(recs))
	for i, r := range recs {
		out[i] = r.Object()
	}
	return out
}

func (p pluginColl) Len() int {
	p.c.read(p.key)
	_, total, err := p.st.List(p.c.Context(), p.key, nil, 0, 0)
	p.c.storeFailed(err)
	return total
}

func (p pluginColl) Create(id string, obj map[string]any) error {
	p.c.sawMore = true
	_, err := p.st.Create(p.c.Context(), p.key, id, obj)
	p.c.storeFailed(err)
	return err
}

func (p pluginColl) Update(id string, fn func(obj map[string]any) error) error {
	p.c.sawMore = true
	_, err := p.st.Update(p.c.Context(), p.key, id, false, func(ch *store.Change) error { return fn(ch.Obj) })
	if errors.Is(err, store.ErrNotFound) {
		return plugin.NotFound()
	}
	p.c.storeFailed(err)
	return err
}

func (p pluginColl) Delete(id string) bool {
	p.c.sawMore = true
	err := p.st.Delete(p.c.Context(), p.key, id)
	p.c.storeFailed(err)
	return err == nil
}

// noCollection is the collection of an operation outside resources: it
// holds nothing and takes nothing.
type noCollection struct{ op *spec.Operation }

func (noCollection) Get(string) (map[string]any, bool) { return nil, false }
func (noCollection) Deleted(string) bool               { return false }
func (noCollection) All() []map[string]any             { return nil }
func (noCollection) Len() int                          { return 0 }
func (noCollection) Delete(string) bool                { return false }

func (n noCollection) Create(string, map[string]any) error { return n.refuse() }

func (n noCollection) Update(string, func(map[string]any) error) error { return n.refuse() }

func (n noCollection) refuse() error {
	return fmt.Errorf("%s %s is outside the document's resources: it has no collection (x-mock-resource)", n.op.Method, n.op.Path)
}

// withQuery runs fn with the call's query, as hooks see it, narrowed to
// names (View and List hooks read only what they declare).
func (c *Call) withQuery(names []string, fn func()) {
	saved, savedScoped := c.hookQuery, c.scoped
	var q url.Values // nil: no parameter (most hooks declare none)
	for _, n := range names {
		if v, ok := c.Query[n]; ok {
			if q == nil {
				q = url.Values{}
			}
			q[n] = v
		}
	}
	c.hookQuery, c.scoped = q, true
	defer func() { c.hookQuery, c.scoped = saved, savedScoped }()
	fn()
}

// fromPlugin is a plugin's answer as the engine writes it: a Value without
// Body is encoded in the schema's order and negotiated (see JSON).
func (c *Call) fromPlugin(pr *plugin.Response) *Response {
	if pr == nil {
		return &Response{Status: http.StatusNoContent, Header: http.Header{}}
	}
	if pr.Body == nil && pr.Value != nil {
		resp := c.JSON(pr.Status, pr.Value)
		for k, v := range pr.Header {
			if !strings.EqualFold(k, "Content-Type") {
				resp.Header[k] = v
			}
		}
		return resp
	}
	h := pr.Header
	if h == nil {
		h = http.Header{}
	}
	return &Response{Status: pr.Status, Header: h, Body: pr.Body, Value: pr.Value}
}

// behaviour answers the call with the operation's behaviour.
func (e *Engine) behaviour(c *Call) (*Response, error) {
	pr, err := e.cfg.Behaviours[c.Op.Behaviour](c.plugin())
	if err != nil {
		return nil, err
	}
	return c.fromPlugin(pr), nil
}

// respond lets the resource's Respond hook replace a response.
func (e *Engine) respond(c *Call, h *plugin.Hooks, resp *Response) (*Response, error) {
	in := &plugin.Response{Status: resp.Status, Header: resp.Header, Body: resp.Body, Value: resp.Value}
	out, err := h.Respond(c.plugin(), in)
	if err != nil {
		return nil, err
	}
	if out == in && out.Status == resp.Status && sameBytes(out.Body, resp.Body) && plugin.Equal(out.Value, resp.Value) {
		return resp, nil // kept (a header set in place is kept too: it is shared)
	}
	return c.fromPlugin(out), nil
}

func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
