package mockserver

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver/internal/exchange"
	"github.com/mockserver-go/mockserver/internal/nearest"
)

// Fault makes the next calls of one operation fail or slow down, so a
// client's retry and timeout logic can be tested deterministically.
type Fault struct {
	// Status answers the calls with this status instead of the normal
	// answer. It must be one the operation declares (e.g. 429), unless
	// Undeclared is set; 0 answers normally and only Delay applies.
	Status int
	// Times is how many calls the fault applies to; 0 means one.
	Times int
	// Delay holds each answer back this long (the request's context still
	// ends the wait).
	Delay time.Duration
	// RetryAfter sets the Retry-After header, in seconds. A 429 without it
	// says 1.
	RetryAfter int
	// Undeclared allows a Status the operation does not declare, as a
	// gateway in front of the API answers (502, 503): the body is in the
	// contract's error format, and the report lists the status under the
	// operation's undeclared statuses, a gap in the contract.
	Undeclared bool
	// Network breaks the connection instead of answering (see
	// NetworkFault); with Status, MalformedChunk and TruncatedBody break
	// that answer.
	Network NetworkFault
}

// NetworkFault is a way of breaking the connection, as WireMock's faults
// do. Over HTTP/2 each resets its stream after what it sends; in process
// (Server.Client) the call fails with an error.
type NetworkFault string

// The network faults. ConnectionReset and EmptyResponse leave before the
// request is processed (a POST creates nothing); MalformedChunk and
// TruncatedBody break the answer of a processed request. Go's
// http.Transport sends an idempotent request (GET, PUT, DELETE) again once
// when a reused connection breaks before any answer: that second call
// uses up a second Times.
const (
	// ConnectionReset closes the connection with a TCP reset.
	ConnectionReset NetworkFault = exchange.NetworkReset
	// EmptyResponse closes the connection without a byte of answer.
	EmptyResponse NetworkFault = exchange.NetworkEmpty
	// MalformedChunk sends the status and headers, then a chunk whose
	// size is not hexadecimal, and closes.
	MalformedChunk NetworkFault = exchange.NetworkMalformedChunk
	// TruncatedBody sends the status, the headers (Content-Length of the
	// whole body) and half of the body, and closes.
	TruncatedBody NetworkFault = exchange.NetworkTruncated
)

// ErrUnknownOperation is returned (wrapped) for an operation id the
// contract lacks.
var ErrUnknownOperation = errors.New("unknown operation")

// ErrUndeclaredStatus is returned (wrapped) for a fault status the
// operation does not declare: the contract says the API never answers it.
var ErrUndeclaredStatus = errors.New("status not declared by the operation")

// Fail schedules a fault for the next f.Times calls of the operation.
// Faults queue: a second Fail for the same operation applies after the
// first is used up. Reset clears them.
func (s *Server) Fail(operationID string, f Fault) error {
	d, local := s.lookup(operationID, hasOperation)
	if d == nil {
		msg := fmt.Sprintf("mockserver: fail %q: %v", operationID, ErrUnknownOperation)
		if sugg := nearest.Names(operationID, s.OperationIDs(), 3, nil); len(sugg) > 0 {
			msg += "; did you mean " + strings.Join(sugg, " or ") + "?"
		}
		return &wrapped{msg: msg, err: ErrUnknownOperation}
	}
	op, _ := d.eng.Doc().Operation(local)
	network := string(f.Network)
	switch {
	case f.Status == 0 && f.Delay <= 0 && f.Network == "":
		return &OptionError{Option: "fault", Value: operationID, Reason: "set a Status, a Delay, a Network fault or a mix"}
	case f.Status != 0 && (f.Status < 100 || f.Status > 599):
		return &OptionError{Option: "fault status", Value: strconv.Itoa(f.Status), Reason: "want an HTTP status (100-599)"}
	case f.Times < 0 || f.Delay < 0 || f.RetryAfter < 0:
		return &OptionError{Option: "fault", Value: operationID, Reason: "Times, Delay and RetryAfter cannot be negative"}
	case network != "" && !slices.Contains(exchange.NetworkFaults(), network):
		return &OptionError{Option: "fault network", Value: network, Reason: "want one of " + strings.Join(exchange.NetworkFaults(), ", ")}
	case f.Status != 0 && (f.Network == ConnectionReset || f.Network == EmptyResponse):
		return &OptionError{Option: "fault", Value: operationID, Reason: "a " + network + " sends no status: leave Status 0"}
	}
	if f.Status != 0 && !op.Declares(f.Status) && !f.Undeclared {
		return &wrapped{err: ErrUndeclaredStatus, msg: fmt.Sprintf("mockserver: fail %s: status %d is not declared by %s %s (declared: %s); set Undeclared to answer it anyway",
			operationID, f.Status, op.Method, op.Path, strings.Join(op.Statuses, ", "))}
	}
	ef := exchange.Fault{Status: f.Status, Times: f.Times, Delay: f.Delay, RetryAfter: f.RetryAfter, Undeclared: f.Undeclared, Network: network}
	if err := d.eng.Inject(local, ef); err != nil {
		return fmt.Errorf("mockserver: fail %s: %w", operationID, err)
	}
	return nil
}

// OperationIDs lists the contract's operation ids in document order;
// with several documents, qualified by the document's name
// ("shop:listPets").
func (s *Server) OperationIDs() []string {
	var out []string
	for _, d := range s.docs {
		for _, op := range d.eng.Doc().Operations {
			out = append(out, d.qualify(op.ID, ":"))
		}
	}
	return out
}

func hasOperation(d *document, id string) bool {
	_, ok := d.eng.Doc().Operation(id)
	return ok
}

// wrapped is an error with its own message that still matches a sentinel
// with errors.Is.
type wrapped struct {
	msg string
	err error
}

func (w *wrapped) Error() string { return w.msg }
func (w *wrapped) Unwrap() error { return w.err }
