package validate

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// Validator validates requests and responses for one document. It is
// immutable and safe for concurrent use.
type Validator struct {
	doc *spec.Doc
	// visitOpts are the options of a value's visit, indexed by
	// optionIndex(response, jsonSchema2020, multiErrors).
	visitOpts [8][]openapi3.SchemaValidationOption
	paramOpts []openapi3.SchemaValidationOption
	// kinParamOpts are the options openapi3filter.ValidateParameter
	// checks a parameter's value with, given Request's input options.
	kinParamOpts []openapi3.SchemaValidationOption
	is31         bool
	maxDepth     int
	// propsOnly caches propertiesOnly per schema (*openapi3.Schema ->
	// bool); shared by the copies WithMaxDepth makes.
	propsOnly *sync.Map
	// plainInts caches plainInteger per parameter (*spec.Param -> bool).
	plainInts *sync.Map
	// dateTimes caches plainDateTime per schema (*openapi3.Schema -> bool).
	dateTimes *sync.Map
	// paths remembers the path parameter values found valid.
	paths *pathMemo
	// nodes caches plainNode per schema (*openapi3.Schema -> *node).
	nodes *sync.Map
	// routes caches route per schema (*openapi3.Schema -> routing).
	routes *sync.Map
	// types caches typeOnly per schema (*openapi3.Schema -> string).
	types *sync.Map
}

// New returns a validator for the document.
func New(doc *spec.Doc) *Validator {
	v := &Validator{doc: doc, is31: doc.T.IsOpenAPI31OrLater(), maxDepth: DefaultMaxDepth, propsOnly: &sync.Map{}, plainInts: &sync.Map{},
		dateTimes: &sync.Map{}, paths: &pathMemo{}, nodes: &sync.Map{}, routes: &sync.Map{}, types: &sync.Map{}}
	// Formats are registered on the document (spec.Load), never in
	// kin-openapi's package-level registry.
	v.paramOpts = append([]openapi3.SchemaValidationOption{openapi3.EnableFormatValidation()}, doc.T.GetSchemaValidationOptions()...)
	v.kinParamOpts = append([]openapi3.SchemaValidationOption{openapi3.MultiErrors()}, v.paramOpts...)
	if v.is31 {
		v.kinParamOpts = append(v.kinParamOpts, openapi3.EnableJSONSchema2020())
	}
	for _, response := range []bool{false, true} {
		for _, js := range []bool{false, true} {
			for _, multi := range []bool{false, true} {
				o := append([]openapi3.SchemaValidationOption{openapi3.EnableFormatValidation()}, doc.T.GetSchemaValidationOptions()...)
				if response {
					o = append(o, openapi3.VisitAsResponse())
				} else {
					o = append(o, openapi3.VisitAsRequest(), openapi3.DisableReadOnlyValidation())
				}
				if js {
					o = append(o, openapi3.EnableJSONSchema2020())
				}
				if multi {
					o = append(o, openapi3.MultiErrors())
				} else {
					o = append(o, openapi3.FailFast())
				}
				v.visitOpts[optionIndex(response, js, multi)] = o
			}
		}
	}
	return v
}

func optionIndex(response, jsonSchema2020, multiErrors bool) int {
	i := 0
	for _, b := range []bool{response, jsonSchema2020, multiErrors} {
		i <<= 1
		if b {
			i |= 1
		}
	}
	return i
}

// opts are the options of a visit as a response (or request) value, with
// the JSON Schema 2020-12 validator or not, listing every failure or
// stopping at the first.
func (v *Validator) opts(response, jsonSchema2020, multiErrors bool) []openapi3.SchemaValidationOption {
	return v.visitOpts[optionIndex(response, jsonSchema2020, multiErrors)]
}

// WithMaxDepth returns a copy of the validator that refuses JSON bodies
// nested deeper than n levels of arrays and objects (0: DefaultMaxDepth;
// negative: no limit beyond encoding/json's own).
func (v *Validator) WithMaxDepth(n int) *Validator {
	c := *v
	switch {
	case n == 0:
		c.maxDepth = DefaultMaxDepth
	case n < 0:
		c.maxDepth = 0
	default:
		c.maxDepth = n
	}
	return &c
}

// MaxDepth is the JSON nesting limit (0: none beyond encoding/json's).
func (v *Validator) MaxDepth() int { return v.maxDepth }

// Request is what the validator needs to know about one request.
type Request struct {
	HTTP       *http.Request
	Op         *spec.Operation
	PathParams map[string]string
	// Body is the raw request body (already size-limited by the caller).
	Body []byte
	// Query is HTTP.URL.Query() when the caller has it (nil: parsed here).
	// It is only read.
	Query url.Values
}

// Result is the outcome of validating a request.
type Result struct {
	// Body is the decoded body (JSON-shaped), nil when there is none.
	Body any
	// Violations are every contract violation found, in check order:
	// path, query, header, cookie, content type, body.
	Violations []problem.Violation
	// Fatal is set when the request cannot be processed at all (a body
	// that does not parse, an unsupported media type).
	Fatal *problem.Error
	// Invalid names the parameters ("query:limit") that failed, so the
	// caller can apply x-mock-on-invalid.
	Invalid map[string]*spec.Param
	// ReadOnlySent lists body fields the client sent although the schema
	// marks them readOnly (the caller ignores them, as DRF does).
	ReadOnlySent []string
}

// Request validates parameters, content type and body. It lists at most
// MaxViolations violations (then one entry counting the others), and every
// text in them that can echo the request is clipped (problem.Clip).
func (v *Validator) Request(r Request) Result {
	var res Result
	c := newCollector(MaxViolations, false)
	var input *openapi3filter.RequestValidationInput // made when kin-openapi is asked
	query := r.Query
	if query == nil {
		query = r.HTTP.URL.Query()
	}
	for _, p := range r.Op.Params {
		if absentQuery(p, query) {
			continue // kin-openapi would find nothing to check
		}
		if v.validInteger(p, query) || v.paths.known(p, r.PathParams) {
			continue // kin-openapi would find the value valid
		}
		if v.validPathString(p, r.PathParams) {
			v.paths.remember(p, r.PathParams)
			continue // kin-openapi would find the value valid
		}
		if input == nil {
			input = &openapi3filter.RequestValidationInput{
				Request:    r.HTTP,
				PathParams: r.PathParams,
				Route: &routers.Route{Spec: v.doc.T, Path: r.Op.Path, PathItem: r.Op.PathItem,
					Method: r.Op.Method, Operation: r.Op.Op},
				Options: v.kinOptions(),
			}
		}
		if err := openapi3filter.ValidateParameter(context.Background(), input, kinParam(p)); err != nil {
			for _, x := range paramViolations(p, err) {
				c.add(x)
			}
			if res.Invalid == nil {
				res.Invalid = map[string]*spec.Param{}
			}
			res.Invalid[p.In+":"+p.Name] = p
		} else {
			v.paths.remember(p, r.PathParams)
		}
	}
	v.body(r, &res, c)
	res.Violations = c.violations()
	if f := res.Fatal; f != nil {
		for i := range f.Violations {
			f.Violations[i] = f.Violations[i].Clipped()
		}
		for k, x := range f.Vars {
			f.Vars[k] = problem.Clip(x)
		}
	}
	return res
}

// kinOptions are the options Request gives openapi3filter.ValidateParameter
// (see kinParamOpts).
func (v *Validator) kinOptions() *openapi3filter.Options {
	return &openapi3filter.Options{SkipSettingDefaults: true, MultiError: true, SchemaValidationOptions: v.paramOpts}
}

// Schema validates a JSON-shaped value against a schema, as a request or
// response value, returning its violations with fields prefixed by base:
// at most MaxViolations of them, then one entry counting the others.
func (v *Validator) Schema(s *openapi3.Schema, value any, response bool, in, base string) []problem.Violation {
	if str, ok := value.(string); ok && response && v.plainDateTime(s) && validDateTime(str) {
		return nil // a timestamp, typically: no kin-openapi visit (a regexp)
	}
	c := newCollector(MaxViolations, response)
	v.collect(c, s, value, in, base)
	return c.violations()
}

// plainDateTime is plainDateTime(s), worked out once per schema.
func (v *Validator) plainDateTime(s *openapi3.Schema) bool {
	if p, ok := v.dateTimes.Load(s); ok {
		return p.(bool)
	}
	p := plainDateTime(s)
	v.dateTimes.Store(s, p)
	return p
}

// absentQuery reports whether p is an optional query parameter of a
// primitive or array type that the query does not carry: such a value is
// sent under the parameter's own name only (no deepObject or exploded
// object keys), so there is nothing to validate.
func absentQuery(p *spec.Param, query url.Values) bool {
	if p.In != "query" || p.Required || p.Schema == nil || len(p.P.Content) > 0 {
		return false
	}
	if t := p.Schema.Type; t == nil || len(*t) == 0 || t.Includes(openapi3.TypeObject) {
		return false
	}
	_, sent := query[p.Name]
	return !sent
}

// validInteger reports whether p is a query parameter whose schema is a
// plain integer (see plainInteger) sent once with a value kin-openapi
// accepts: a decimal int64 within minimum and maximum. A false answer
// only means "ask kin-openapi".
func (v *Validator) validInteger(p *spec.Param, query url.Values) bool {
	vals := query[p.Name]
	if len(vals) != 1 || p.In != "query" {
		return false
	}
	plain, ok := v.plainInts.Load(p)
	if !ok {
		plain, _ = v.plainInts.LoadOrStore(p, plainInteger(p))
	}
	if !plain.(bool) {
		return false
	}
	n, err := strconv.ParseInt(vals[0], 10, 64)
	if err != nil {
		return false
	}
	s, f := p.Schema, float64(n)
	return (s.Min == nil || f >= *s.Min) && (s.Max == nil || f <= *s.Max)
}

// plainInteger reports whether p is a form-style query parameter whose
// schema is "type: integer" with at most minimum and maximum (inclusive):
// kin-openapi then decodes a sent value with strconv.ParseInt and checks
// only those bounds.
func plainInteger(p *spec.Param) bool {
	q, s := p.P, p.Schema
	if q == nil || s == nil || len(q.Content) > 0 || q.Style != "" && q.Style != openapi3.SerializationForm ||
		q.Explode != nil && !*q.Explode || s.Type == nil || len(*s.Type) != 1 || !s.Type.Is(openapi3.TypeInteger) || s.Format != "" {
		return false
	}
	r := *s
	r.Type, r.Min, r.Max = nil, nil, nil
	r.Description, r.Title, r.Example, r.Examples, r.Extensions = "", "", nil, nil, nil
	return r.IsEmpty()
}

// kinParam is the parameter as kin-openapi should see it, working around
// two of its gaps (see cookieForm and anyValue).
func kinParam(p *spec.Param) *openapi3.Parameter {
	if q := anyValue(p); q != nil {
		return q
	}
	return cookieForm(p)
}

// anyValue works around kin-openapi reading a parameter whose schema is
// empty ("schema: {}", any value) as empty: such a parameter is checked as
// a string, which every sent value is.
func anyValue(p *spec.Param) *openapi3.Parameter {
	s := p.Schema
	if s == nil || len(p.P.Content) > 0 || (s.Type != nil && len(*s.Type) > 0) || len(s.Properties) > 0 || s.Items != nil ||
		len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) > 0 || len(s.Enum) > 0 || s.Not != nil {
		return nil
	}
	cp := *p.P
	str := *s
	str.Type = &openapi3.Types{openapi3.TypeString}
	cp.Schema = &openapi3.SchemaRef{Value: &str}
	return &cp
}

// cookieForm works around kin-openapi refusing style=form, explode=true
// for array and object cookies, which is OpenAPI's default for cookies: a
// Cookie header cannot repeat a name, so such values are comma-separated,
// as with explode=false.
func cookieForm(p *spec.Param) *openapi3.Parameter {
	if p.In != "cookie" || p.Schema == nil || p.Schema.Type == nil || !(p.Schema.Type.Is("array") || p.Schema.Type.Is("object")) {
		return p.P
	}
	if sm, err := p.P.SerializationMethod(); err != nil || sm.Style != openapi3.SerializationForm || !sm.Explode {
		return p.P
	}
	cp := *p.P
	cp.Explode = openapi3.Ptr(false)
	return &cp
}
