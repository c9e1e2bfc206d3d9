package engine

import (
	"sort"
	"strings"

	"github.com/mockserver-go/mockserver/internal/problem"
)

// unknownScope answers a request for a scope value that does not exist
// (Config.Known: an unknown project) as the parameter's x-mock-on-invalid
// says, else 404. It runs after authentication, as PostHog checks the
// credential before the project.
func (e *Engine) unknownScope(c *Call) *problem.Error {
	for param, known := range e.cfg.Known {
		val, ok := c.PathParams[param]
		if !ok || contains(known, val) {
			continue
		}
		sorted := append([]string(nil), known...)
		sort.Strings(sorted)
		v := problem.Violation{In: "path", Field: param, Code: "unknown", Expected: "one of " + strings.Join(sorted, ", "), Got: problem.Clip(val),
			Message: "No " + param + " " + val + " exists on this server (ScopeValues, --scope)."}
		c.Record(v)
		pe := &problem.Error{Kind: problem.KindNotFound, Violations: []problem.Violation{v}}
		if p := c.Op.Param("path", param); p != nil && p.OnInvalid.Action == "status" {
			pe.Status, pe.Detail = p.OnInvalid.Status, p.OnInvalid.Detail
		}
		return pe
	}
	return nil
}
