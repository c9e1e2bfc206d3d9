package engine

import (
	"slices"

	"github.com/mockserver-go/mockserver/internal/store"
)

// viewFrom is c.view(obj, list), with the object the View hook was given
// (the conformed object). When p, the rendering of the version obj
// replaced under the same cache key, is given, only the keys that changed
// since are conformed again (conformFrom); the View hook runs in full.
func (c *Call) viewFrom(obj map[string]any, list bool, p *rendered) (conformed, view map[string]any) {
	s, key := c.viewSchema(obj, list)
	if p != nil {
		if changed := changedKeys(p.obj, obj); !slices.Contains(changed, c.Op.Resource.IDField) { // else another conform key
			conformed = c.e.conformFrom(s, obj, key, p.obj, p.conformed, changed)
		}
	}
	if conformed == nil {
		conformed, _ = c.e.conform(s, obj, key).(map[string]any)
	}
	return conformed, c.hookView(conformed, list)
}

// span is where a top-level property's value is in a rendering's body,
// and the schema it was written with.
type span struct {
	key        string
	s          *schemaT
	start, end int
}

// encodeFrom is encode(view, s), with the spans of view's properties. p,
// when not nil, is the rendering of the version view replaces (same
// schema): when view has the same keys (so they are written in the same
// order), p's body is copied but for the values view does not share with
// p (same), encoded again.
func (e *encoder) encodeFrom(view map[string]any, s *schemaT, p *rendered) ([]byte, []span) {
	if p == nil || p.spans == nil || len(p.spans) != len(view) || !sameKeys(p.view, view) || branchFor(s, view) != branchFor(s, p.view) {
		spans := make([]span, 0, len(view))
		bp := e.pool.Get().(*[]byte)
		buf := e.object((*bp)[:0], view, s, 0, &spans)
		out := append([]byte(nil), buf...)
		*bp = buf
		e.pool.Put(bp)
		return out, spans
	}
	b := make([]byte, 0, len(p.body)+len(p.body)/4)
	spans := make([]span, len(p.spans))
	from := 0 // p.body[from:] is still to copy
	for i, sp := range p.spans {
		v := view[sp.key]
		if store.Same(v, p.view[sp.key]) {
			spans[i] = span{key: sp.key, s: sp.s, start: sp.start + len(b) - from, end: sp.end + len(b) - from}
			continue
		}
		b = append(b, p.body[from:sp.start]...)
		start := len(b)
		b = e.value(b, v, sp.s, 1)
		spans[i] = span{key: sp.key, s: sp.s, start: start, end: len(b)}
		from = sp.end
	}
	return append(b, p.body[from:]...), spans
}
