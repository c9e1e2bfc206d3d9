package spec

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

const componentSchemas = "#/components/schemas/"

// completeDiscriminators makes the discriminators of oneOf/anyOf schemas
// explicit, so validation picks the branch the discriminator names instead
// of requiring a value to match exactly one branch by shape (which real
// documents, whose branches share their base properties, rarely allow):
//
//   - a discriminator without a mapping for some branch gets the implicit
//     one (the component schema's name, as OpenAPI defines it);
//   - a oneOf/anyOf without a discriminator whose branches all inherit one
//     (allOf of a base schema that declares it) gets that discriminator.
//
// Only schemas whose branches are all component $refs are touched: the
// branch is identified by its $ref.
func (d *Doc) completeDiscriminators() {
	seen := map[*openapi3.Schema]bool{}
	var walk func(ref *openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		for _, list := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf} {
			if len(list) > 0 {
				completeDiscriminator(s, list)
			}
		}
		for _, list := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf, s.AllOf, s.PrefixItems} {
			for _, r := range list {
				walk(r)
			}
		}
		for _, p := range s.Properties {
			walk(p)
		}
		walk(s.Items)
		walk(s.Not)
		walk(s.AdditionalProperties.Schema)
	}
	if d.T.Components != nil {
		for _, s := range d.T.Components.Schemas {
			walk(s)
		}
		for _, p := range d.T.Components.Parameters {
			if p != nil && p.Value != nil {
				walk(p.Value.Schema)
			}
		}
		for _, rb := range d.T.Components.RequestBodies {
			if rb != nil && rb.Value != nil {
				walkContent(rb.Value.Content, walk)
			}
		}
		for _, r := range d.T.Components.Responses {
			if r != nil && r.Value != nil {
				walkContent(r.Value.Content, walk)
			}
		}
	}
	if d.T.Paths == nil {
		return
	}
	for _, item := range d.T.Paths.Map() {
		if item == nil {
			continue
		}
		for _, p := range item.Parameters {
			if p != nil && p.Value != nil {
				walk(p.Value.Schema)
			}
		}
		for _, o := range item.Operations() {
			for _, p := range o.Parameters {
				if p != nil && p.Value != nil {
					walk(p.Value.Schema)
					walkContent(p.Value.Content, walk)
				}
			}
			if o.RequestBody != nil && o.RequestBody.Value != nil {
				walkContent(o.RequestBody.Value.Content, walk)
			}
			if o.Responses != nil {
				for _, r := range o.Responses.Map() {
					if r != nil && r.Value != nil {
						walkContent(r.Value.Content, walk)
					}
				}
			}
		}
	}
}

func walkContent(c openapi3.Content, walk func(*openapi3.SchemaRef)) {
	for _, mt := range c {
		if mt != nil {
			walk(mt.Schema)
		}
	}
}

func completeDiscriminator(s *openapi3.Schema, branches openapi3.SchemaRefs) {
	for _, b := range branches {
		if b == nil || b.Value == nil || !strings.HasPrefix(b.Ref, componentSchemas) {
			return
		}
	}
	disc := s.Discriminator
	if disc == nil {
		pn := ""
		for _, b := range branches {
			inh := inherited(b.Value, 0)
			if inh == nil || (pn != "" && inh.PropertyName != pn) {
				return
			}
			pn = inh.PropertyName
		}
		disc = &openapi3.Discriminator{PropertyName: pn}
		// Explicit mappings of the base schemas that name these branches.
		for _, b := range branches {
			for k, m := range inherited(b.Value, 0).Mapping {
				if mappingRef(m.Ref) == b.Ref {
					if disc.Mapping == nil {
						disc.Mapping = map[string]openapi3.MappingRef{}
					}
					disc.Mapping[k] = openapi3.MappingRef{Ref: b.Ref, Value: b.Value}
				}
			}
		}
		s.Discriminator = disc
	}
	mapped := map[string]bool{}
	for _, m := range disc.Mapping {
		mapped[mappingRef(m.Ref)] = true
	}
	if len(disc.Mapping) == 0 {
		// kin-openapi only narrows by discriminator through a mapping.
		disc.Mapping = map[string]openapi3.MappingRef{}
	}
	for _, b := range branches {
		name := strings.TrimPrefix(b.Ref, componentSchemas)
		if _, taken := disc.Mapping[name]; !taken && !mapped[b.Ref] {
			disc.Mapping[name] = openapi3.MappingRef{Ref: b.Ref, Value: b.Value}
		}
	}
}

// inherited finds the discriminator a schema declares or inherits through
// allOf.
func inherited(s *openapi3.Schema, depth int) *openapi3.Discriminator {
	if s == nil || depth > 8 {
		return nil
	}
	if s.Discriminator != nil {
		return s.Discriminator
	}
	for _, a := range s.AllOf {
		if a != nil {
			if d := inherited(a.Value, depth+1); d != nil {
				return d
			}
		}
	}
	return nil
}

func mappingRef(ref string) string {
	if ref != "" && !strings.Contains(ref, "/") {
		return componentSchemas + ref
	}
	return ref
}
