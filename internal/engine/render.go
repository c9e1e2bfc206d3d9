package engine

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/plugin"
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

	// For the rendering of the next version (viewFrom, encodeFrom): the
	// stored object rendered, the conformed object the View hook was
	// given, and where each property's value is in body.
	obj, conformed map[string]any
	spans          []span
	// impure: the View hook read more than the object (never served
	// from the cache).
	impure bool
}

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
// this response), from the record's cache when the view allows it. prev,
// when not nil, is the version rec replaced: if it was rendered under the
// same key, only what changed is self-checked and the earlier findings on
// the rest are carried over.
func (e *Engine) render(c *Call, rec, prev *store.Record, s *schemaT, status int, list bool) *rendered {
	return e.renderAs(c, rec, prev, s, e.viewKey(c, status, list), list)
}

// renderAs is render under the cache key viewKey gave for the call (a
// list's items share one). A rendering whose View hook read more than the
// object and its declared query (the clock, state: see hookCall.impure)
// is made anew for every request; the one kept serves only as the base of
// the next version's rendering.
func (e *Engine) renderAs(c *Call, rec, prev *store.Record, s *schemaT, key string, list bool) *rendered {
	build := func() *rendered {
		var p *rendered // prev's rendering, to render only what changed
		if prev != nil && !e.fullRender {
			if v, ok := prev.Peek(key); ok {
				p = v.(*rendered)
			}
		}
		obj := rec.Object() // a cold record's is decoded anew
		r := &rendered{obj: obj}
		c.sawMore = false
		r.conformed, r.view = c.viewFrom(obj, list, p)
		r.impure = c.sawMore
		r.body, r.spans = e.enc.encodeFrom(r.view, s, p)
		if e.cfg.SelfCheck && s != nil {
			if p != nil && carriable(p) && e.facts.of(s).deltaCheckable && sameKeys(p.view, r.view) {
				r.violations = e.checkChanged(s, p, r.view)
			} else {
				r.violations = e.val.Schema(s, r.view, true, "response", "")
			}
		}
		return r
	}
	built := false
	r := rec.Cached(key, func() any { built = true; return build() }).(*rendered)
	if r.impure && !built {
		r = build()
	}
	return r
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

// carriable reports whether r's findings can be carried over property by
// property by checkChanged: each names the property it is about (a
// property whose name contains "__" could not be told from a nested
// field).
func carriable(r *rendered) bool {
	if len(r.violations) > 0 {
		for k := range r.view {
			if strings.Contains(k, "__") {
				return false
			}
		}
	}
	return true
}

// deltaCheckable reports whether an object schema constrains its properties
// only one by one (no allOf/oneOf, enum, min/maxProperties, ...): then a
// new version of a valid object with the same keys is valid when each
// changed property is.
func deltaCheckable(s *schemaT) bool {
	r := *s
	r.Type, r.Properties, r.Required, r.AdditionalProperties = nil, nil, nil, openapi3.AdditionalProperties{}
	r.Nullable, r.ReadOnly, r.WriteOnly, r.Examples = false, false, false, nil
	return r.Discriminator == nil && r.IsEmpty()
}

func sameKeys(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return true
}

// checkChanged self-checks the properties of view that differ from the
// earlier rendering's, and carries over its findings on the others: the
// findings a whole-object check would report, in its order (property by
// property in key order, then those about absent properties, such as a
// missing required one).
func (e *Engine) checkChanged(s *schemaT, old *rendered, view map[string]any) []problem.Violation {
	// The keys to visit, in order: the changed ones, or all when there are
	// findings to carry over.
	var buf [8]string // most changes are a few keys: no allocation
	keys := buf[:0]
	if len(old.violations) > 0 {
		keys = make([]string, 0, len(view))
	}
	for k, v := range view {
		if len(old.violations) > 0 || !plugin.Equal(old.view[k], v) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []problem.Violation
	for _, k := range keys {
		if len(old.violations) > 0 && plugin.Equal(old.view[k], view[k]) {
			for _, v := range old.violations {
				if rootField(v.Field) == k {
					out = append(out, v)
				}
			}
			continue
		}
		ps := s.Properties[k]
		var sub *schemaT
		if ps != nil {
			sub = ps.Value
		} else if ap := s.AdditionalProperties.Schema; ap != nil {
			sub = ap.Value
		}
		if sub != nil {
			out = append(out, e.val.Schema(sub, view[k], true, "response", k)...)
		}
	}
	for _, v := range old.violations {
		if _, ok := view[rootField(v.Field)]; !ok {
			out = append(out, v)
		}
	}
	return out
}
