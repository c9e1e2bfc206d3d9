// Package exchange holds what the pipeline (internal/engine) hands to the
// packages around it: the answer ready to write (Response), what happened
// to a request for the journal and logs (Exchange), and the faults an
// admin schedules (Fault, the Network* kinds the handler carries out on
// the connection). It imports no other package of the mock but spec and
// problem, so that the handler, the admin endpoints and the proxy depend on
// it instead of on the engine.
package exchange
