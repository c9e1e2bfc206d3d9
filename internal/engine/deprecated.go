package engine

import (
	"net/http"

	"github.com/mockserver-go/mockserver/internal/spec"
)

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
