package spec

import (
	"sort"

	"github.com/getkin/kin-openapi/openapi3"
)

// PropertyOrder returns a schema's property names in document order (the
// order a reader sees, which APIs like PostHog's serialize in). Properties
// merged from allOf follow in branch order. Names whose position is not
// known come first, sorted.
func (d *Doc) PropertyOrder(s *openapi3.Schema) []string {
	type kv struct {
		name string
		at   position
	}
	props := make([]kv, 0, len(s.Properties))
	for name, ref := range s.Properties {
		props = append(props, kv{name: name, at: d.keyOf(ref)})
	}
	sort.Slice(props, func(i, j int) bool {
		if props[i].at.line != props[j].at.line {
			return props[i].at.line < props[j].at.line
		}
		if props[i].at.col != props[j].at.col {
			return props[i].at.col < props[j].at.col
		}
		return props[i].name < props[j].name
	})
	out := make([]string, 0, len(props))
	seen := map[string]bool{}
	for _, p := range props {
		out = append(out, p.name)
		seen[p.name] = true
	}
	for _, sub := range s.AllOf {
		if sub == nil || sub.Value == nil {
			continue
		}
		for _, n := range d.PropertyOrder(sub.Value) {
			if !seen[n] {
				out = append(out, n)
				seen[n] = true
			}
		}
	}
	return out
}

// keyOf is where a property's name is written: noted while loading
// (keys.go), or, for a document loaded with kin-openapi's origins (d.keys
// is nil), read from those.
func (d *Doc) keyOf(ref *openapi3.SchemaRef) position {
	if d.keys != nil {
		return d.keys[ref]
	}
	switch {
	case ref == nil:
	case ref.Origin != nil && ref.Origin.Key != nil:
		return position{ref.Origin.Key.Line, ref.Origin.Key.Column}
	case ref.Value != nil && ref.Value.Origin != nil && ref.Value.Origin.Key != nil:
		return position{ref.Value.Origin.Key.Line, ref.Value.Origin.Key.Column}
	}
	return position{}
}
