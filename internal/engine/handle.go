package engine

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/mockserver-go/mockserver/internal/access"
	"github.com/mockserver-go/mockserver/internal/prefer"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/render"
	"github.com/mockserver-go/mockserver/internal/resource"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/store"
)

// Call is one request in flight. Behaviours and hooks see it as a
// plugin.Call (plugin.go).
type Call struct {
	// Call is what the resource stage reads of the request: HTTP, Op,
	// PathParams, Body, SeedKey.
	resource.Call
	e *Engine
	// Query is the query string, minus parameters the contract says the
	// real API ignores when invalid.
	Query   url.Values
	RawBody []byte
	// Credential is the credential the request authenticated with.
	Credential *access.Credential
	// ReadOnlySent are readOnly body fields the client sent (ignored).
	ReadOnlySent []string

	ex    *Exchange
	prefs prefer.Prefs
	// While a View or List hook runs, scoped is set and hookQuery is the
	// query it sees (withQuery); reads are the collections a hook read
	// (plugin.go: a view that read them is kept until they change), and
	// sawMore is set when it read what a kept view must not depend on
	// (the clock, the request's headers, ...).
	hookQuery url.Values
	scoped    bool
	reads     []render.Read
	sawMore   bool
	// storeErr is the first failure of the store a plugin met (see
	// storeFailed).
	storeErr error
	// refusal is the error stage's answer to the call, if it was refused
	// (refuse): its body is the encoding of its value.
	refusal *Response
}

// Record adds a violation that did not stop the request.
func (c *Call) Record(v problem.Violation) { c.ex.Violations = append(c.ex.Violations, v) }

// Handle answers one request. body is the already size-limited request
// body. It never panics on client input and never answers 5xx for it.
//
// The pipeline: Prism's preferences are read (internal/prefer), the
// request is routed, handleOp runs the operation's stages, then the answer
// is checked against the contract (self-check) and given its headers.
func (e *Engine) Handle(r *http.Request, body []byte) (*Response, *Exchange) {
	ex := &Exchange{}
	prefs, r, perr := prefer.Parse(r)
	if perr != nil {
		return PreferError(perr), ex
	}
	m, refused := e.route(r, ex)
	if refused != nil {
		return refused, ex
	}
	c := &Call{Call: resource.Call{HTTP: r, Op: m.Op, PathParams: applyAliases(m.Op, m.Params)}, e: e, RawBody: body, ex: ex, prefs: prefs}
	c.Plugin = c.plugin()
	resp := e.handleOp(c)
	resp = e.checkAnswer(c, resp)
	e.answerHeaders(c, m, resp)
	return resp, ex
}

// handleOp runs the stages of a request to an operation, in order: a
// scheduled fault, access (internal/access: credential, known scope
// values, rates), validation (internal/validate and x-mock-on-invalid),
// then the answer Prism's preferences ask for (internal/prefer) or the
// dispatch. A stage returns a value or a refusal; a refusal ends the
// request, rendered by the error stage (internal/errorbody).
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
		return e.refuse(c, perr)
	}
	if perr := e.validateRequest(c); perr != nil {
		return e.refuse(c, perr)
	}
	resp, preferred, err := e.preferred(c)
	if !preferred {
		resp, err = e.dispatch(c)
		if c.storeErr != nil {
			err = c.storeErr // what a plugin made of an answer the store did not give
		}
	}
	if err != nil {
		pe, ok := problem.As(err)
		switch {
		case ok:
		case errors.Is(err, store.ErrFull):
			pe = e.storeFull(op)
		default:
			// The cause (a store's error may name its host and port) is
			// for the journal, the log and X-Mock-Violations; the body is
			// the contract's server error.
			c.Record(problem.Violation{In: "server", Code: "internal_error", Message: err.Error()}.Clipped())
			pe = &problem.Error{Kind: problem.KindInternal}
		}
		c.ex.Violations = append(c.ex.Violations, pe.Violations...)
		return e.refuse(c, pe)
	}
	return resp
}

// dispatch picks who answers: a behaviour, the resource's state, or the
// generator.
func (e *Engine) dispatch(c *Call) (*Response, error) {
	op := c.Op
	if op.Behaviour != "" {
		return e.behaviour(c)
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
			if _, err := e.res.Item(&c.Call); err != nil {
				return nil, err
			}
		}
	}
	return e.generated(c, op.Success)
}
