package engine

import "slices"

// viewFrom is c.View(obj, list), with the object View was given (the
// conformed object). When p, the rendering of the version obj replaced
// under the same cache key, is given, only the keys that changed since are
// conformed and viewed again (conformFrom, Hooks.ViewDelta); everything else
// is p's.
func (c *Call) viewFrom(obj map[string]any, list bool, p *rendered) (conformed, view map[string]any) {
	s, key := c.viewSchema(obj, list)
	h := c.E.hooks(c)
	hasView := h != nil && h.View != nil
	if hasView && h.ViewDelta == nil {
		p = nil
	}
	var changed []string
	if p != nil {
		changed = changedKeys(p.obj, obj)
		if slices.Contains(changed, c.Op.Resource.IDField) {
			p = nil // another conform key
		}
	}
	if p == nil {
		conformed, _ = c.E.conform(s, obj, key).(map[string]any)
		view = conformed
		if hasView {
			view = h.View(c, conformed, list)
		}
		return conformed, view
	}
	conformed = c.E.conformFrom(s, obj, key, p.obj, p.conformed, changed)
	view = conformed
	if hasView {
		view = h.ViewDelta(c, conformed, list, p.conformed, p.view, changed)
	}
	return conformed, view
}

// span is where a top-level property's value is in a rendering's body.
type span struct {
	key        string
	start, end int
}

// reuser writes the top-level property values of an object, recording
// their spans; a value that is the same (same) as in the earlier rendering
// prev is copied from prev's body instead of encoded again.
type reuser struct {
	spans []span
	prev  *rendered
	next  int // where to look next in prev.spans: keys come in the same order
}

func (r *reuser) value(e *encoder, b []byte, k string, v any, s *schemaT, depth int) []byte {
	start := len(b)
	if old, ok := r.earlier(k, v); ok {
		b = append(b, old...)
	} else {
		b = e.value(b, v, s, depth+1)
	}
	r.spans = append(r.spans, span{key: k, start: start, end: len(b)})
	return b
}

// earlier is the encoding of k's value v in prev, if it was the same value.
func (r *reuser) earlier(k string, v any) ([]byte, bool) {
	if r.prev == nil {
		return nil, false
	}
	pv, ok := r.prev.view[k]
	if !ok || !same(pv, v) {
		return nil, false
	}
	sp := r.prev.spans
	for i := r.next; i < len(sp); i++ {
		if sp[i].key == k {
			r.next = i + 1
			return r.prev.body[sp[i].start:sp[i].end], true
		}
	}
	return nil, false
}

// encodeFrom is encode(view, s), recording the spans of view's properties;
// p, when not nil, is the rendering of the version view replaces (same
// schema): the values view shares with it are copied from its body.
func (e *encoder) encodeFrom(view map[string]any, s *schemaT, p *rendered) ([]byte, []span) {
	if p != nil && (p.spans == nil || branchFor(s, view) != branchFor(s, p.view)) {
		p = nil // the same value could be written in another order
	}
	r := &reuser{spans: make([]span, 0, len(view)), prev: p}
	bp := e.pool.Get().(*[]byte)
	buf := e.object((*bp)[:0], view, s, 0, r)
	out := append([]byte(nil), buf...)
	*bp = buf
	e.pool.Put(bp)
	return out, r.spans
}
