package spec

import (
	"github.com/getkin/kin-openapi/openapi3"
)

// PropertySchema finds a property's schema, looking into allOf branches;
// nil when the schema has no such property.
func PropertySchema(s *openapi3.Schema, name string) *openapi3.Schema {
	if p := s.Properties[name]; p != nil {
		return p.Value
	}
	for _, sub := range s.AllOf {
		if sub != nil && sub.Value != nil {
			if p := PropertySchema(sub.Value, name); p != nil {
				return p
			}
		}
	}
	return nil
}
