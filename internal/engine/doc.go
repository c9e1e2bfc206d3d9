// Package engine answers requests from the contract: it routes, checks
// credentials, validates, then answers from state (resources), from a named
// behaviour (x-mock-behaviour), or with generated data, and renders errors in
// the contract's own error format. It knows nothing of echo: the handler
// package adapts it to HTTP middleware.
package engine
