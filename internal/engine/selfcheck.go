package engine

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// selfCheck validates a response the mock is about to send and records any
// mismatch as a violation of the mock itself (in: response). A refusal's
// body is the encoding of its value, so the render stage can keep the
// findings of the bodies that repeat (every 401 of an operation).
func (e *Engine) selfCheck(c *Call, resp *Response) {
	var found []problem.Violation
	if resp == c.refusal && resp.Body != nil {
		found = e.checkRefusal(c.Op, resp.Status, resp.Body, resp.Value)
	} else {
		found = e.CheckResponse(c.Op, resp.Status, resp.Value)
	}
	for _, v := range found {
		c.Record(v)
	}
}

// checkRefusal is CheckResponse for a refusal encoded as body.
func (e *Engine) checkRefusal(op *spec.Operation, status int, body []byte, value any) []problem.Violation {
	code := strconv.Itoa(status)
	if r, _ := op.Response(code); r != nil {
		if s := spec.JSONResponseSchema(op, code); s != nil {
			return e.rend.CheckAnswer(s, body, value)
		}
	}
	return e.CheckResponse(op, status, value)
}

// CheckResponse validates a JSON-shaped response value against the
// operation's declared response for the status.
func (e *Engine) CheckResponse(op *spec.Operation, status int, value any) []problem.Violation {
	r, key := op.Response(strconv.Itoa(status))
	if r == nil {
		return []problem.Violation{{In: "response", Code: "undeclared_status", Expected: "one of " + joinStatuses(op.Statuses),
			Got: strconv.Itoa(status), Message: "The operation does not declare this status."}}
	}
	_ = key
	s := spec.JSONResponseSchema(op, strconv.Itoa(status))
	if s == nil {
		return nil
	}
	return e.val.Schema(s, value, true, "response", "")
}

// checkStatus records an undeclared status for an answer without a JSON
// body (an empty 405, CSV, an image), which selfCheck does not see. An
// operation that declares no response at all (OpenAPI 3.1 allows it) has
// nothing to check against.
func (e *Engine) checkStatus(c *Call, resp *Response) {
	if len(c.Op.Statuses) == 0 {
		return
	}
	if r, _ := c.Op.Response(strconv.Itoa(resp.Status)); r == nil {
		c.Record(problem.Violation{In: "response", Code: "undeclared_status", Expected: "one of " + joinStatuses(c.Op.Statuses),
			Got: strconv.Itoa(resp.Status), Message: "The operation does not declare this status."})
	}
}

// strictSelfCheck turns failures of the mock's own response into a 500
// (Prism's --errors), listing what is wrong.
func (e *Engine) strictSelfCheck(c *Call, resp *Response, before int) *Response {
	if !e.cfg.StrictResponses {
		return resp
	}
	var vs []problem.Violation
	for _, v := range c.ex.Violations[before:] {
		if v.In == "response" {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return resp
	}
	detail := fmt.Sprintf("The mock's %d response for %s %s does not conform to the contract: %s", resp.Status, c.Op.Method, c.Op.Path, vs[0].String())
	return mockProblem(http.StatusInternalServerError, "urn:mockserver:invalid_response", detail, vs)
}

// checkAnswer is the self-check stage (Config.SelfCheck): the answer the
// mock made itself is validated against the contract, its failures
// recorded as violations of the mock, and with Config.StrictResponses
// answered as a 500 instead.
func (e *Engine) checkAnswer(c *Call, resp *Response) *Response {
	if !e.cfg.SelfCheck || resp.Status >= 500 || resp.SelfChecked {
		return resp
	}
	before := len(c.ex.Violations)
	if resp.Value != nil {
		e.selfCheck(c, resp)
	} else {
		e.checkStatus(c, resp) // no JSON body: the status must still be declared
	}
	return e.strictSelfCheck(c, resp, before)
}
