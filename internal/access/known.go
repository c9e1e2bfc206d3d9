package access

import (
	"slices"
	"sort"
	"strings"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// unknownScope refuses a request for a scope value that does not exist
// (Config.Known: an unknown project) as the parameter's x-mock-on-invalid
// says, else as not found.
func (a *Access) unknownScope(op *spec.Operation, params map[string]string) *problem.Error {
	for param, known := range a.cfg.Known {
		val, ok := params[param]
		if !ok || slices.Contains(known, val) {
			continue
		}
		sorted := append([]string(nil), known...)
		sort.Strings(sorted)
		v := problem.Violation{In: "path", Field: param, Code: "unknown", Expected: "one of " + strings.Join(sorted, ", "), Got: problem.Clip(val),
			Message: "No " + param + " " + val + " exists on this server (ScopeValues, --scope)."}
		pe := &problem.Error{Kind: problem.KindNotFound, Violations: []problem.Violation{v}}
		if p := op.Param("path", param); p != nil && p.OnInvalid.Action == "status" {
			pe.Status, pe.Detail = p.OnInvalid.Status, p.OnInvalid.Detail
		}
		return pe
	}
	return nil
}
