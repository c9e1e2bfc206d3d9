package validate

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// paramViolations converts a parameter's validation error.
func paramViolations(p *spec.Param, err error) []problem.Violation {
	var re *openapi3filter.RequestError
	if errors.As(err, &re) && errors.Is(re.Err, openapi3filter.ErrInvalidRequired) {
		return []problem.Violation{{In: p.In, Field: p.Name, Code: "required", Expected: "a value",
			Got: "none", Message: fmt.Sprintf("The %s parameter %q is required.", p.In, p.Name)}}
	}
	if errors.As(err, &re) && errors.Is(re.Err, openapi3filter.ErrInvalidEmptyValue) {
		return []problem.Violation{{In: p.In, Field: p.Name, Code: "blank", Expected: "a non-empty value",
			Got: "an empty value", Message: fmt.Sprintf("The %s parameter %q is empty.", p.In, p.Name)}}
	}
	var pe *openapi3filter.ParseError
	if errors.As(err, &pe) {
		return []problem.Violation{{In: p.In, Field: p.Name, Code: "type", Expected: schemaType(p.Schema),
			Got: quote(fmt.Sprint(pe.Value)), Message: fmt.Sprintf("The %s parameter %q cannot be parsed: %s.", p.In, p.Name, strings.TrimSuffix(pe.Error(), "."))}}
	}
	vs := schemaViolations(p.In, "", err)
	for i := range vs {
		if vs[i].Field == "" {
			vs[i].Field = p.Name
		} else {
			vs[i].Field = p.Name + "__" + vs[i].Field
		}
	}
	if len(vs) == 0 {
		vs = append(vs, problem.Violation{In: p.In, Field: p.Name, Code: "invalid", Message: err.Error()})
	}
	return vs
}

// schemaViolations flattens kin-openapi schema errors.
func schemaViolations(in, base string, err error) []problem.Violation {
	var out []problem.Violation
	var walk func(error)
	walk = func(err error) {
		var me openapi3.MultiError
		if errors.As(err, &me) {
			for _, e := range me {
				walk(e)
			}
			return
		}
		var se *openapi3.SchemaError
		if errors.As(err, &se) {
			out = append(out, fromSchemaError(in, base, se))
			return
		}
		out = append(out, problem.Violation{In: in, Field: base, Code: "invalid", Message: err.Error()})
	}
	walk(err)
	return dedupe(out)
}

func fromSchemaError(in, base string, se *openapi3.SchemaError) problem.Violation {
	field := base
	for _, k := range se.JSONPointer() {
		field = join(field, k)
	}
	v := problem.Violation{In: in, Field: field, Code: se.SchemaField, Got: describe(se.Value)}
	s := se.Schema
	switch se.SchemaField {
	case "required":
		// kin-openapi reports the missing property in the reason; its JSON
		// pointer may already end with it (v0.153 does), so add it once.
		if name := missingProperty(se.Reason); name != "" && field != name && !strings.HasSuffix(field, "__"+name) {
			v.Field = join(field, name)
		}
		v.Expected, v.Got = "a value", "none"
		v.Message = "This field is required."
	case "type":
		v.Expected = schemaType(s)
		if s != nil && s.Nullable {
			v.Expected += " or null"
		}
		if se.Value == nil {
			v.Code = "null"
		}
	case "enum":
		if s != nil {
			v.Expected = "one of " + describe(s.Enum)
		}
	case "maxLength":
		if s != nil && s.MaxLength != nil {
			v.Expected = fmt.Sprintf("at most %d characters", *s.MaxLength)
		}
	case "minLength":
		v.Expected = fmt.Sprintf("at least %d characters", s.MinLength)
	case "maximum":
		if s != nil && s.Max != nil {
			v.Expected = fmt.Sprintf("at most %v", *s.Max)
		}
	case "minimum":
		if s != nil && s.Min != nil {
			v.Expected = fmt.Sprintf("at least %v", *s.Min)
		}
	case "format":
		if s != nil {
			v.Expected = "a string in format " + s.Format
			// kin-openapi appends the validator's regular expression: the
			// format's name says enough.
			v.Message = fmt.Sprintf("The value is not a valid %s.", s.Format)
		}
	case "pattern":
		if s != nil {
			v.Expected = "a string matching " + s.Pattern
		}
	case "additionalProperties":
		v.Expected = "no properties beyond the declared ones"
	case "oneOf":
		if strings.Contains(se.Reason, "more than one") {
			// The value fits several branches: the document's branches
			// overlap (no discriminator, no exclusive properties). A
			// server deserializing it would accept it, so this only
			// records the ambiguity.
			v.Code, v.Expected, v.Tolerated = "ambiguous_oneOf", "exactly one oneOf branch", true
		}
	case "maxItems", "minItems", "uniqueItems", "minProperties", "maxProperties", "multipleOf", "anyOf", "allOf", "not", "readOnly", "writeOnly":
	default:
		if v.Code == "" {
			v.Code = "invalid"
		}
	}
	if v.Message == "" {
		v.Message = sentence(se.Reason)
	}
	return v
}

func missingProperty(reason string) string {
	// `property "name" is missing`
	i := strings.IndexByte(reason, '"')
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(reason[i+1:], '"')
	if j < 0 {
		return ""
	}
	return reason[i+1 : i+1+j]
}

func join(base, k string) string {
	if base == "" {
		return k
	}
	return base + "__" + k
}

func schemaType(s *openapi3.Schema) string {
	if s == nil || s.Type == nil || len(*s.Type) == 0 {
		return "a value"
	}
	return strings.Join(s.Type.Slice(), " or ")
}

// describe renders a value for a message, short and without secrets' bulk.
func describe(v any) string {
	if v == nil {
		return "null"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return truncate(string(b), 60)
}

func quote(s string) string { return `"` + truncate(s, 60) + `"` }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "The value is invalid."
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

func dedupe(vs []problem.Violation) []problem.Violation {
	seen := map[string]bool{}
	out := vs[:0]
	for _, v := range vs {
		k := v.In + "|" + v.Field + "|" + v.Code
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, v)
	}
	return out
}

func sortStrings(s []string) { sort.Strings(s) }

func asErr(err error, target any) bool { return errors.As(err, target) }
