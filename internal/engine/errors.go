package engine

import (
	"github.com/mockserver-go/mockserver/internal/errorbody"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

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
		resp.Body = e.enc.encode(b.Value, b.Schema)
	}
	return resp
}

// mockProblem renders an answer of the mock itself as problem+json.
func mockProblem(status int, typ, detail string, vs []problem.Violation) *Response {
	h, b := errorbody.Mock(status, typ, detail, vs)
	return &Response{Status: status, Header: h, Body: b}
}
