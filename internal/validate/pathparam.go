package validate

import (
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/spec"
)

// validPathString reports whether p is a path parameter whose value
// kin-openapi would take as the raw string and find valid: a sent value,
// style simple, a schema of type string alone at the top (no allOf, anyOf,
// oneOf or not, which kin-openapi decodes otherwise). It then checks the
// value with the very schema call openapi3filter.ValidateParameter ends
// with, without its decoding and error wrapping. A false answer only
// means "ask kin-openapi" (which also gives the findings).
func (v *Validator) validPathString(p *spec.Param, pathParams map[string]string) bool {
	if p.In != openapi3.ParameterInPath {
		return false
	}
	q := kinParam(p)
	if q == nil || len(q.Content) > 0 || q.Schema == nil || q.Schema.Value == nil ||
		q.Style != "" && q.Style != openapi3.SerializationSimple {
		return false
	}
	s := q.Schema.Value
	if s.Type == nil || len(*s.Type) != 1 || !s.Type.Is(openapi3.TypeString) ||
		len(s.AllOf)+len(s.AnyOf)+len(s.OneOf) > 0 || s.Not != nil {
		return false
	}
	raw := pathParams[q.Name]
	if raw == "" {
		return false // kin-openapi reports it missing
	}
	return s.VisitJSON(raw, v.kinParamOpts...) == nil
}
