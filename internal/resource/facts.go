package resource

import (
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// schemaFacts are what the engine needs to know about a schema on every
// request, worked out once per schema.
type schemaFacts struct {
	// conformFree: conform never changes a value of this schema (no
	// writeOnly, closed or required properties at any depth).
	conformFree bool
	// required are the schema's required properties with its allOf
	// branches' (requiredOf).
	required []string
	// updatedStamps are the properties an update sets to the time of the
	// change (see updatedStamps).
	updatedStamps []string
}

// factCache holds schemaFacts per schema (*schemaT -> schemaFacts).
type factCache struct{ m sync.Map }

func (fc *factCache) of(s *schemaT) schemaFacts {
	if f, ok := fc.m.Load(s); ok {
		return f.(schemaFacts)
	}
	f := schemaFacts{conformFree: conformFree(s, map[*schemaT]bool{}),
		required: requiredOf(s, 0), updatedStamps: updatedStamps(s)}
	fc.m.Store(s, f)
	return f
}

// conformFree reports whether conform leaves every value of s as it is.
// visiting holds the schemas being judged further up (recursive schemas).
func conformFree(s *schemaT, visiting map[*schemaT]bool) bool {
	if s == nil || visiting[s] {
		return true
	}
	visiting[s] = true
	defer delete(visiting, s)
	if len(requiredOf(s, 0)) > 0 || s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has {
		return false
	}
	sub := func(r *openapi3.SchemaRef) bool { return r == nil || r.Value == nil || conformFree(r.Value, visiting) }
	for _, p := range s.Properties {
		if p != nil && p.Value != nil && p.Value.WriteOnly || !sub(p) {
			return false
		}
	}
	for _, p := range s.AllOf {
		if !sub(p) {
			return false
		}
		if p != nil && p.Value != nil {
			for _, q := range p.Value.Properties {
				if q != nil && q.Value != nil && q.Value.WriteOnly {
					return false
				}
			}
		}
	}
	return sub(s.AdditionalProperties.Schema) && sub(s.Items)
}

// updatedStamps lists the properties of s (its own and its allOf parts')
// that are "updated" timestamps: date-time properties such as updated_at.
func updatedStamps(s *schemaT) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(*schemaT, int)
	walk = func(x *schemaT, depth int) {
		if x == nil || depth > 32 {
			return
		}
		for name := range x.Properties {
			if seen[name] {
				continue
			}
			seen[name] = true
			if ps := propSchema(s, name); ps != nil && isTimestamp(name, ps) && strings.Contains(strings.ToLower(name), "updated") {
				out = append(out, name)
			}
		}
		for _, sub := range x.AllOf {
			if sub != nil {
				walk(sub.Value, depth+1)
			}
		}
	}
	walk(s, 0)
	return out
}
