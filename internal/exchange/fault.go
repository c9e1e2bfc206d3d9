package exchange

import "time"

// Fault makes the next calls of an operation fail or slow down.
type Fault struct {
	// Status to answer with (0: answer normally, only Delay applies).
	Status int
	// Times is how many calls it applies to (0: one).
	Times int
	// Delay before answering.
	Delay time.Duration
	// RetryAfter sets the Retry-After header (seconds) on the answer.
	RetryAfter int
	// Undeclared allows a Status the operation does not declare (a
	// gateway's 502 or 503).
	Undeclared bool
	// Network breaks the connection instead of answering normally: one of
	// the Network* names (empty: no network fault).
	Network string
}

// ScheduledFault is a fault still waiting for calls of its operation;
// Times is what remains of it.
type ScheduledFault struct {
	Operation string
	Fault
}

// Network faults, as WireMock has them. The handler carries them out on
// the connection; the engine only says which (Exchange.Network).
const (
	// NetworkReset closes the connection with a TCP reset before any
	// answer; the request is not processed.
	NetworkReset = "connection_reset"
	// NetworkEmpty closes the connection before any answer; the request is
	// not processed.
	NetworkEmpty = "empty_response"
	// NetworkMalformedChunk sends the status and headers of the answer,
	// then a chunk whose size line is not hex, and closes.
	NetworkMalformedChunk = "malformed_chunk"
	// NetworkTruncated sends the status, the headers (with the full
	// Content-Length) and half of the body, and closes.
	NetworkTruncated = "truncated_body"
)

// NetworkFaults lists the network faults, in documentation order.
func NetworkFaults() []string {
	return []string{NetworkReset, NetworkEmpty, NetworkMalformedChunk, NetworkTruncated}
}

// AnswersNothing reports whether a network fault leaves before the
// request is processed.
func AnswersNothing(network string) bool { return network == NetworkReset || network == NetworkEmpty }
