package engine

import (
	"net/http"

	"github.com/mockserver-go/mockserver/internal/errorbody"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// answerHeaders adds the headers every answer to an operation carries
// besides its own: Prism's Deprecation, the route's (Allow, Vary), and
// X-Mock-Violations when the request broke the contract.
func (e *Engine) answerHeaders(c *Call, m spec.Match, resp *Response) {
	markDeprecated(c.Op, resp)
	e.routeHeaders(c.Op, m, resp, c.HTTP.Method)
	if vs := c.ex.Violations; len(vs) > 0 && resp.Header.Get("X-Mock-Violations") == "" {
		if resp.Header == nil {
			resp.Header = http.Header{}
		}
		// Tolerated violations too: the real API answered, the client
		// still broke the contract.
		resp.Header.Set("X-Mock-Violations", errorbody.ViolationHeader(vs))
	}
}

// markDeprecated adds Prism's Deprecation header to answers of deprecated
// operations.
func markDeprecated(op *spec.Operation, resp *Response) {
	if op == nil || op.Op == nil || !op.Op.Deprecated || resp == nil {
		return
	}
	if resp.Header == nil {
		resp.Header = http.Header{}
	}
	resp.Header.Set("Deprecation", "true")
}
