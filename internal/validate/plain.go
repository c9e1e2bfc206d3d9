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

// needs2020 reports whether a value must be checked with kin-openapi's
// JSON Schema 2020-12 validator: a 3.1 document's schema using a keyword
// that only that validator knows (const, if/then/else, prefixItems,
// unevaluatedProperties…), or marking a schema "nullable" (which 3.1
// ignores and 3.0's validator honours) for a value holding a null. Other
// 3.1 schemas are checked with kin-openapi's OpenAPI 3.0 validator, as
// kin-openapi itself does for a 3.1 schema that uses $refs: the same
// verdicts, without compiling the schema on every call, and an error per
// failure that walk can stop listing at the bound.
func (v *Validator) needs2020(s *openapi3.Schema, value any) bool {
	if !v.is31 {
		return false
	}
	f, ok := v.features.Load(s)
	if !ok {
		f, _ = v.features.LoadOrStore(s, features(s))
	}
	switch f.(uint8) {
	case uses2020:
		return true
	case usesNullable:
		return holdsNull(value)
	}
	return false
}

const (
	uses2020 uint8 = 1 + iota
	usesNullable
)

var errFound = errors.New("found")

// features says whether s or any schema below it uses a 2020-12 keyword
// (uses2020), else "nullable" (usesNullable), else neither (0).
func features(s *openapi3.Schema) uint8 {
	nullable := false
	err := openapi3.NewSchemaRef("", s).WalkSubtree(func(_ string, ref *openapi3.SchemaRef) error {
		x := ref.Value
		if x.Const != nil || len(x.PrefixItems) != 0 || x.Contains != nil || len(x.PatternProperties) != 0 ||
			len(x.DependentSchemas) != 0 || x.PropertyNames != nil || x.UnevaluatedItems.Has != nil || x.UnevaluatedItems.Schema != nil ||
			x.UnevaluatedProperties.Has != nil || x.UnevaluatedProperties.Schema != nil || x.If != nil || x.Then != nil || x.Else != nil ||
			len(x.DependentRequired) != 0 || len(x.Defs) != 0 || x.ContentSchema != nil || x.MinContains != nil || x.MaxContains != nil {
			return errFound
		}
		nullable = nullable || x.Nullable
		return nil
	})
	switch {
	case err != nil:
		return uses2020
	case nullable:
		return usesNullable
	}
	return 0
}

// holdsNull reports whether a JSON-shaped value is or holds a null.
func holdsNull(value any) bool {
	switch x := value.(type) {
	case nil:
		return true
	case []any:
		for _, e := range x {
			if holdsNull(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range x {
			if holdsNull(e) {
				return true
			}
		}
	}
	return false
}
