package spec

import (
	"sort"

	"github.com/getkin/kin-openapi/openapi3"
)

// PropertyOrder returns a schema's property names in document order (the
// order a reader sees, which APIs like PostHog's serialize in). Properties
// merged from allOf follow in branch order. Without position information
// the names are sorted.
func PropertyOrder(s *openapi3.Schema) []string {
	type kv struct {
		name      string
		line, col int
	}
	var props []kv
	for name, ref := range s.Properties {
		e := kv{name: name}
		if ref != nil && ref.Origin != nil && ref.Origin.Key != nil {
			e.line, e.col = ref.Origin.Key.Line, ref.Origin.Key.Column
		} else if ref != nil && ref.Value != nil && ref.Value.Origin != nil && ref.Value.Origin.Key != nil {
			e.line, e.col = ref.Value.Origin.Key.Line, ref.Value.Origin.Key.Column
		}
		props = append(props, e)
	}
	sort.Slice(props, func(i, j int) bool {
		if props[i].line != props[j].line {
			return props[i].line < props[j].line
		}
		if props[i].col != props[j].col {
			return props[i].col < props[j].col
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
		for _, n := range PropertyOrder(sub.Value) {
			if !seen[n] {
				out = append(out, n)
				seen[n] = true
			}
		}
	}
	return out
}
