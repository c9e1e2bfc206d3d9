package engine

import (
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/mockserver-go/mockserver/internal/access"
	"github.com/mockserver-go/mockserver/internal/errorbody"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/internal/validate"
)

// Call is one request in flight: what behaviours and hooks see.
type Call struct {
	E          *Engine
	HTTP       *http.Request
	Op         *spec.Operation
	PathParams map[string]string
	// Query is the query string, minus parameters the contract says the
	// real API ignores when invalid.
	Query url.Values
	// Body is the decoded request body (JSON-shaped) or nil.
	Body    any
	RawBody []byte
	// Credential is the credential the request authenticated with.
	Credential *access.Credential
	// ReadOnlySent are readOnly body fields the client sent (ignored).
	ReadOnlySent []string
	// SeedKey is non-empty while the engine seeds a collection: a stable
	// key per seeded object, so hooks can make seed data deterministic.
	SeedKey string

	ex    *Exchange
	prefs Prefs
	// notes are what hooks asked to Note on the record the call stores;
	// base is the stored version an Update hook runs on, when known.
	notes []note
	base  *store.Record
}

type note struct {
	key string
	v   any
}

// Note asks the engine to keep v under key with the record version this
// call stores (a create, an update or a replace), where the Update hook of
// a later call can read it (Noted): what a hook knows of the object it
// made, such as that a derived field is computed already. A note is a
// hint, never the only way to know: a record stored another way (Put, a
// restored state, a soft delete or restore) has none, and a record turned
// cold drops it. A hook that fails leaves no note.
func (c *Call) Note(key string, v any) { c.notes = append(c.notes, note{key, v}) }

// Noted is, in an Update hook, the note under key on the stored version
// the update starts from (its old object); nil when it has none.
func (c *Call) Noted(key string) any {
	if c.base == nil {
		return nil
	}
	v, _ := c.base.Peek(key)
	return v
}

// noteOn keeps the call's notes with rec, the record it stored.
func (c *Call) noteOn(rec *store.Record) {
	for _, n := range c.notes {
		rec.Note(n.key, n.v)
	}
	c.notes = nil
}

// Record adds a violation that did not stop the request.
func (c *Call) Record(v problem.Violation) { c.ex.Violations = append(c.ex.Violations, v) }

// Handle answers one request. body is the already size-limited request
// body. It never panics on client input and never answers 5xx for it.
func (e *Engine) Handle(r *http.Request, body []byte) (*Response, *Exchange) {
	ex := &Exchange{}
	prefs, r, perr := ParsePrefs(r)
	if perr != nil {
		return PreferError(perr), ex
	}
	method := r.Method
	m, ok := e.match(r)
	if !ok {
		return e.unknownRoute(r, ex), ex
	}
	ex.Template, ex.PathParams = m.Template, m.Params
	if m.Op == nil {
		allow := allowHeader(m.Allowed)
		v := problem.Violation{In: "method", Code: "method_not_allowed", Expected: "one of " + allow, Got: method,
			Message: "The path does not declare the " + method + " method."}.Clipped()
		ex.Violations = append(ex.Violations, v)
		return e.errorResponse(nil, &problem.Error{Kind: problem.KindMethodNotAllowed, Vars: map[string]string{"method": method},
			Headers: map[string]string{"Allow": allow}, Violations: []problem.Violation{v}}), ex
	}
	op := m.Op
	ex.Op = op
	c := &Call{E: e, HTTP: r, Op: op, PathParams: applyAliases(op, m.Params), RawBody: body, ex: ex, prefs: prefs}
	resp := e.handleOp(c)
	if e.cfg.SelfCheck && resp.Status < 500 && !resp.checked {
		before := len(ex.Violations)
		if resp.Value != nil {
			e.selfCheck(c, resp)
		} else {
			e.checkStatus(c, resp) // no JSON body: the status must still be declared
		}
		resp = e.strictSelfCheck(c, resp, before)
	}
	markDeprecated(op, resp)
	e.routeHeaders(op, m, resp, method)
	if len(ex.Violations) > 0 && resp.Header.Get("X-Mock-Violations") == "" {
		if resp.Header == nil {
			resp.Header = http.Header{}
		}
		// Tolerated violations too: the real API answered, the client
		// still broke the contract.
		resp.Header.Set("X-Mock-Violations", errorbody.ViolationHeader(ex.Violations))
	}
	return resp, ex
}

func (e *Engine) handleOp(c *Call) *Response {
	op := c.Op
	if f := e.faults.take(op.ID); f != nil {
		if resp := e.applyFault(c, f); resp != nil {
			return resp
		}
	}
	e.preferDelay(c)
	cred, perr := e.access.Check(c.HTTP, c.RawBody, op, c.PathParams)
	c.Credential = cred
	if perr != nil {
		c.ex.Violations = append(c.ex.Violations, perr.Violations...)
		return e.errorResponse(op, perr)
	}
	c.Query = c.HTTP.URL.Query() // read by the validator, then the call's (see applyInvalid)
	res := e.val.Request(validate.Request{HTTP: c.HTTP, Op: op, PathParams: c.PathParams, Body: c.RawBody, Query: c.Query})
	c.Body, c.ReadOnlySent = res.Body, res.ReadOnlySent
	c.ex.Params = e.sentParams(c, op)
	if perr := e.applyInvalid(c, res); perr != nil {
		return e.errorResponse(op, perr)
	}
	if res.Fatal != nil {
		c.ex.Violations = append(c.ex.Violations, res.Fatal.Violations...)
		return e.errorResponse(op, res.Fatal)
	}
	for _, f := range c.ReadOnlySent {
		c.Record(problem.Violation{In: "body", Field: f, Code: "readOnly", Expected: "not sent (readOnly)", Got: "a value",
			Message: "The field is readOnly: the server ignores it.", Tolerated: true})
	}
	resp, preferred, err := e.preferred(c)
	if !preferred {
		resp, err = e.dispatch(c)
	}
	if err != nil {
		pe, ok := problem.As(err)
		if !ok {
			pe = &problem.Error{Kind: problem.KindInternal, Detail: err.Error()}
		}
		c.ex.Violations = append(c.ex.Violations, pe.Violations...)
		return e.errorResponse(op, pe)
	}
	return resp
}

// dispatch picks who answers: a behaviour, the resource's state, or the
// generator.
func (e *Engine) dispatch(c *Call) (*Response, error) {
	op := c.Op
	if op.Behaviour != "" {
		return e.cfg.Behaviours[op.Behaviour](c)
	}
	if op.Resource != nil && op.Resource.Schema != nil {
		switch op.Role {
		case spec.RoleList:
			return e.list(c)
		case spec.RoleCreate:
			return e.create(c)
		case spec.RoleRead:
			return e.read(c)
		case spec.RoleUpdate:
			return e.update(c, false)
		case spec.RoleReplace:
			return e.update(c, true)
		case spec.RoleDelete:
			return e.remove(c)
		case spec.RoleAction:
			if _, err := e.itemFor(c); err != nil {
				return nil, err
			}
		}
	}
	return e.generated(c, op.Success)
}

// applyInvalid decides what invalid parameters and bodies do: the real
// API's tolerance (x-mock-on-invalid) or a 4xx.
func (e *Engine) applyInvalid(c *Call, res validate.Result) *problem.Error {
	var reject []problem.Violation
	var special *problem.Error
	for _, v := range res.Violations {
		if v.Tolerated {
			c.Record(v) // the validator judged it harmless (an ambiguous oneOf)
			continue
		}
		p := res.Invalid[v.In+":"+rootField(v.Field)]
		if p == nil || p.OnInvalid.Action == "" {
			if p != nil && p.In == "path" {
				// An unmatched path value is a missing resource, as routers answer.
				v.Tolerated = false
				c.Record(v)
				if special == nil {
					special = &problem.Error{Kind: problem.KindNotFound, Violations: []problem.Violation{v}}
				}
				continue
			}
			reject = append(reject, v)
			continue
		}
		v.Tolerated = true
		c.Record(v)
		switch p.OnInvalid.Action {
		case "ignore":
			c.Query.Del(p.Name)
		case "not-found":
			if special == nil {
				special = &problem.Error{Kind: problem.KindNotFound}
			}
		case "status":
			if special == nil {
				special = &problem.Error{Kind: problem.KindNotFound, Status: p.OnInvalid.Status, Detail: p.OnInvalid.Detail}
			}
		}
	}
	if special != nil {
		return special
	}
	if len(reject) == 0 {
		return nil
	}
	e.orderViolations(c.Op, reject)
	for _, v := range reject {
		c.Record(v)
	}
	return &problem.Error{Kind: problem.KindValidation, Violations: reject}
}

func rootField(f string) string {
	if i := strings.Index(f, "__"); i >= 0 {
		return f[:i]
	}
	return f
}

// orderViolations puts parameters first (in declaration order), then body
// fields in the schema's property order, so the first reported error is the
// one the real server's serializer would report.
func (e *Engine) orderViolations(op *spec.Operation, vs []problem.Violation) {
	if len(vs) < 2 {
		return
	}
	rank := e.violationRanks(op)
	key := func(v problem.Violation) int {
		if r, ok := rank[v.In+":"+rootField(v.Field)]; ok {
			return r
		}
		return 1 << 20
	}
	sort.SliceStable(vs, func(i, j int) bool { return key(vs[i]) < key(vs[j]) })
}

// violationRanks is the rank orderViolations gives each parameter
// ("query:limit") and body property ("body:name") of an operation, worked
// out once per operation.
func (e *Engine) violationRanks(op *spec.Operation) map[string]int {
	if r, ok := e.ranks.Load(op); ok {
		return r.(map[string]int)
	}
	rank := map[string]int{}
	for i, p := range op.Params {
		rank[p.In+":"+p.Name] = i
	}
	n := len(op.Params)
	if s := spec.JSONRequestSchema(op); s != nil {
		for i, name := range e.enc.order(s) {
			rank["body:"+name] = n + i
		}
	}
	e.ranks.Store(op, rank)
	return rank
}

// sentParams names the documented parameters the request sent
// ("query:limit"), for the journal's coverage.
func (e *Engine) sentParams(c *Call, op *spec.Operation) []string {
	keys := e.paramKeys(op)
	var out []string
	for i, p := range op.Params {
		switch p.In {
		case "query":
			if _, ok := c.Query[p.Name]; ok {
				out = append(out, keys[i])
			}
		case "header":
			if c.HTTP.Header.Get(p.Name) != "" {
				out = append(out, keys[i])
			}
		case "path":
			out = append(out, keys[i])
		}
	}
	return out
}

// paramKeys are "in:name" for each of op's parameters, made once per
// operation.
func (e *Engine) paramKeys(op *spec.Operation) []string {
	if k, ok := e.paramNames.Load(op); ok {
		return k.([]string)
	}
	keys := make([]string, len(op.Params))
	for i, p := range op.Params {
		keys[i] = p.In + ":" + p.Name
	}
	e.paramNames.Store(op, keys)
	return keys
}

func (e *Engine) unknownRoute(r *http.Request, ex *Exchange) *Response {
	sugg := e.doc.Suggest(r.URL.EscapedPath())
	msg := "No operation of the contract matches " + r.Method + " " + r.URL.Path + "."
	expected := "a documented path"
	if len(sugg) > 0 {
		msg += " Did you mean " + strings.Join(sugg, " or ") + "?"
		expected = strings.Join(sugg, " or ")
	}
	v := problem.Violation{In: "route", Code: "unknown_route", Expected: expected, Got: r.Method + " " + r.URL.Path, Message: msg}.Clipped()
	ex.Violations = append(ex.Violations, v)
	pe := &problem.Error{Kind: problem.KindEndpointNotFound, Violations: []problem.Violation{v}}
	if len(sugg) > 0 {
		pe.Headers = map[string]string{"X-Mock-Suggestion": strings.Join(sugg, ", ")}
	}
	return e.errorResponse(nil, pe)
}
