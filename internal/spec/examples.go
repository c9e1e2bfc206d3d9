package spec

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// checkExamples validates every example the document declares (a schema's
// example and examples, a media type's, a parameter's, a response
// header's) against its schema, with formats, as the mock would serve it:
// response examples as responses, request examples as requests. Each one
// that fails is a warning located by JSON pointer,
// `#/components/schemas/Pet/properties/born/example`. A schema reached
// through several $refs is checked once, at its first location (components
// first).
func (d *Doc) checkExamples() {
	c := &exampleCheck{d: d, seen: map[*openapi3.Schema]bool{}}
	base := append([]openapi3.SchemaValidationOption{openapi3.EnableFormatValidation()}, d.T.GetSchemaValidationOptions()...)
	if d.T.IsOpenAPI31OrLater() {
		// As the engine validates a 3.1 document's responses: nullable, a
		// 3.0 keyword, then allows no null.
		base = append(base, openapi3.EnableJSONSchema2020())
	}
	c.neutral = base
	c.asRequest = append(base[:len(base):len(base)], openapi3.VisitAsRequest())
	c.asResponse = append(base[:len(base):len(base)], openapi3.VisitAsResponse())
	t := d.T
	if cs := t.Components; cs != nil {
		for _, k := range sortedNames(cs.Schemas) {
			c.schema("#/components/schemas/"+pointerToken(k), cs.Schemas[k])
		}
		for _, k := range sortedNames(cs.Parameters) {
			if p := cs.Parameters[k]; p != nil && p.Value != nil {
				c.parameter("#/components/parameters/"+pointerToken(k), p.Value)
			}
		}
		for _, k := range sortedNames(cs.RequestBodies) {
			if rb := cs.RequestBodies[k]; rb != nil && rb.Value != nil {
				c.content("#/components/requestBodies/"+pointerToken(k)+"/content", rb.Value.Content, c.asRequest)
			}
		}
		for _, k := range sortedNames(cs.Responses) {
			if r := cs.Responses[k]; r != nil && r.Value != nil {
				c.response("#/components/responses/"+pointerToken(k), r.Value)
			}
		}
	}
	if t.Paths == nil {
		return
	}
	for _, path := range t.Paths.InMatchingOrder() {
		item := t.Paths.Value(path)
		at := "#/paths/" + pointerToken(path)
		for i, p := range item.Parameters {
			if p != nil && p.Ref == "" && p.Value != nil {
				c.parameter(at+"/parameters/"+strconv.Itoa(i), p.Value)
			}
		}
		for _, method := range methodOrder {
			op := item.GetOperation(method)
			if op == nil {
				continue
			}
			w := at + "/" + strings.ToLower(method)
			for i, p := range op.Parameters {
				if p != nil && p.Ref == "" && p.Value != nil {
					c.parameter(w+"/parameters/"+strconv.Itoa(i), p.Value)
				}
			}
			if rb := op.RequestBody; rb != nil && rb.Ref == "" && rb.Value != nil {
				c.content(w+"/requestBody/content", rb.Value.Content, c.asRequest)
			}
			if op.Responses == nil {
				continue
			}
			m := op.Responses.Map()
			for _, status := range sortedNames(m) {
				if r := m[status]; r != nil && r.Ref == "" && r.Value != nil {
					c.response(w+"/responses/"+pointerToken(status), r.Value)
				}
			}
		}
	}
}

type exampleCheck struct {
	d                              *Doc
	seen                           map[*openapi3.Schema]bool
	neutral, asRequest, asResponse []openapi3.SchemaValidationOption
}

// check validates one example, warning when it fails.
func (c *exampleCheck) check(at string, s *openapi3.Schema, v any, opts []openapi3.SchemaValidationOption) {
	if s == nil || v == nil {
		return
	}
	if err := s.VisitJSON(v, opts...); err != nil {
		c.d.addWarning(Warning{Kind: KindExampleMismatch, Where: at, Detail: schemaReason(err)})
	}
}

// schema checks the examples of a schema and of every schema under it. A
// schema's own examples are judged without a direction: readOnly and
// writeOnly decide only where the example is served.
func (c *exampleCheck) schema(at string, ref *openapi3.SchemaRef) {
	if ref == nil || ref.Value == nil || c.seen[ref.Value] {
		return
	}
	s := ref.Value
	c.seen[s] = true
	c.check(at+"/example", s, s.Example, c.neutral)
	for i, ex := range s.Examples {
		c.check(at+"/examples/"+strconv.Itoa(i), s, ex, c.neutral)
	}
	for _, k := range sortedNames(s.Properties) {
		c.schema(at+"/properties/"+pointerToken(k), s.Properties[k])
	}
	c.schema(at+"/items", s.Items)
	c.schema(at+"/additionalProperties", s.AdditionalProperties.Schema)
	c.schema(at+"/not", s.Not)
	for _, kw := range [...]struct {
		name string
		list openapi3.SchemaRefs
	}{{"allOf", s.AllOf}, {"anyOf", s.AnyOf}, {"oneOf", s.OneOf}, {"prefixItems", s.PrefixItems}} {
		for i, sub := range kw.list {
			c.schema(at+"/"+kw.name+"/"+strconv.Itoa(i), sub)
		}
	}
}

func (c *exampleCheck) content(at string, content openapi3.Content, opts []openapi3.SchemaValidationOption) {
	for _, mt := range sortedNames(content) {
		m := content[mt]
		if m == nil {
			continue
		}
		w := at + "/" + pointerToken(mt)
		var s *openapi3.Schema
		if m.Schema != nil {
			s = m.Schema.Value
		}
		// A text example (XML, CSV) cannot be judged by a schema of what
		// it encodes; only JSON and text described as a string can.
		if IsJSON(mt) || s != nil && s.Type != nil && s.Type.Is(openapi3.TypeString) {
			c.examples(w, s, m.Example, m.Examples, opts)
		}
		c.schema(w+"/schema", m.Schema)
	}
}

func (c *exampleCheck) examples(at string, s *openapi3.Schema, example any, named openapi3.Examples, opts []openapi3.SchemaValidationOption) {
	c.check(at+"/example", s, example, opts)
	for _, n := range sortedNames(named) {
		if ex := named[n]; ex != nil && ex.Value != nil {
			c.check(at+"/examples/"+pointerToken(n)+"/value", s, ex.Value.Value, opts)
		}
	}
}

func (c *exampleCheck) parameter(at string, p *openapi3.Parameter) {
	if p.Schema != nil {
		c.examples(at, p.Schema.Value, p.Example, p.Examples, c.asRequest)
	}
	c.schema(at+"/schema", p.Schema)
	c.content(at+"/content", p.Content, c.asRequest)
}

func (c *exampleCheck) response(at string, r *openapi3.Response) {
	for _, name := range sortedNames(r.Headers) {
		h := r.Headers[name]
		if h == nil || h.Value == nil || h.Value.Schema == nil {
			continue
		}
		w := at + "/headers/" + pointerToken(name)
		c.examples(w, h.Value.Schema.Value, h.Value.Example, h.Value.Examples, c.asResponse)
		c.schema(w+"/schema", h.Value.Schema)
	}
	c.content(at+"/content", r.Content, c.asResponse)
}

// schemaReason is kin-openapi's reason with where in the value it failed,
// on one line: its error text appends the whole schema and value.
func schemaReason(err error) string {
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		p := se.JSONPointer()
		// allOf/oneOf failures wrap the branch's own error, which says
		// what is wrong ("doesn't match all schemas from allOf" does not).
		for {
			var inner *openapi3.SchemaError
			if se.Origin == nil || !errors.As(se.Origin, &inner) {
				break
			}
			se = inner
			if ip := inner.JSONPointer(); len(ip) >= len(p) {
				p = ip // pointers are from the example's root
			}
		}
		if len(p) > 0 {
			return fmt.Sprintf("at /%s: %s", strings.Join(p, "/"), se.Reason)
		}
		return se.Reason
	}
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return msg
}

// pointerToken escapes a JSON pointer segment (RFC 6901).
func pointerToken(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func sortedNames[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
