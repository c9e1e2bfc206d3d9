package render

import (
	"github.com/mockserver-go/mockserver/internal/store"
)

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
func (e *Encoder) encodeFrom(view map[string]any, s *schemaT, p *Rendered) ([]byte, []span) {
	if p == nil || p.spans == nil || len(p.spans) != len(view) || !SameKeys(p.View, view) || branchFor(s, view) != branchFor(s, p.View) {
		spans := make([]span, 0, len(view))
		bp := e.pool.Get().(*[]byte)
		buf := e.object((*bp)[:0], view, s, 0, &spans)
		out := append([]byte(nil), buf...)
		*bp = buf
		e.pool.Put(bp)
		return out, spans
	}
	b := make([]byte, 0, len(p.Body)+len(p.Body)/4)
	spans := make([]span, len(p.spans))
	from := 0 // p.Body[from:] is still to copy
	for i, sp := range p.spans {
		v := view[sp.key]
		if store.Same(v, p.View[sp.key]) {
			spans[i] = span{key: sp.key, s: sp.s, start: sp.start + len(b) - from, end: sp.end + len(b) - from}
			continue
		}
		b = append(b, p.Body[from:sp.start]...)
		start := len(b)
		b = e.value(b, v, sp.s, 1)
		spans[i] = span{key: sp.key, s: sp.s, start: start, end: len(b)}
		from = sp.end
	}
	return append(b, p.Body[from:]...), spans
}
