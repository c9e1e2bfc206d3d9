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

func (v *Validator) body(r Request, res *Result) {
	rb := r.Op.Op.RequestBody
	if rb == nil || rb.Value == nil {
		return // DRF-style APIs ignore a body the operation does not take
	}
	if len(bytes.TrimSpace(r.Body)) == 0 {
		if rb.Value.Required {
			res.Violations = append(res.Violations, problem.Violation{In: "body", Code: "required",
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
		value = formValue(q, schemaOf(media), v.maxDepth)
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
		value = formValue(vals, schemaOf(media), v.maxDepth)
		_ = form.RemoveAll()
	default:
		value = string(r.Body) // opaque media: the schema decides (usually string/binary)
	}
	res.Body = value
	if s := schemaOf(media); s != nil {
		res.Violations = append(res.Violations, v.Schema(s, value, false, "body", "")...)
		res.ReadOnlySent = readOnlySent(s, value, "")
	}
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

// formValue turns form fields into a JSON-shaped object, converting each
// value to the type its property declares.
func formValue(q url.Values, s *openapi3.Schema, maxDepth int) map[string]any {
	out := make(map[string]any, len(q))
	for k, vals := range q {
		var ps *openapi3.Schema
		if s != nil && s.Properties[k] != nil {
			ps = s.Properties[k].Value
		}
		if ps != nil && ps.Type != nil && ps.Type.Is("array") {
			arr := make([]any, len(vals))
			var is *openapi3.Schema
			if ps.Items != nil {
				is = ps.Items.Value
			}
			for i, x := range vals {
				arr[i] = coerce(x, is, maxDepth)
			}
			out[k] = arr
			continue
		}
		out[k] = coerce(vals[len(vals)-1], ps, maxDepth)
	}
	return out
}

func coerce(x string, s *openapi3.Schema, maxDepth int) any {
	if s == nil || s.Type == nil {
		return x
	}
	switch {
	case s.Type.Is("boolean"):
		switch strings.ToLower(x) {
		case "true", "1", "on", "yes":
			return true
		case "false", "0", "off", "no":
			return false
		}
	case s.Type.Is("integer"), s.Type.Is("number"):
		if f, err := strconv.ParseFloat(x, 64); err == nil {
			return f
		}
	case s.Type.Is("object"), s.Type.Is("array"):
		var v any
		if checkDepth([]byte(x), maxDepth) == nil && json.Unmarshal([]byte(x), &v) == nil {
			return v
		}
	}
	return x
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
	for name, ref := range allProperties(s) {
		val, present := obj[name]
		if !present || ref == nil || ref.Value == nil {
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
