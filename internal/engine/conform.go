package engine

import (
	"maps"
	"strconv"
	"strings"

	"github.com/mockserver-go/mockserver/internal/fixtures"
)

// conform shapes a stored object for a response of schema s: writeOnly
// properties removed at every depth, properties a closed schema
// (additionalProperties: false) does not declare dropped, and required
// properties the client never sent (nested readOnly ones, typically)
// generated, deterministically per key. The stored object is not modified:
// what needs no change is shared with it (copy on write; an object that
// already fits is returned as is), so the result must not be modified
// either.
func (e *Engine) conform(s *schemaT, v any, key string) any {
	path := make([]string, 1, 18)
	path[0] = key
	out, _ := e.conformAt(s, v, path)
	return out
}

// conformAt is conform at a path (key, then the property names and indexes
// down to v: the generation key of what it adds); it reports whether the
// value changed.
func (e *Engine) conformAt(s *schemaT, v any, path []string) (any, bool) {
	if s == nil || len(path) > 17 {
		return v, false
	}
	switch x := v.(type) {
	case map[string]any:
		facts := e.facts.of(s)
		if facts.conformFree {
			return v, false
		}
		closed := s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has &&
			len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) == 0
		var extra *schemaT
		if as := s.AdditionalProperties.Schema; as != nil {
			extra = as.Value
		}
		var out map[string]any // a copy of x, once something changes
		set := func(k string, val any, drop bool) {
			if out == nil {
				out = maps.Clone(x) // copies the table, no rehashing
			}
			if drop {
				delete(out, k)
			} else {
				out[k] = val
			}
		}
		for k, val := range x {
			ps := propSchema(s, k)
			switch {
			case ps == nil && closed, ps != nil && ps.WriteOnly:
				set(k, nil, true)
			default:
				if ps == nil {
					ps = extra
				}
				if nv, changed := e.conformAt(ps, val, append(path, k)); changed {
					set(k, nv, false)
				}
			}
		}
		for _, name := range facts.required {
			if _, ok := x[name]; ok {
				continue
			}
			if _, ok := out[name]; ok {
				continue
			}
			if ps := propSchema(s, name); ps != nil && !ps.WriteOnly {
				set(name, e.gen.Value(ps, strings.Join(append(path, name), "/"), fixtures.Response), false)
			}
		}
		if out == nil {
			return x, false
		}
		return out, true
	case []any:
		if s.Items == nil || s.Items.Value == nil || e.facts.of(s).conformFree {
			return v, false
		}
		var out []any
		for i, el := range x {
			nv, changed := e.conformAt(s.Items.Value, el, append(path, strconv.Itoa(i)))
			if changed && out == nil {
				out = make([]any, len(x))
				copy(out, x)
			}
			if changed {
				out[i] = nv
			}
		}
		if out == nil {
			return x, false
		}
		return out, true
	}
	return v, false
}

// requiredOf lists a schema's required properties, with its allOf
// branches'.
func requiredOf(s *schemaT, depth int) []string {
	if len(s.AllOf) == 0 || depth > 8 {
		return s.Required
	}
	out := append([]string(nil), s.Required...)
	for _, sub := range s.AllOf {
		if sub != nil && sub.Value != nil {
			out = append(out, requiredOf(sub.Value, depth+1)...)
		}
	}
	return out
}
