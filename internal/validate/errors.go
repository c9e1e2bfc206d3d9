package validate

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

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
	c := newCollector(MaxViolations, false)
	c.addError(p.In, "", err)
	vs := c.violations()
	for i := range vs {
		if vs[i].Field == "" {
			vs[i].Field = p.Name
		} else {
			vs[i].Field = p.Name + "__" + vs[i].Field
		}
	}
	if len(vs) == 0 {
		vs = append(vs, problem.Violation{In: p.In, Field: p.Name, Code: "invalid", Message: sentence(err.Error())})
	}
	return vs
}

// addError adds the violations a kin-openapi validation error stands for.
// Both of kin-openapi's validators report a *openapi3.SchemaError per
// failure, with the keyword that failed (SchemaField), the schema that
// holds it, the value and the value's JSON pointer: violations are made
// from those, the same way whichever validator ran, never from the
// wording of Reason (which differs between them).
func (c *collector) addError(in, base string, err error) {
	switch e := err.(type) {
	case openapi3.MultiError:
		for _, x := range e {
			c.addError(in, base, x)
		}
		return
	case *openapi3.SchemaError:
		c.schemaError(in, base, e)
		return
	}
	var me openapi3.MultiError
	if errors.As(err, &me) {
		c.addError(in, base, me)
		return
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		c.schemaError(in, base, se)
		return
	}
	c.add(problem.Violation{In: in, Field: base, Code: "invalid", Message: sentence(err.Error())})
}

// schemaError adds the violations of one SchemaError: those of its causes
// when it only groups them (a oneOf or allOf none or not all of whose
// branches matched, and the JSON Schema 2020-12 validator's wrappers), or
// its own.
func (c *collector) schemaError(in, base string, se *openapi3.SchemaError) {
	if causes := causesOf(se); causes != nil {
		c.addError(in, base, causes)
		return
	}
	if c.full() {
		c.count(in) // beyond the bound only the number matters
		return
	}
	field := base
	for _, k := range se.JSONPointer() {
		field = join(field, k)
	}
	s := se.Schema
	// An error converted from the JSON Schema 2020-12 validator wraps that
	// validator's error (its cause) rather than an origin.
	from2020 := se.Origin == nil && errors.Unwrap(se) != nil
	switch se.SchemaField {
	case "required":
		if !from2020 || s == nil {
			// OpenAPI 3.0's validator reports each missing property
			// apart, its JSON pointer ending with the property.
			c.add(requiredViolation(in, field))
			return
		}
		// The 2020-12 validator reports the object once, for all the
		// missing properties; a property readOnly in a request or
		// writeOnly in a response is not required there (as in 3.0).
		obj, _ := se.Value.(map[string]any)
		for _, name := range s.Required {
			if _, sent := obj[name]; !sent && !notRequired(s, name, c.response) {
				c.add(requiredViolation(in, join(field, name)))
			}
		}
		return
	case "properties", "additionalProperties":
		obj, _ := se.Value.(map[string]any)
		if from2020 && s != nil {
			for _, k := range undeclared(s, obj) {
				c.add(unsupportedViolation(in, field, k, obj[k]))
			}
			return
		}
		// OpenAPI 3.0's validator reports each property apart and names
		// it only in its reason: `property "k" is unsupported`.
		k := quotedName(se.Reason)
		c.add(unsupportedViolation(in, field, k, obj[k]))
		return
	}
	c.add(leafViolation(in, field, se, from2020))
}

// keyword is the keyword that failed. The 2020-12 validator names none for
// "not" and for a false schema; the failing schema then tells which.
func keyword(se *openapi3.SchemaError, from2020 bool) string {
	s := se.Schema
	if se.SchemaField != "" || !from2020 || s == nil {
		return se.SchemaField
	}
	switch {
	case s.Always != nil && !*s.Always:
		return "false"
	case s.Not != nil:
		return "not"
	}
	return ""
}

// causesOf is the errors se groups, or nil when se is a violation itself.
func causesOf(se *openapi3.SchemaError) openapi3.MultiError {
	// kin-openapi's 3.0 validator reports an anyOf that no branch matches
	// as one error; the 2020-12 validator adds each branch's errors as
	// causes, which would blame the value for the first branch only.
	if se.Origin == nil || se.SchemaField == "anyOf" {
		return nil
	}
	var me openapi3.MultiError
	if !errors.As(se.Origin, &me) {
		return nil
	}
	return me
}

func requiredViolation(in, field string) problem.Violation {
	return problem.Violation{In: in, Field: field, Code: "required", Expected: "a value", Got: "none", Message: "This field is required."}
}

func unsupportedViolation(in, field, name string, value any) problem.Violation {
	return problem.Violation{In: in, Field: join(field, name), Code: "additionalProperties", Expected: "no properties beyond the declared ones",
		Got: describe(value), Message: fmt.Sprintf("Property %q is unsupported.", name)}
}

// leafViolation is the violation of one failed keyword. Its message is
// made from the schema, in the words kin-openapi's 3.0 validator uses,
// so that it reads the same for a 3.0 and a 3.1 document.
func leafViolation(in, field string, se *openapi3.SchemaError, from2020 bool) problem.Violation {
	s := se.Schema
	if s == nil {
		s = &openapi3.Schema{}
	}
	kw := keyword(se, from2020)
	v := problem.Violation{In: in, Field: field, Code: kw, Got: describe(se.Value)}
	switch kw {
	case "type", "nullable":
		v.Code, v.Expected, v.Message = "type", schemaType(s), typeMessage(s)
		if s.Nullable && !strings.HasSuffix(v.Expected, " or null") {
			v.Expected += " or null"
		}
		if se.Value == nil {
			v.Code, v.Message = "null", "Value is not nullable."
		}
	case "enum":
		v.Expected = "one of " + describe(s.Enum)
		v.Message = "Value is not one of the allowed values " + jsonText(s.Enum) + "."
	case "const":
		v.Expected = describe(s.Const)
		v.Message = "Value must be " + jsonText(s.Const) + "."
	case "minLength":
		v.Expected = fmt.Sprintf("at least %d characters", s.MinLength)
		v.Message = fmt.Sprintf("Minimum string length is %d.", s.MinLength)
	case "maxLength":
		n := derefU(s.MaxLength)
		v.Expected = fmt.Sprintf("at most %d characters", n)
		v.Message = fmt.Sprintf("Maximum string length is %d.", n)
	case "minimum":
		n := derefF(s.Min)
		v.Expected, v.Message = fmt.Sprintf("at least %g", n), fmt.Sprintf("Number must be at least %g.", n)
	case "maximum":
		n := derefF(s.Max)
		v.Expected, v.Message = fmt.Sprintf("at most %g", n), fmt.Sprintf("Number must be at most %g.", n)
	case "exclusiveMinimum":
		n := derefF(s.Min)
		if s.ExclusiveMin.Value != nil {
			n = *s.ExclusiveMin.Value
		}
		v.Expected, v.Message = fmt.Sprintf("more than %g", n), fmt.Sprintf("Number must be more than %g.", n)
	case "exclusiveMaximum":
		n := derefF(s.Max)
		if s.ExclusiveMax.Value != nil {
			n = *s.ExclusiveMax.Value
		}
		v.Expected, v.Message = fmt.Sprintf("less than %g", n), fmt.Sprintf("Number must be less than %g.", n)
	case "multipleOf":
		n := derefF(s.MultipleOf)
		v.Expected, v.Message = fmt.Sprintf("a multiple of %g", n), fmt.Sprintf("Number must be a multiple of %g.", n)
	case "format":
		v.Expected = "a string in format " + s.Format
		v.Message = fmt.Sprintf("The value is not a valid %s.", s.Format)
	case "pattern":
		v.Expected = "a string matching " + s.Pattern
		v.Message = fmt.Sprintf("String doesn't match the regular expression %q.", s.Pattern)
	case "minItems":
		v.Expected = fmt.Sprintf("at least %d items", s.MinItems)
		v.Message = fmt.Sprintf("Minimum number of items is %d.", s.MinItems)
	case "maxItems":
		n := derefU(s.MaxItems)
		v.Expected, v.Message = fmt.Sprintf("at most %d items", n), fmt.Sprintf("Maximum number of items is %d.", n)
	case "uniqueItems":
		v.Expected, v.Message = "unique items", "Duplicate items found."
	case "minProperties":
		v.Expected = fmt.Sprintf("at least %d properties", s.MinProps)
		v.Message = fmt.Sprintf("There must be at least %d properties.", s.MinProps)
	case "maxProperties":
		n := derefU(s.MaxProps)
		v.Expected, v.Message = fmt.Sprintf("at most %d properties", n), fmt.Sprintf("There must be at most %d properties.", n)
	case "anyOf":
		v.Expected, v.Message = "a value matching an anyOf branch", `Doesn't match any schema from "anyOf".`
	case "oneOf":
		if errors.Is(se, openapi3.ErrOneOfConflict) || from2020 {
			// The value fits several branches: the document's branches
			// overlap (no discriminator, no exclusive properties). A
			// server deserializing it would accept it, so this only
			// records the ambiguity. (A oneOf no branch matches is
			// reported through its branches' errors.)
			v.Code, v.Expected, v.Tolerated = "ambiguous_oneOf", "exactly one oneOf branch", true
			v.Message = `Value matches more than one schema from "oneOf".`
		} else {
			v.Expected, v.Message = "a value matching a oneOf branch", `Doesn't match any schema from "oneOf".`
		}
	case "not":
		v.Expected, v.Message = `a value the "not" schema rejects`, `Doesn't match schema "not".`
	case "readOnly", "writeOnly":
		name := field
		if i := strings.LastIndex(field, "__"); i >= 0 {
			name = field[i+2:]
		}
		if kw == "readOnly" {
			v.Expected, v.Message = "not sent (readOnly)", fmt.Sprintf("ReadOnly property %q in request.", name)
		} else {
			v.Expected, v.Message = "not in a response (writeOnly)", fmt.Sprintf("WriteOnly property %q in response.", name)
		}
	case "boolean", "false":
		v.Code, v.Expected, v.Message = "false_schema", "no value", "No value is allowed here."
	default:
		if v.Code == "" {
			v.Code = "invalid"
		}
		v.Message = sentence(reasonText(se.Reason))
	}
	return v
}

// typeMessage is kin-openapi's 3.0 wording for a value of the wrong type;
// "null" among a 3.1 schema's types reads as 3.0's nullable does (it is
// not named).
func typeMessage(s *openapi3.Schema) string {
	var types []string
	if s.Type != nil {
		for _, t := range s.Type.Slice() {
			if t != openapi3.TypeNull {
				types = append(types, t)
			}
		}
	}
	switch len(types) {
	case 0:
		return "Value must be null."
	case 1:
		a := "a"
		switch types[0] {
		case openapi3.TypeArray, openapi3.TypeObject, openapi3.TypeInteger:
			a = "an"
		}
		return "Value must be " + a + " " + types[0] + "."
	}
	return "Value must be one of " + strings.Join(types, ", ") + "."
}

// notRequired reports whether a required property need not be sent in
// this direction: readOnly in a request, writeOnly in a response.
func notRequired(s *openapi3.Schema, name string, response bool) bool {
	ref, _ := property(s, name)
	if ref == nil || ref.Value == nil {
		return false
	}
	return ref.Value.ReadOnly && !response || ref.Value.WriteOnly && response
}

// undeclared lists, sorted, the properties of obj that s neither declares
// nor matches with a patternProperties pattern.
func undeclared(s *openapi3.Schema, obj map[string]any) []string {
	var out []string
	for k := range obj {
		if _, ok := s.Properties[k]; ok {
			continue
		}
		matched := false
		for p := range s.PatternProperties {
			if ok, err := regexp.MatchString(p, k); err == nil && ok {
				matched = true
				break
			}
		}
		if !matched {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// quotedName is the first double-quoted name in a reason, or "".
func quotedName(reason string) string {
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

// reasonText is a reason without the JSON Schema 2020-12 validator's
// locations (`error at "/a": at '/a': …`): the violation's field says it.
func reasonText(reason string) string {
	for _, prefix := range []string{`error at "`, `at '`} {
		if rest, ok := strings.CutPrefix(reason, prefix); ok {
			end := `": `
			if prefix == `at '` {
				end = `': `
			}
			if _, after, found := strings.Cut(rest, end); found {
				reason = after
			}
		}
	}
	return reason
}

func derefF(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

func derefU(p *uint64) uint64 {
	if p == nil {
		return 0
	}
	return *p
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

// describeLength is how much of a value a violation's Got shows.
const describeLength = 60

// describe renders a value for a message: its JSON, cut after
// describeLength characters. The work is bounded by that length too, so
// that describing a large array or string costs no more than a small one.
func describe(v any) string {
	if v == nil {
		return "null"
	}
	var b strings.Builder
	writeJSON(&b, v, describeLength+1)
	return truncate(b.String(), describeLength)
}

// writeJSON writes v as JSON to b, stopping once b holds limit bytes.
func writeJSON(b *strings.Builder, v any, limit int) {
	if b.Len() >= limit {
		return
	}
	switch x := v.(type) {
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if b.Len() >= limit {
				return
			}
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, e, limit)
		}
		b.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if b.Len() >= limit {
				return
			}
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, k, limit)
			b.WriteByte(':')
			writeJSON(b, x[k], limit)
		}
		b.WriteByte('}')
	case string:
		if len(x) > limit {
			x = x[:limit]
			for !utf8.ValidString(x) && len(x) > 0 {
				x = x[:len(x)-1]
			}
		}
		out, _ := json.Marshal(x)
		b.Write(out)
	default:
		out, err := json.Marshal(x)
		if err != nil {
			fmt.Fprint(b, x)
			return
		}
		b.Write(out)
	}
}

// jsonText is v as JSON, for a schema's own values (enum, const).
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func quote(s string) string { return `"` + truncate(s, describeLength) + `"` }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for !utf8.ValidString(s) && len(s) > 0 {
		s = s[:len(s)-1]
	}
	return s + "…"
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

func sortStrings(s []string) { sort.Strings(s) }

func asErr(err error, target any) bool { return errors.As(err, target) }
