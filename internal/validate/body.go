package validate

import (
	"bytes"
	"encoding/json"
	"mime"
	"mime/multipart"
	"net/url"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/problem"
)

func (v *Validator) body(r Request, res *Result, c *collector) {
	rb := r.Op.Op.RequestBody
	if rb == nil || rb.Value == nil {
		return // DRF-style APIs ignore a body the operation does not take
	}
	if len(bytes.TrimSpace(r.Body)) == 0 {
		if rb.Value.Required {
			c.add(problem.Violation{In: "body", Code: "required",
				Expected: "a request body", Got: "none", Message: "A request body is required."})
		}
		return
	}
	ct := r.HTTP.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if ct == "" || err != nil {
		mt = ""
	}
	media := matchMedia(rb.Value.Content, mt)
	if media == nil {
		got := ct
		if got == "" {
			got = "no Content-Type"
		}
		res.Fatal = &problem.Error{Kind: problem.KindUnsupportedMediaType,
			Vars: map[string]string{"media_type": ct},
			Violations: []problem.Violation{{In: "content-type", Code: "unsupported_media_type",
				Expected: strings.Join(mediaTypes(rb.Value.Content), " or "), Got: got,
				Message: "The request body's media type is not one the operation accepts."}}}
		return
	}
	var value any
	switch {
	case isJSON(mt):
		if err := checkDepth(r.Body, v.maxDepth); err != nil {
			res.Fatal = &problem.Error{Kind: problem.KindParseError, Vars: map[string]string{"reason": err.Error()},
				Violations: []problem.Violation{{In: "body", Code: "parse_error", Expected: "at most " + strconv.Itoa(v.maxDepth) + " levels of nesting",
					Got: "deeper", Message: "The body's " + err.Error() + " (--max-depth)."}}}
			return
		}
		if err := json.Unmarshal(r.Body, &value); err != nil {
			res.Fatal = &problem.Error{Kind: problem.KindParseError, Vars: map[string]string{"reason": jsonReason(err)},
				Violations: []problem.Violation{{In: "body", Code: "parse_error", Expected: "valid JSON",
					Got: strconv.Itoa(len(r.Body)) + " bytes that do not parse", Message: "The body is not valid JSON: " + jsonReason(err) + "."}}}
			return
		}
	case mt == "application/x-www-form-urlencoded":
		q, err := url.ParseQuery(string(r.Body))
		if err != nil {
			res.Fatal = parseFailure("form", err)
			return
		}
		if value, err = v.formValue(q, schemaOf(media)); err != nil {
			res.Fatal = parseFailure("form", err)
			return
		}
	case mt == "multipart/form-data":
		form, err := multipart.NewReader(bytes.NewReader(r.Body), params["boundary"]).ReadForm(int64(len(r.Body)) + 1)
		if err != nil {
			res.Fatal = parseFailure("multipart", err)
			return
		}
		vals := url.Values(form.Value)
		for k, fhs := range form.File {
			for _, fh := range fhs {
				vals.Add(k, fh.Filename)
			}
		}
		_ = form.RemoveAll()
		if value, err = v.formValue(vals, schemaOf(media)); err != nil {
			res.Fatal = parseFailure("multipart", err)
			return
		}
	default:
		value = string(r.Body) // opaque media: the schema decides (usually string/binary)
	}
	res.Body = value
	if s := schemaOf(media); s != nil && (decoded(mt) || opaqueSchema(s)) {
		// Servers ignore readOnly fields a client sends (DRF drops them
		// unvalidated): record them, and validate and keep the rest.
		if res.ReadOnlySent = readOnlySent(s, value, ""); len(res.ReadOnlySent) > 0 {
			value = stripReadOnly(s, value)
			res.Body = value
		}
		v.bodySchema(c, s, value)
	}
}

// bodySchema validates a request body. An object checked against a schema
// that constrains its properties only one by one (a PATCH body, typically:
// no required, no min/maxProperties, no closed additionalProperties, no
// allOf/oneOf/anyOf/not...) is checked property by property, the sent ones
// only, with the same findings as a whole-object check: kin-openapi's
// object visit would otherwise sort and visit every declared property.
func (v *Validator) bodySchema(c *collector, s *openapi3.Schema, value any) {
	obj, ok := value.(map[string]any)
	if !ok || !v.propertiesOnly(s) {
		v.collect(c, s, value, "body", "")
		return
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sortStrings(keys) // kin-openapi's order
	for _, k := range keys {
		var sub *openapi3.Schema
		if ref := s.Properties[k]; ref != nil {
			sub = ref.Value
		} else if ap := s.AdditionalProperties.Schema; ap != nil {
			sub = ap.Value
		}
		if sub != nil {
			v.collect(c, sub, obj[k], "body", k)
		}
	}
}

// propertiesOnly reports whether an object schema puts no constraint on an
// object beyond each property's own schema (see bodySchema).
func (v *Validator) propertiesOnly(s *openapi3.Schema) bool {
	if r, ok := v.propsOnly.Load(s); ok {
		return r.(bool)
	}
	ok := s.Type.Permits(openapi3.TypeObject) && s.Always == nil && s.Discriminator == nil
	for _, ref := range s.Properties {
		ok = ok && ref != nil && ref.Value != nil
	}
	if ap := s.AdditionalProperties; ap.Has != nil && !*ap.Has || ap.Schema != nil && ap.Schema.Value == nil {
		ok = false
	}
	if ok {
		rest := *s
		rest.Type, rest.Properties, rest.AdditionalProperties = nil, nil, openapi3.AdditionalProperties{}
		rest.Nullable, rest.ReadOnly, rest.WriteOnly, rest.Examples = false, false, false, nil
		ok = rest.IsEmpty()
	}
	v.propsOnly.Store(s, ok)
	return ok
}

// decoded reports whether the validator decodes the media type into a
// JSON-shaped value (JSON and forms); other media (XML, text, binary) stay
// a string.
func decoded(mt string) bool {
	return isJSON(mt) || mt == "application/x-www-form-urlencoded" || mt == "multipart/form-data"
}

// opaqueSchema reports whether a schema can describe an undecoded body: a
// string, or no type at all. An object schema for XML cannot be checked
// without decoding XML, so it is not.
func opaqueSchema(s *openapi3.Schema) bool {
	if s.Type == nil || len(*s.Type) == 0 {
		return len(s.Properties) == 0 && s.Items == nil && len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) == 0
	}
	return s.Type.Is("string")
}

func parseFailure(what string, err error) *problem.Error {
	return &problem.Error{Kind: problem.KindParseError, Vars: map[string]string{"reason": err.Error()},
		Violations: []problem.Violation{{In: "body", Code: "parse_error", Expected: "a valid " + what + " body",
			Got: err.Error(), Message: "The body cannot be parsed."}}}
}

func schemaOf(mt *openapi3.MediaType) *openapi3.Schema {
	if mt == nil || mt.Schema == nil {
		return nil
	}
	return mt.Schema.Value
}

func isJSON(mt string) bool {
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

func matchMedia(c openapi3.Content, mt string) *openapi3.MediaType {
	if mt == "" {
		return nil
	}
	if m := c[mt]; m != nil {
		return m
	}
	for k, m := range c {
		k = strings.ToLower(strings.TrimSpace(strings.SplitN(k, ";", 2)[0]))
		switch {
		case k == mt, k == "*/*":
			return m
		case strings.HasSuffix(k, "/*") && strings.HasPrefix(mt, strings.TrimSuffix(k, "*")):
			return m
		case k == "application/json" && strings.HasSuffix(mt, "+json"):
			return m
		}
	}
	return nil
}

func mediaTypes(c openapi3.Content) []string {
	out := make([]string, 0, len(c))
	for k := range c {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}

func jsonReason(err error) string {
	var se *json.SyntaxError
	if asErr(err, &se) {
		return se.Error() + " at offset " + strconv.FormatInt(se.Offset, 10)
	}
	return err.Error()
}

// readOnlySent lists readOnly properties present in a request value.
func readOnlySent(s *openapi3.Schema, v any, base string) []string {
	obj, ok := v.(map[string]any)
	if !ok || s == nil {
		return nil
	}
	var out []string
	for name, val := range obj { // a body has fewer keys than its schema
		ref, _ := property(s, name)
		if ref == nil || ref.Value == nil {
			continue
		}
		path := join(base, name)
		if ref.Value.ReadOnly {
			out = append(out, path)
			continue
		}
		out = append(out, readOnlySent(ref.Value, val, path)...)
	}
	sortStrings(out)
	return out
}

// property is allProperties(s)[name], found without building the map.
func property(s *openapi3.Schema, name string) (*openapi3.SchemaRef, bool) {
	if ref, ok := s.Properties[name]; ok {
		return ref, true
	}
	for _, sub := range s.AllOf {
		if sub != nil && sub.Value != nil {
			if ref, ok := property(sub.Value, name); ok {
				return ref, true
			}
		}
	}
	return nil, false
}

func allProperties(s *openapi3.Schema) openapi3.Schemas {
	if len(s.AllOf) == 0 {
		return s.Properties
	}
	out := openapi3.Schemas{}
	for k, v := range s.Properties {
		out[k] = v
	}
	for _, sub := range s.AllOf {
		if sub != nil && sub.Value != nil {
			for k, v := range allProperties(sub.Value) {
				if _, ok := out[k]; !ok {
					out[k] = v
				}
			}
		}
	}
	return out
}

// stripReadOnly returns a copy of an object without its readOnly
// properties, at any depth.
func stripReadOnly(s *openapi3.Schema, v any) any {
	obj, ok := v.(map[string]any)
	if !ok || s == nil {
		return v
	}
	props := allProperties(s)
	out := make(map[string]any, len(obj))
	for k, val := range obj {
		ref := props[k]
		if ref != nil && ref.Value != nil {
			if ref.Value.ReadOnly {
				continue
			}
			val = stripReadOnly(ref.Value, val)
		}
		out[k] = val
	}
	return out
}
