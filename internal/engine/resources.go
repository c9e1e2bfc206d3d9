package engine

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mockserver-go/mockserver/internal/resource"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/plugin"
)

// The resource stage (internal/resource) changes the state and returns the
// records it touched; the engine answers with their renderings.

func (e *Engine) create(c *Call) (*Response, error) {
	rec, err := e.res.Create(&c.Call)
	if err != nil {
		return nil, err
	}
	return e.objectResponse(c, c.Op.Success, rec, false)
}

func (e *Engine) read(c *Call) (*Response, error) {
	rec, err := e.res.Item(&c.Call)
	if err != nil {
		return nil, err
	}
	return e.objectResponse(c, c.Op.Success, rec, false)
}

func (e *Engine) update(c *Call, replace bool) (*Response, error) {
	rec, prev, err := e.res.Update(&c.Call, replace)
	if err != nil {
		return nil, err
	}
	return e.changedResponse(c, c.Op.Success, rec, prev, false)
}

func (e *Engine) remove(c *Call) (*Response, error) {
	status, _ := strconv.Atoi(c.Op.Success)
	if (status < 200 || status > 299) && c.Op.Declares(http.StatusMethodNotAllowed) {
		status = http.StatusMethodNotAllowed // the "success" of a forbidden delete
	}
	if status < 200 || status > 299 {
		// The contract declares no successful delete (PostHog answers 405
		// without looking the object up): answer exactly as declared.
		h := http.Header{}
		if status == http.StatusMethodNotAllowed {
			if m, ok := e.doc.Match(c.Op.Method, c.HTTP.URL.EscapedPath()); ok {
				h.Set("Allow", allowHeader(m.Allowed))
			}
		}
		return e.generatedWithHeader(c, strconv.Itoa(status), h)
	}
	if err := e.res.Delete(&c.Call); err != nil {
		return nil, err
	}
	return e.generated(c, c.Op.Success)
}

// seedingCall is the call the Create hook of a seeded object sees.
func (e *Engine) seedingCall(rc *resource.Call) plugin.Call {
	c := &Call{Call: *rc, e: e, Query: url.Values{}, ex: &Exchange{}}
	return c.plugin()
}

// ScopeKey is the store key of a resource's collection for the given path
// parameters (resource.ScopeKey).
func ScopeKey(res *spec.Resource, params map[string]string) string {
	return resource.ScopeKey(res, params)
}

// DeclaredOrders returns the orders doc's resources declare, for a store
// that must know them before it is asked (resource.DeclaredOrders).
func DeclaredOrders(doc *spec.Doc) []*store.Order { return resource.DeclaredOrders(doc) }

// CollectionFor returns the in-memory collection of a resource for its
// scope parameters, seeding it on first use (resource.Stage.CollectionFor).
func (e *Engine) CollectionFor(res *spec.Resource, params map[string]string) *store.Collection {
	return e.res.CollectionFor(res, params)
}

// Put stores an object in a resource's collection, completed
// (resource.Stage.Put).
func (e *Engine) Put(resource string, params map[string]string, obj map[string]any) (map[string]any, error) {
	return e.res.Put(resource, params, obj)
}

// Load puts objects into a resource's collection unless it exists, once
// for every replica sharing the store (resource.Stage.Load).
func (e *Engine) Load(resource string, params map[string]string, objs []map[string]any) (failed int, err error) {
	return e.res.Load(resource, params, objs)
}

// ResourceNames lists the document's resources, sorted.
func (e *Engine) ResourceNames() []string { return e.res.ResourceNames() }

// Restore replaces the whole state with a document written by
// store.Export (resource.Stage.Restore).
func (e *Engine) Restore(data []byte) error { return e.res.Restore(data) }

// CheckRestored checks an object of a restored state against the contract
// before it is stored (resource.Stage.CheckRestored).
func (e *Engine) CheckRestored(key, id string, obj map[string]any) error {
	return e.res.CheckRestored(key, id, obj)
}

// NewRestoreCheck returns a check of the objects of one restored state,
// CheckRestored's through a memo of the values found valid
// (resource.Stage.NewRestoreCheck).
func (e *Engine) NewRestoreCheck() *resource.RestoreCheck { return e.res.NewRestoreCheck() }

// Object returns the object id of a resource's collection, hidden or not
// (resource.Stage.Object).
func (e *Engine) Object(ctx context.Context, res *spec.Resource, params map[string]string, id string) (*store.Record, error) {
	return e.res.Object(ctx, res, params, id)
}

// Objects returns the visible objects of a resource's collection in
// creation order (resource.Stage.Objects).
func (e *Engine) Objects(ctx context.Context, res *spec.Resource, params map[string]string) ([]*store.Record, error) {
	return e.res.Objects(ctx, res, params)
}

// Adopt takes over the state of an older engine (a hot reload): see
// resource.Stage.Adopt.
func (e *Engine) Adopt(old *Engine) (kept, dropped []string, err error) { return e.res.Adopt(old.res) }
