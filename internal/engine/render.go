package engine

import (
	"net/http"
	"strconv"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/store"
)

// rendered is one stored record version as an operation answers it: the
// view, its encoding and what the self-check found. It is cached on the
// record (store.Record.Cached), so an unchanged object is rendered and
// checked once, not on every request; a change makes a new record and so a
// new rendering. Shared between requests: never modified after render.
type rendered struct {
	view       map[string]any
	body       []byte
	violations []problem.Violation // self-check findings, fields relative to the object
}

// viewKey is the cache key of a record's rendering for this call, or ""
// when the rendering may not be cached: a View hook without ViewKey, or one
// whose ViewKey says this call's view depends on more than the object.
func (e *Engine) viewKey(c *Call, status int, list bool) string {
	vk := ""
	if h := e.hooks(c); h != nil && h.View != nil {
		if h.ViewKey == nil {
			return ""
		}
		if vk = h.ViewKey(c, list); vk == "" {
			return ""
		}
	}
	kind := "object"
	if list {
		kind = "item"
	}
	return "render|" + kind + "|" + c.Op.ID + "|" + strconv.Itoa(status) + "|" + vk
}

// render renders rec for the call against schema s (the object's schema for
// this response), from the record's cache when the view allows it.
func (e *Engine) render(c *Call, rec *store.Record, s *schemaT, status int, list bool) *rendered {
	build := func() any {
		view := c.View(rec.Obj, list)
		r := &rendered{view: view, body: e.enc.encode(view, s)}
		if e.cfg.SelfCheck && s != nil {
			r.violations = e.val.Schema(s, view, true, "response", "")
		}
		return r
	}
	key := e.viewKey(c, status, list)
	if key == "" {
		return build().(*rendered)
	}
	return rec.Cached(key, build).(*rendered)
}

// jsonHeader is a fresh header for a JSON answer.
func jsonHeader() http.Header {
	return http.Header{"Content-Type": {"application/json"}}
}

// itemsCheckable reports whether a list envelope can be self-checked with
// its items array emptied (the items checked one by one, from cache): the
// array schema must put no constraint on the array as a whole.
func itemsCheckable(arr *schemaT) bool {
	return arr != nil && arr.MinItems == 0 && arr.MaxItems == nil && !arr.UniqueItems &&
		len(arr.AllOf) == 0 && len(arr.AnyOf) == 0 && len(arr.OneOf) == 0 && arr.Not == nil &&
		len(arr.PrefixItems) == 0 && arr.Contains == nil && arr.MinContains == nil && arr.MaxContains == nil
}
