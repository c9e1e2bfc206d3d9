package engine

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/mockserver-go/mockserver/internal/render"
	"github.com/mockserver-go/mockserver/internal/resource"
	"github.com/mockserver-go/mockserver/internal/store"
)

// viewKey is the cache key of a record's rendering for this call: the
// operation, status and kind of rendering, and the values of the query
// parameters the View hook reads (Hooks.ViewQuery).
func (e *Engine) viewKey(c *Call, status int, list bool) string {
	kind := "object"
	if list {
		kind = "item"
	}
	key := "render|" + kind + "|" + c.Op.ID + "|" + strconv.Itoa(status)
	if h := e.hooks(c); h != nil && h.View != nil && len(h.ViewQuery) > 0 {
		q := url.Values{}
		for _, n := range h.ViewQuery {
			if v, ok := c.Query[n]; ok {
				q[n] = v
			}
		}
		key += "|" + q.Encode()
	}
	return key
}

// render renders rec for the call against schema s (the object's schema for
// this response) through the render stage, which caches it on the record
// version. prev, when not nil, is the version rec replaced.
func (e *Engine) render(c *Call, rec, prev *store.Record, s *schemaT, status int, list bool) *render.Rendered {
	return e.renderAs(c, rec, prev, s, e.viewKey(c, status, list), list)
}

// renderAs is render under the cache key viewKey gave for the call (a
// list's items share one).
func (e *Engine) renderAs(c *Call, rec, prev *store.Record, s *schemaT, key string, list bool) *render.Rendered {
	return e.rend.Render(rec, prev, s, key, func(obj map[string]any, p *render.Rendered) render.Viewed {
		return c.viewFrom(obj, list, p)
	})
}

// viewFrom is c.view(obj, list), with the object the View hook was given
// (the conformed object) and what the hook read besides: the call's
// render.Viewer. When p, the rendering of the version obj replaced under
// the same cache key, is given, only the keys that changed since are
// conformed again (conformFrom); the View hook runs in full.
func (c *Call) viewFrom(obj map[string]any, list bool, p *render.Rendered) render.Viewed {
	s, key := c.viewSchema(obj, list)
	var v render.Viewed
	if p != nil {
		if changed := resource.ChangedKeys(p.Obj, obj); !slices.Contains(changed, c.Op.Resource.IDField) { // else another conform key
			v.Conformed = c.e.res.ConformFrom(s, obj, key, p.Obj, p.Conformed, changed)
		}
	}
	if v.Conformed == nil {
		v.Conformed, _ = c.e.res.Conform(s, obj, key).(map[string]any)
	}
	c.sawMore, c.reads = false, nil
	v.View = c.hookView(v.Conformed, list)
	v.Reads, v.Impure = c.reads, c.sawMore
	return v
}

// jsonHeader is a fresh header for a JSON answer.
func jsonHeader() http.Header {
	return http.Header{"Content-Type": {"application/json"}}
}
