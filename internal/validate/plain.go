package validate

import (
	"errors"

	"github.com/getkin/kin-openapi/openapi3"
)

// node is a plain object or array schema split for walk: the checks on the
// container itself (self) apart from those on its members.
type node struct {
	array bool
	// self is the schema without its members' schemas: an array schema
	// without items; an object schema whose properties admit any value
	// but keep readOnly and writeOnly (which decide what is required),
	// and which admits any other property.
	self  *openapi3.Schema
	items *openapi3.Schema
	props map[string]*openapi3.Schema
	// additional is the schema of undeclared properties (nil: any);
	// closed is additionalProperties: false.
	additional *openapi3.Schema
	closed     bool
}

// plainNode is s split for walk, or nil when s checks a value other than
// through its members one by one and the container's own counts
// (allOf, oneOf, anyOf, not, a discriminator, patternProperties, a
// format or enum on a container...). It is worked out once per schema.
func (v *Validator) plainNode(s *openapi3.Schema) *node {
	if n, ok := v.nodes.Load(s); ok {
		return n.(*node)
	}
	n := splitNode(s)
	v.nodes.Store(s, n)
	return n
}

func splitNode(s *openapi3.Schema) *node {
	if s.Always != nil || s.Discriminator != nil {
		return nil
	}
	rest := *s
	// Annotations and the keywords split out below.
	rest.Title, rest.Description, rest.Default, rest.Example, rest.Examples, rest.Extensions = "", "", nil, nil, nil, nil
	rest.Deprecated, rest.XML, rest.ExternalDocs, rest.Origin = false, nil, nil, nil
	rest.Type, rest.Nullable, rest.ReadOnly, rest.WriteOnly = nil, false, false, false
	switch {
	case s.Items != nil:
		if s.Items.Value == nil || len(s.Properties) > 0 {
			return nil
		}
		rest.Items, rest.MinItems, rest.MaxItems, rest.UniqueItems = nil, 0, nil, false
		if !rest.IsEmpty() {
			return nil
		}
		self := *s
		self.Items = nil
		return &node{array: true, self: &self, items: s.Items.Value}
	case len(s.Properties) > 0 || s.AdditionalProperties.Has != nil || s.AdditionalProperties.Schema != nil:
		rest.Properties, rest.AdditionalProperties, rest.Required, rest.MinProps, rest.MaxProps = nil, openapi3.AdditionalProperties{}, nil, 0, nil
		if !rest.IsEmpty() {
			return nil
		}
		n := &node{props: make(map[string]*openapi3.Schema, len(s.Properties))}
		stubs := make(openapi3.Schemas, len(s.Properties))
		for k, ref := range s.Properties {
			if ref == nil || ref.Value == nil {
				return nil
			}
			n.props[k] = ref.Value
			// Nullable: an empty schema refuses null in OpenAPI 3.0, and
			// the property's own schema decides that.
			stubs[k] = &openapi3.SchemaRef{Value: &openapi3.Schema{ReadOnly: ref.Value.ReadOnly, WriteOnly: ref.Value.WriteOnly, Nullable: true}}
		}
		if ap := s.AdditionalProperties; ap.Has != nil && !*ap.Has {
			n.closed = true
		} else if ap.Schema != nil {
			if ap.Schema.Value == nil {
				return nil
			}
			n.additional = ap.Schema.Value
		}
		self := *s
		self.Properties, self.AdditionalProperties = stubs, openapi3.AdditionalProperties{}
		n.self = &self
		return n
	}
	return nil
}

// route is how a value of s is checked: the schema to visit and whether
// with kin-openapi's JSON Schema 2020-12 validator. That validator is
// used for a 3.1 schema that uses a keyword only it knows (if/then/else,
// prefixItems, unevaluatedProperties…). Other 3.1 schemas are checked
// with kin-openapi's OpenAPI 3.0 validator, as kin-openapi itself does for
// a 3.1 schema that uses $refs: the same verdicts, without compiling the
// schema on every call, and an error per failure that walk can stop
// listing at the bound. Two keywords are translated for it in a copy of
// the schema (for30): "nullable", which 3.1 does not know and the 3.0
// validator honours, is dropped; "const", which it does not know, becomes
// the enum of one value it means.
func (v *Validator) route(s *openapi3.Schema) (*openapi3.Schema, bool) {
	if !v.is31 {
		return s, false
	}
	r, ok := v.routes.Load(s)
	if !ok {
		r, _ = v.routes.LoadOrStore(s, routeOf(s))
	}
	rt := r.(routing)
	return rt.schema, rt.use2020
}

// routing is route's answer for one schema.
type routing struct {
	schema  *openapi3.Schema
	use2020 bool
}

var errFound = errors.New("found")

func routeOf(s *openapi3.Schema) routing {
	translate := false
	err := openapi3.NewSchemaRef("", s).WalkSubtree(func(_ string, ref *openapi3.SchemaRef) error {
		x := ref.Value
		if len(x.PrefixItems) != 0 || x.Contains != nil || len(x.PatternProperties) != 0 ||
			len(x.DependentSchemas) != 0 || x.PropertyNames != nil || x.UnevaluatedItems.Has != nil || x.UnevaluatedItems.Schema != nil ||
			x.UnevaluatedProperties.Has != nil || x.UnevaluatedProperties.Schema != nil || x.If != nil || x.Then != nil || x.Else != nil ||
			len(x.DependentRequired) != 0 || len(x.Defs) != 0 || x.ContentSchema != nil || x.MinContains != nil || x.MaxContains != nil ||
			x.Const != nil && len(x.Enum) != 0 {
			return errFound
		}
		translate = translate || x.Nullable || x.Const != nil
		return nil
	})
	switch {
	case err != nil:
		return routing{schema: s, use2020: true}
	case translate:
		return routing{schema: for30(s, map[*openapi3.Schema]*openapi3.Schema{})}
	}
	return routing{schema: s}
}

// for30 is a copy of the schema graph below s without "nullable" and
// with each "const" as an enum of one value, sharing nothing that it
// changes; memo keeps cycles and shared schemas as they are.
func for30(s *openapi3.Schema, memo map[*openapi3.Schema]*openapi3.Schema) *openapi3.Schema {
	if s == nil {
		return nil
	}
	if c, ok := memo[s]; ok {
		return c
	}
	c := *s
	memo[s] = &c
	c.Nullable = false
	if s.Const != nil {
		c.Enum, c.Const = []any{s.Const}, nil
	}
	ref := func(r *openapi3.SchemaRef) *openapi3.SchemaRef {
		if r == nil || r.Value == nil {
			return r
		}
		cp := *r
		cp.Value = for30(r.Value, memo)
		return &cp
	}
	refs := func(rs openapi3.SchemaRefs) openapi3.SchemaRefs {
		if rs == nil {
			return nil
		}
		out := make(openapi3.SchemaRefs, len(rs))
		for i, r := range rs {
			out[i] = ref(r)
		}
		return out
	}
	c.OneOf, c.AnyOf, c.AllOf = refs(s.OneOf), refs(s.AnyOf), refs(s.AllOf)
	c.Not, c.Items, c.AdditionalProperties.Schema = ref(s.Not), ref(s.Items), ref(s.AdditionalProperties.Schema)
	if s.Properties != nil {
		c.Properties = make(openapi3.Schemas, len(s.Properties))
		for k, r := range s.Properties {
			c.Properties[k] = ref(r)
		}
	}
	return &c
}
