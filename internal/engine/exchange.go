package engine

import "github.com/mockserver-go/mockserver/internal/exchange"

// The pipeline's answers and faults are package exchange's types, so that
// the handler, the admin endpoints and the proxy use them without
// importing the engine.
type (
	Response       = exchange.Response
	Exchange       = exchange.Exchange
	Fault          = exchange.Fault
	ScheduledFault = exchange.ScheduledFault
)
