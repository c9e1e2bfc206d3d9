package engine

import (
	"strconv"

	"github.com/mockserver-go/mockserver/internal/errorbody"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// storeFull is the error of a write past the store's bound on objects
// (store.ErrFull): 507, or 429 where the operation declares 429 and not
// 507, so that a client sees an answer its contract has.
func (e *Engine) storeFull(op *spec.Operation) *problem.Error {
	pe := &problem.Error{Kind: problem.KindInsufficientStorage, Vars: map[string]string{"max": "its maximum of"}}
	if m := e.Store(); m != nil {
		pe.Vars["max"] = strconv.FormatInt(m.Objects(), 10)
	}
	if op != nil && !op.Declares(507) && op.Declares(429) {
		pe.Status = 429
	}
	return pe
}

// ErrorResponse renders an error for an operation (nil when no operation
// matched) in the contract's error format.
func (e *Engine) ErrorResponse(op *spec.Operation, pe *problem.Error) *Response {
	return e.errorResponse(op, pe)
}

// errorResponse is the error stage's rendering, encoded by the engine's
// encoder (the one that knows every schema's property order).
func (e *Engine) errorResponse(op *spec.Operation, pe *problem.Error) *Response {
	b := e.errs.Render(op, pe)
	resp := &Response{Status: b.Status, Header: b.Header, Value: b.Value}
	if b.Value != nil {
		resp.Body = e.enc.Encode(b.Value, b.Schema)
	}
	return resp
}

// refuse answers the call with the error stage's rendering of pe.
func (e *Engine) refuse(c *Call, pe *problem.Error) *Response {
	c.refusal = e.errorResponse(c.Op, pe)
	return c.refusal
}

// mockProblem renders an answer of the mock itself as problem+json.
func mockProblem(status int, typ, detail string, vs []problem.Violation) *Response {
	h, b := errorbody.Mock(status, typ, detail, vs)
	return &Response{Status: status, Header: h, Body: b}
}
