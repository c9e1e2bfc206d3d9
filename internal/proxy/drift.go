package proxy

import (
	"sort"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/problem"
)

// maxDepth bounds the walk of recursive schemas.
const maxDepth = 32

// undocumentedFields finds properties of a value that its schema does not
// declare, even where additionalProperties allows them: the real API
// returns fields the contract does not know (drift). Free-form objects and
// maps (additionalProperties with a schema and no properties) are not
// drift. Each undocumented field is reported once, array indices folded.
func undocumentedFields(s *openapi3.Schema, v any) []problem.Violation {
	w := walker{seen: map[string]bool{}}
	w.walk(s, v, "", "", 0)
	sort.SliceStable(w.out, func(i, j int) bool { return w.out[i].Field < w.out[j].Field })
	return w.out
}

type walker struct {
	out  []problem.Violation
	seen map[string]bool
}

func (w *walker) walk(s *openapi3.Schema, v any, field, folded string, depth int) {
	if s == nil || depth > maxDepth {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		props, closed, extra, known := properties(s, x)
		if !known {
			return
		}
		for _, k := range sortedKeys(x) {
			f, ff := join(field, k), join(folded, k)
			if ps, ok := props[k]; ok {
				w.walk(ps, x[k], f, ff, depth+1)
				continue
			}
			if extra != nil {
				w.walk(extra, x[k], f, ff, depth+1)
				continue
			}
			if closed || w.seen[ff] {
				continue // additionalProperties: false is already a schema violation
			}
			w.seen[ff] = true
			w.out = append(w.out, problem.Violation{In: "response", Field: f, Code: "undocumented_field",
				Expected: "only documented properties", Got: k,
				Message: "The answer has a field the contract does not document."})
		}
	case []any:
		items := arrayItems(s)
		for i, e := range x {
			w.walk(items, e, join(field, strconv.Itoa(i)), join(folded, "*"), depth+1)
		}
	}
}

// properties merges the declared properties of s and its allOf, oneOf and
// anyOf branches (lenient: a property any branch declares is documented).
// closed is true when additionalProperties is false; extra is the schema of
// additional properties when one is given; known is false for a free-form
// object (no properties anywhere) that cannot drift.
func properties(s *openapi3.Schema, v map[string]any) (props map[string]*openapi3.Schema, closed bool, extra *openapi3.Schema, known bool) {
	props = map[string]*openapi3.Schema{}
	var visit func(s *openapi3.Schema, depth int)
	visit = func(s *openapi3.Schema, depth int) {
		if s == nil || depth > maxDepth {
			return
		}
		for k, ref := range s.Properties {
			if ref != nil && ref.Value != nil {
				if _, ok := props[k]; !ok {
					props[k] = ref.Value
				}
			}
		}
		ap := s.AdditionalProperties
		if ap.Has != nil && !*ap.Has {
			closed = true
		}
		if ap.Schema != nil && ap.Schema.Value != nil && extra == nil {
			extra = ap.Schema.Value
		}
		for _, group := range [][]*openapi3.SchemaRef{s.AllOf, s.OneOf, s.AnyOf} {
			for _, ref := range group {
				if ref != nil {
					visit(ref.Value, depth+1)
				}
			}
		}
	}
	visit(s, 0)
	known = len(props) > 0 || closed || extra != nil
	return props, closed, extra, known
}

func arrayItems(s *openapi3.Schema) *openapi3.Schema {
	if s.Items != nil && s.Items.Value != nil {
		return s.Items.Value
	}
	for _, group := range [][]*openapi3.SchemaRef{s.AllOf, s.OneOf, s.AnyOf} {
		for _, ref := range group {
			if ref != nil && ref.Value != nil && ref.Value.Items != nil && ref.Value.Items.Value != nil {
				return ref.Value.Items.Value
			}
		}
	}
	return nil
}

func join(base, k string) string {
	if base == "" {
		return k
	}
	return base + "__" + k
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortStrings(s []string) { sort.Strings(s) }
