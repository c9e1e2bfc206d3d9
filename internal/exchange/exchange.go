package exchange

import (
	"time"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// Exchange describes a handled request for the journal and logs.
type Exchange struct {
	Op         *spec.Operation
	Template   string
	PathParams map[string]string
	Violations []problem.Violation
	Params     []string
	Delay      time.Duration
	// DelaySet is true when Delay was asked for by the request (Prefer:
	// delay), so that a zero delay is kept rather than replaced by the
	// configured latency.
	DelaySet bool
	// Network is the network fault to break the connection with instead
	// of answering (a Network* name), or "".
	Network string
}
