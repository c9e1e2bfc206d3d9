package resource

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/store"
)

// Conform shapes a stored object for a response of schema s: writeOnly
// properties removed at every depth, properties a closed schema
// (additionalProperties: false) does not declare dropped, and required
// properties the client never sent (nested readOnly ones, typically)
// generated, deterministically per key. The stored object is not modified:
// what needs no change is shared with it (copy on write; an object that
// already fits is returned as is), so the result must not be modified
// either.
func (e *Stage) Conform(s *schemaT, v any, key string) any {
	path := make([]string, 1, 18)
	path[0] = key
	out, _ := e.conformAt(s, v, path, true)
	return out
}

// shown is what an answer of schema s shows of a stored value, with
// nothing generated: writeOnly properties and those a closed schema does
// not declare dropped, required ones left missing. The read model judges
// stored values by it, so that what an answer requires is stored once
// rather than generated anew by each answer's Conform.
func (e *Stage) shown(s *schemaT, v any) any {
	path := make([]string, 1, 18)
	out, _ := e.conformAt(s, v, path, false)
	return out
}

// conformAt is conform at a path (key, then the property names and indexes
// down to v: the generation key of what it adds); it reports whether the
// value changed. generate: the required properties v lacks are generated.
func (e *Stage) conformAt(s *schemaT, v any, path []string, generate bool) (any, bool) {
	if s == nil || len(path) > 17 {
		return v, false
	}
	switch x := v.(type) {
	case map[string]any:
		if e.facts.of(s).conformFree {
			return v, false
		}
		sh := shapeOf(s)
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
			if nv, drop, changed := e.conformProp(sh, k, val, path, generate); changed {
				set(k, nv, drop)
			}
		}
		for _, name := range e.facts.of(s).required {
			if !generate {
				break
			}
			if _, ok := x[name]; ok {
				continue
			}
			if _, ok := out[name]; ok {
				continue
			}
			if nv, ok := e.generatedProp(s, name, path); ok {
				set(name, nv, false)
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
			nv, changed := e.conformAt(s.Items.Value, el, append(path, strconv.Itoa(i)), generate)
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

// objectShape is what conforming an object's properties one by one needs
// to know of its schema.
type objectShape struct {
	s      *schemaT
	closed bool     // additionalProperties: false, no allOf/oneOf/anyOf
	extra  *schemaT // additionalProperties' schema
}

func shapeOf(s *schemaT) objectShape {
	sh := objectShape{s: s, closed: s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has &&
		len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) == 0}
	if as := s.AdditionalProperties.Schema; as != nil {
		sh.extra = as.Value
	}
	return sh
}

// conformProp conforms the property k (value val) of an object at path: it
// is dropped (writeOnly, or undeclared in a closed schema), replaced by nv
// (changed), or kept as it is.
func (e *Stage) conformProp(sh objectShape, k string, val any, path []string, generate bool) (nv any, drop, changed bool) {
	ps := propSchema(sh.s, k)
	if ps == nil && sh.closed || ps != nil && ps.WriteOnly {
		return nil, true, true
	}
	if ps == nil {
		ps = sh.extra
	}
	nv, changed = e.conformAt(ps, val, append(path, k), generate)
	return nv, false, changed
}

// generatedProp is the value conform gives the required property name an
// object at path lacks, if any.
func (e *Stage) generatedProp(s *schemaT, name string, path []string) (any, bool) {
	if ps := propSchema(s, name); ps != nil && !ps.WriteOnly {
		return e.gen.Value(ps, strings.Join(append(path, name), "/"), fixtures.Response), true
	}
	return nil, false
}

// ConformFrom is Conform(s, obj, key) for a new version of an object whose
// previous version prevIn was conformed to prevOut under the same key.
// changed lists the keys whose values may differ between prevIn and obj
// (ChangedKeys); every other key conforms as before, so its outcome is
// taken from prevOut and only the changed keys are conformed again.
func (e *Stage) ConformFrom(s *schemaT, obj map[string]any, key string, prevIn, prevOut map[string]any, changed []string) map[string]any {
	if s == nil || e.facts.of(s).conformFree {
		return obj
	}
	// Start from the previous outcome (or from obj itself when nothing was
	// conformed then: the unchanged keys need nothing now either) and
	// redo the changed keys.
	out, owned := obj, false
	if !store.Same(prevIn, prevOut) {
		out, owned = maps.Clone(prevOut), true
	}
	set := func(k string, val any, drop bool) {
		if !owned {
			out, owned = maps.Clone(obj), true
		}
		if drop {
			delete(out, k)
		} else {
			out[k] = val
		}
	}
	sh := shapeOf(s)
	path := make([]string, 1, 18)
	path[0] = key
	for _, k := range changed {
		if val, ok := obj[k]; ok {
			nv, drop, chg := e.conformProp(sh, k, val, path, true)
			switch {
			case chg:
				set(k, nv, drop)
			case owned:
				out[k] = val
			}
			continue
		}
		// Gone from obj: generated if required, else absent.
		if slices.Contains(e.facts.of(s).required, k) {
			if nv, ok := e.generatedProp(s, k, path); ok {
				set(k, nv, false)
				continue
			}
		}
		if owned {
			delete(out, k)
		}
	}
	return out
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
