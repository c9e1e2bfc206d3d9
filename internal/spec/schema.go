package spec

import (
	"strings"

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

// ConcreteMedia turns a declared response media type, which may be a range
// ("image/*", "*/*"), into the Content-Type to send.
func ConcreteMedia(mt string) string {
	base := strings.ToLower(strings.TrimSpace(strings.SplitN(mt, ";", 2)[0]))
	switch {
	case base == "*/*":
		return "application/json"
	case base == "image/*":
		return "image/png"
	case base == "text/*":
		return "text/plain"
	case strings.HasSuffix(base, "/*"):
		return strings.TrimSuffix(base, "*") + "octet-stream"
	}
	return mt
}
