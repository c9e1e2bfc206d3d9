package errorbody

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/validate"
)

// kindDefaults are an error kind's status, code and detail where the
// contract's x-mock-errors says nothing: plain RFC 9457 wording that names
// no API, so a document answers in its own words only where it declares
// them. The type is the kind's URN (problemType); the code is the kind.
var kindDefaults = map[problem.Kind]spec.ErrorKind{
	problem.KindNotFound:             {Status: 404, Detail: "The requested resource does not exist."},
	problem.KindEndpointNotFound:     {Status: 404, Detail: "No operation of the contract matches this path."},
	problem.KindMethodNotAllowed:     {Status: 405, Detail: "The method {method} is not allowed on this path."},
	problem.KindParseError:           {Status: 400, Detail: "The request body could not be parsed: {reason}"},
	problem.KindUnsupportedMediaType: {Status: 415, Detail: "The media type {media_type} of the request body is not accepted here."},
	problem.KindNotAcceptable:        {Status: 406, Detail: "None of the media types the Accept header asks for can be produced."},
	problem.KindNotAuthenticated:     {Status: 401, Detail: "This operation needs a credential and the request has none."},
	problem.KindAuthenticationFailed: {Status: 401, Detail: "The credential found in the request's {source} is not valid."},
	problem.KindPermissionDenied:     {Status: 403, Detail: "The credential lacks the scope {scope} that this operation needs."},
	problem.KindCredentialRefused:    {Status: 403, Detail: "This operation does not accept this kind of credential."},
	problem.KindScopeForbidden:       {Status: 403, Detail: "The credential has no access to {param} {value}."},
	problem.KindValidation:           {Status: 400, Detail: "The request does not match the contract."},
	problem.KindThrottled:            {Status: 429, Detail: "Too many requests; retry in {wait} {seconds}."},
	problem.KindPayloadTooLarge:      {Status: 413, Detail: "The request body exceeds {limit} bytes."},
	problem.KindUpstream:             {Status: 502, Detail: "The upstream server could not be reached: {reason}"},
	problem.KindUpstreamTimeout:      {Status: 504, Detail: "The upstream server did not answer in time."},
	problem.KindInternal:             {Status: 500, Detail: "The mock server could not answer this request."},
	problem.KindInsufficientStorage:  {Status: 507, Detail: "The mock holds {max} objects, its --max-objects: delete some or reset it."},
}

// kindDefault is the default of a kind, with its RFC 9457 type and code.
func kindDefault(kind problem.Kind) spec.ErrorKind {
	k, ok := kindDefaults[kind]
	if !ok {
		k = kindDefaults[problem.KindInternal]
	}
	k.Type, k.Code = problemType(kind), string(kind)
	return k
}

// problemType is the RFC 9457 type URI of an error kind.
func problemType(kind problem.Kind) string { return "urn:mockserver:" + string(kind) }

// Renderer renders errors for one document. It is safe for concurrent use.
type Renderer struct {
	doc *spec.Doc
	val *validate.Validator
	gen *fixtures.Generator
}

// New returns a renderer for doc: val checks what a declared error schema
// accepts, gen fills the rest of a declared error body.
func New(doc *spec.Doc, val *validate.Validator, gen *fixtures.Generator) *Renderer {
	return &Renderer{doc: doc, val: val, gen: gen}
}

// Body is a rendered error.
type Body struct {
	Status int
	// Header holds the error's own headers, X-Mock-Violations when it has
	// violations, and the Content-Type of Value.
	Header http.Header
	// Value is the JSON-shaped body; nil for an error without a body
	// (problem.Error.Empty).
	Value any
	// Schema is the schema to encode Value in (its property order), or
	// nil.
	Schema *openapi3.Schema
}

// Render renders pe as the answer of op (nil when no operation matched).
func (r *Renderer) Render(op *spec.Operation, pe *problem.Error) Body {
	f := r.doc.Errors
	k := kindDefault(pe.Kind)
	if o, ok := f.Kinds[string(pe.Kind)]; ok {
		k = merge(k, o)
	}
	status, typ, code, detail, attr := pe.Status, pe.Type, pe.Code, pe.Detail, pe.Attr
	if status == 0 {
		status = k.Status
		if pe.Kind == problem.KindValidation && op != nil && !op.Declares(400) && op.Declares(422) {
			status = 422
		}
	}
	if typ == "" {
		typ = k.Type
	}
	if len(pe.Violations) > 0 && pe.Kind == problem.KindValidation {
		v := pe.Violations[0]
		if code == "" {
			code = f.Codes[v.Code]
		}
		if detail == "" {
			if tpl, ok := messageFor(f.Messages, v); ok {
				detail = fill(tpl, violationVars(v))
			} else {
				detail = v.Message
			}
		}
		if attr == "" {
			attr = v.Field
		}
	}
	if code == "" {
		code = k.Code
	}
	if detail == "" {
		detail = k.Detail
	}
	detail = fill(detail, pe.Vars)
	h := http.Header{}
	for k, v := range pe.Headers {
		h.Set(k, v)
	}
	if len(pe.Violations) > 0 {
		h.Set("X-Mock-Violations", ViolationHeader(pe.Violations))
	}
	b := Body{Status: status, Header: h}
	if pe.Kind == problem.KindValidation && pe.Raw == nil && fieldErrors(op) {
		key := attr
		if key == "" {
			key = "non_field_errors"
		}
		pe = &problem.Error{Raw: map[string]any{key: []any{detail}}}
	}
	switch {
	case pe.Empty:
		return b
	case pe.Raw != nil:
		b.Value = pe.Raw
	case len(f.Body) > 0:
		body := make(map[string]any, len(f.Body))
		for prop, a := range f.Body {
			switch a {
			case "type":
				body[prop] = typ
			case "code":
				body[prop] = code
			case "detail":
				body[prop] = detail
			case "attr":
				if attr == "" {
					body[prop] = nil
				} else {
					body[prop] = attr
				}
			case "status":
				body[prop] = float64(status)
			case "title":
				body[prop] = http.StatusText(status)
			}
		}
		b.Value = body
	default:
		body := map[string]any{"type": typ, "title": http.StatusText(status),
			"status": float64(status), "detail": detail}
		if len(pe.Violations) > 0 {
			errs := make([]any, len(pe.Violations))
			for i, v := range pe.Violations {
				errs[i] = violationMap(v)
			}
			body["errors"] = errs
		}
		if v, mt, s, ok := r.declared(op, status, typ, code, detail); ok {
			// The document declares its error body: answer in it. A
			// free-form schema also accepts the full problem body, which
			// lists every violation: prefer that.
			h.Set("Content-Type", mt)
			if len(r.val.Schema(s, body, true, "response", "")) == 0 && len(s.Properties) == 0 {
				v = body
			}
			b.Value, b.Schema = v, s
			return b
		}
		h.Set("Content-Type", "application/problem+json")
		b.Value = body
		return b
	}
	h.Set("Content-Type", "application/json")
	b.Schema = r.errorSchema(op, status, b.Value)
	return b
}

// fieldErrors reports whether the operation renders validation errors as a
// bare {field: [message]} object (x-mock-validation-errors: fields), as
// some endpoints answer outside the API's error envelope.
func fieldErrors(op *spec.Operation) bool {
	if op == nil || op.Op == nil {
		return false
	}
	raw, ok := op.Op.Extensions["x-mock-validation-errors"]
	if !ok {
		return false
	}
	var v string
	if m, ok := raw.(json.RawMessage); ok {
		_ = json.Unmarshal(m, &v)
	} else {
		v, _ = raw.(string)
	}
	return v == "fields"
}

func merge(base, o spec.ErrorKind) spec.ErrorKind {
	if o.Status != 0 {
		base.Status = o.Status
	}
	if o.Type != "" {
		base.Type = o.Type
	}
	if o.Code != "" {
		base.Code = o.Code
	}
	if o.Detail != "" {
		base.Detail = o.Detail
	}
	return base
}

// errorSchema is the schema an error body is encoded in (for its field
// order): the operation's, or for errors outside any operation (unknown
// routes) the first one the document declares for the status.
func (r *Renderer) errorSchema(op *spec.Operation, status int, body any) *openapi3.Schema {
	if op != nil {
		if s := spec.JSONResponseSchema(op, strconv.Itoa(status)); s != nil {
			return s
		}
	} else {
		for _, o := range r.doc.Operations {
			if s := spec.JSONResponseSchema(o, strconv.Itoa(status)); s != nil {
				return s
			}
		}
	}
	// A status nobody declares (a 405, a 406): the error schema declared
	// for another status that has every field of the body, so that its
	// fields come in the contract's order, not by name.
	m, ok := body.(map[string]any)
	if !ok {
		return nil
	}
	for _, st := range [...]string{"400", "404", "401", "403"} {
		for _, o := range r.doc.Operations {
			if s := spec.JSONResponseSchema(o, st); s != nil && hasFields(s, m) {
				return s
			}
		}
	}
	return nil
}

// hasFields reports whether s declares every key of m.
func hasFields(s *openapi3.Schema, m map[string]any) bool {
	for k := range m {
		if s.Properties[k] == nil {
			return false
		}
	}
	return len(m) > 0
}

func violationVars(v problem.Violation) map[string]string {
	return map[string]string{"field": v.Field, "expected": v.Expected, "got": strings.Trim(v.Got, `"`), "in": v.In,
		"max": lastWord(v.Expected, "at most "), "min": lastWord(v.Expected, "at least ")}
}

// messageFor finds a violation's detail template in x-mock-errors.messages,
// most specific key first: "in:code:word", then "code:word", then "code",
// where word is the first or last word of the violation's expectation
// (e.g. "type:boolean", "format:uuid", "query:format:uuid").
func messageFor(msgs map[string]string, v problem.Violation) (string, bool) {
	if len(msgs) == 0 {
		return "", false
	}
	var words []string
	if f := strings.Fields(v.Expected); len(f) > 0 {
		words = append(words, f[0], f[len(f)-1])
	}
	var keys []string
	for _, w := range words {
		keys = append(keys, v.In+":"+v.Code+":"+w)
	}
	for _, w := range words {
		keys = append(keys, v.Code+":"+w)
	}
	keys = append(keys, v.In+":"+v.Code, v.Code)
	for _, k := range keys {
		if t, ok := msgs[k]; ok {
			return t, true
		}
	}
	return "", false
}

func lastWord(s, prefix string) string {
	if !strings.HasPrefix(s, prefix) {
		return ""
	}
	return strings.Fields(strings.TrimPrefix(s, prefix))[0]
}

func fill(tpl string, vars map[string]string) string {
	if !strings.Contains(tpl, "{") {
		return tpl
	}
	for k, v := range vars {
		// Vars may carry the client's input (a method, a path value):
		// clipped like every echo.
		tpl = strings.ReplaceAll(tpl, "{"+k+"}", problem.Clip(v))
	}
	return tpl
}

// Mock renders an answer of the mock itself, not of the API (a Prefer it
// cannot honour, its own answer breaking the contract), as problem+json
// whatever the contract's error format.
func Mock(status int, typ, detail string, vs []problem.Violation) (http.Header, []byte) {
	body := map[string]any{"type": typ, "title": http.StatusText(status), "status": status, "detail": detail}
	if len(vs) > 0 {
		errs := make([]any, len(vs))
		for i, v := range vs {
			errs[i] = violationMap(v)
		}
		body["errors"] = errs
	}
	b, _ := json.Marshal(body)
	h := http.Header{}
	h.Set("Content-Type", "application/problem+json")
	if len(vs) > 0 {
		h.Set("X-Mock-Violations", ViolationHeader(vs))
	}
	return h, b
}

func violationMap(v problem.Violation) map[string]any {
	m := map[string]any{"in": v.In, "code": v.Code, "message": v.Message}
	if v.Field != "" {
		m["field"] = v.Field
	}
	if v.Expected != "" {
		m["expected"] = v.Expected
	}
	if v.Got != "" {
		m["got"] = v.Got
	}
	return m
}

// ViolationHeader summarises violations for the X-Mock-Violations header,
// bounded so it never breaks a client's header limits.
func ViolationHeader(vs []problem.Violation) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(len(vs)))
	for i, v := range vs {
		if i == 5 || b.Len() > 700 {
			b.WriteString("; …")
			break
		}
		b.WriteString("; ")
		b.WriteString(headerSafe(v.String()))
	}
	return b.String()
}

func headerSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return '?'
		}
		return r
	}, s)
}
