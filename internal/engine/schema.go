package engine

import (
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/spec"
)

type schemaT = openapi3.Schema

// propSchema finds a property's schema, looking into allOf branches.
func propSchema(s *schemaT, name string) *schemaT { return spec.PropertySchema(s, name) }
