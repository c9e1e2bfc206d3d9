// Package handler adapts the engine to HTTP with echo: body limits, latency,
// the request journal, one structured log line per request, CORS, panic
// recovery, and one error handler that renders every error in the
// contract's format. It and package admin are the only users of echo.
package handler
