// Package mockserver is a contract-testing mock server driven by an OpenAPI
// document. It validates every request, answers with generated data that
// conforms to the document, and keeps state in memory, per server instance.
//
// The zero Options serve the embedded contract (PostHog's hog functions and
// insights API). A *Server is an http.Handler, so it runs under httptest, an
// http.Server, or in-process without a socket.
package mockserver
