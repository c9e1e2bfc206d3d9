package spec

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

var methodOrder = []string{http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete,
	http.MethodOptions, http.MethodHead, http.MethodPatch, http.MethodTrace}

// index builds operations, the router and resources.
func (d *Doc) index(opts LoadOptions) error {
	d.byID = map[string]*Operation{}
	d.router = newNode()
	errs, err := parseErrorFormat(d.T.Extensions)
	if err != nil {
		return &LoadError{Where: "x-mock-errors", Err: err}
	}
	d.Errors = errs
	if err := d.parseSecrets(); err != nil {
		return &LoadError{Where: "x-mock-secrets", Err: err}
	}
	if d.T.Paths == nil {
		return &LoadError{Where: "paths", Err: ErrNoOperations}
	}
	paths := d.T.Paths.InMatchingOrder()
	sort.Strings(paths)
	for _, path := range paths {
		if path == "/__mock" || strings.HasPrefix(path, "/__mock/") {
			return &LoadError{Where: "paths." + path, Err: fmt.Errorf("the prefix /__mock/ is reserved for the mock's admin endpoints")}
		}
		item := d.T.Paths.Value(path)
		if item == nil {
			continue
		}
		for _, method := range methodOrder {
			o := item.GetOperation(method)
			if o == nil {
				continue
			}
			op, err := d.newOperation(path, method, item, o, opts)
			if err != nil {
				return err
			}
			d.Operations = append(d.Operations, op)
			d.router.add(path, op)
		}
	}
	if err := d.findResources(opts); err != nil {
		return err
	}
	return d.parseScope()
}

// parseScope reads x-mock-scope: the path parameter that names the tenant
// a request addresses. It must be a path parameter of some operation, else
// a typo would silently leave every scope parameter in play.
func (d *Doc) parseScope() error {
	raw, ok := d.T.Extensions["x-mock-scope"]
	if !ok {
		return nil
	}
	var name string
	if err := decodeExt(raw, &name); err != nil || strings.TrimSpace(name) == "" {
		return &LoadError{Where: "x-mock-scope", Err: fmt.Errorf("want the name of a path parameter, got %v", raw)}
	}
	for _, op := range d.Operations {
		if op.Param("path", name) != nil {
			d.Scope = name
			return nil
		}
	}
	return &LoadError{Where: "x-mock-scope", Err: fmt.Errorf("no operation has a path parameter %q", name)}
}

func (d *Doc) newOperation(path, method string, item *openapi3.PathItem, o *openapi3.Operation, opts LoadOptions) (*Operation, error) {
	where := method + " " + path
	op := &Operation{Method: method, Path: path, Op: o, PathItem: item, ID: o.OperationID}
	if op.ID == "" {
		op.ID = syntheticID(method, path)
	}
	if prev, dup := d.byID[op.ID]; dup {
		d.addWarning(Warning{Kind: KindDuplicateOperation, Where: where,
			Detail: fmt.Sprintf("%q is already used by %s %s; this one is served as %q", op.ID, prev.Method, prev.Path, op.ID+"_"+strings.ToLower(method))})
		op.ID = op.ID + "_" + strings.ToLower(method)
	}
	d.byID[op.ID] = op
	if o.Security != nil {
		op.Security = *o.Security
	} else {
		op.Security = d.T.Security
	}
	seen := map[string]bool{}
	for _, list := range []openapi3.Parameters{o.Parameters, item.Parameters} {
		for _, ref := range list {
			if ref == nil || ref.Value == nil {
				continue
			}
			p := ref.Value
			if ignoredHeaderParam(p) {
				continue
			}
			k := p.In + ":" + p.Name
			if seen[k] {
				continue
			}
			seen[k] = true
			d.fixStyle(where, p)
			prm, err := newParam(p)
			if err != nil {
				return nil, &LoadError{Where: where + " parameter " + p.Name, Err: err}
			}
			op.Params = append(op.Params, prm)
		}
	}
	if o.Responses != nil {
		for code := range o.Responses.Map() {
			op.Statuses = append(op.Statuses, code)
		}
		sort.Strings(op.Statuses)
		op.Success = successStatus(op.Statuses)
	}
	if o.RequestBody != nil && o.RequestBody.Value != nil {
		for mt := range o.RequestBody.Value.Content {
			op.BodyTypes = append(op.BodyTypes, mt)
		}
		sort.Strings(op.BodyTypes)
	}
	if b, ok := stringExt(o.Extensions, "x-mock-behaviour"); ok {
		if opts.Behaviours != nil && !opts.Behaviours[b] {
			return nil, &LoadError{Where: where + " x-mock-behaviour", Err: fmt.Errorf("%w %q (known: %s)", ErrUnknownBehaviour, b, keys(opts.Behaviours))}
		}
		op.Behaviour = b
	}
	op.Delay, _ = stringExt(o.Extensions, "x-mock-delay")
	for _, ext := range []map[string]any{o.Extensions, item.Extensions, d.T.Extensions} {
		if raw, ok := ext["x-mock-max-limit"]; ok {
			n, err := parseMaxLimit(raw)
			if err != nil {
				return nil, &LoadError{Where: where + " x-mock-max-limit", Err: err}
			}
			op.MaxLimit = n
			break
		}
	}
	return op, nil
}

func successStatus(statuses []string) string {
	for _, s := range statuses {
		if len(s) == 3 && s[0] == '2' {
			return s
		}
	}
	for _, s := range statuses {
		if strings.EqualFold(s, "2XX") {
			return "200"
		}
	}
	for _, s := range statuses {
		if len(s) == 3 && s[0] == '3' {
			return s
		}
	}
	// No success declared (e.g. a DELETE that is always 405): the outcome
	// is the declared status that is not one of the usual request errors.
	for _, s := range statuses {
		switch s {
		case "400", "401", "403", "404", "406", "409", "415", "422", "429", "default":
			continue
		}
		return s
	}
	if len(statuses) > 0 {
		return statuses[0]
	}
	return "200"
}

func syntheticID(method, path string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for _, r := range path {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			if !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}

func newParam(p *openapi3.Parameter) (*Param, error) {
	prm := &Param{Name: p.Name, In: p.In, Required: p.Required, P: p}
	if p.Schema != nil {
		prm.Schema = p.Schema.Value
	} else {
		for _, mt := range p.Content {
			if mt.Schema != nil {
				prm.Schema = mt.Schema.Value
			}
		}
	}
	oi, err := parseOnInvalid(p.Extensions["x-mock-on-invalid"])
	if err != nil {
		return nil, err
	}
	prm.OnInvalid = oi
	f, err := parseFilter(p.Extensions["x-mock-filter"])
	if err != nil {
		return nil, err
	}
	prm.Filter = f
	if raw, ok := p.Extensions["x-mock-aliases"]; ok && p.In == "path" {
		_ = decodeExt(raw, &prm.Aliases) // a malformed map aliases nothing
	}
	return prm, nil
}

// Param returns the operation's parameter by location and name.
func (op *Operation) Param(in, name string) *Param {
	for _, p := range op.Params {
		if p.In == in && p.Name == name {
			return p
		}
	}
	return nil
}

// Response returns the declared response for a status ("404"), falling back
// to its range ("4XX") and then "default".
func (op *Operation) Response(status string) (*openapi3.Response, string) {
	if op.Op.Responses == nil {
		return nil, ""
	}
	for _, k := range []string{status, string(status[0]) + "XX", "default"} {
		if r := op.Op.Responses.Value(k); r != nil && r.Value != nil {
			return r.Value, k
		}
	}
	return nil, ""
}

// StatusCode is a declared response's status key as a number: a range
// ("2XX") is its first code, "default" (or anything else) 200.
func StatusCode(status string) int {
	n, err := strconv.Atoi(status)
	if err != nil {
		if len(status) == 3 && (status[1] == 'X' || status[1] == 'x') {
			return int(status[0]-'0') * 100
		}
		return http.StatusOK
	}
	return n
}

// Declares reports whether the operation declares the status (exactly, by
// range, or via default).
func (op *Operation) Declares(status int) bool {
	r, _ := op.Response(strconv.Itoa(status))
	return r != nil
}

func keys(m map[string]bool) string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// ignoredHeaderParam reports a header parameter named Accept, Content-Type
// or Authorization: OpenAPI says its definition SHALL be ignored (the
// media types and the security schemes say those), so a client that
// leaves it out is not refused.
func ignoredHeaderParam(p *openapi3.Parameter) bool {
	if p.In != openapi3.ParameterInHeader {
		return false
	}
	switch strings.ToLower(p.Name) {
	case "accept", "content-type", "authorization":
		return true
	}
	return false
}

// fixStyle reads a query array declared deepObject, a style OpenAPI defines
// for objects only (and kin-openapi refuses for anything else, so every
// request would be refused), as form exploded: name=a&name=b. The
// parameter is changed in the loaded document, so validation and
// generation agree; once, though several operations may share it.
func (d *Doc) fixStyle(where string, p *openapi3.Parameter) {
	if p.In != openapi3.ParameterInQuery || p.Style != openapi3.SerializationDeepObject || p.Schema == nil || p.Schema.Value == nil {
		return
	}
	if t := p.Schema.Value.Type; t == nil || !t.Is(openapi3.TypeArray) {
		return
	}
	d.addWarning(Warning{Kind: KindParameterStyle, Where: where + " parameter " + p.Name,
		Detail: "deepObject is defined for objects only; the array is read as form, exploded (" + p.Name + "=a&" + p.Name + "=b)"})
	explode := true
	p.Style, p.Explode = openapi3.SerializationForm, &explode
}
