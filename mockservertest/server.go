package mockservertest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/mockserver-go/mockserver"
)

// InProcessURL is the base URL of a server made by NewInProcess. Its host
// never resolves (RFC 2606 reserves .test), so a request sent with any
// client other than Server.Client fails instead of reaching the network.
const InProcessURL = "http://mockserver.test"

// Server is a mock started for one test. The embedded *mockserver.Server
// arranges state, reads the journal and injects faults.
type Server struct {
	*mockserver.Server
	// URL is the base URL, without a trailing slash: http://127.0.0.1:port
	// for NewServer, InProcessURL for NewInProcess.
	URL string

	ts     *httptest.Server // nil in process
	client *http.Client
}

// NewServer starts a mock on a loopback port and stops it when the test
// ends (tb.Cleanup). It speaks HTTP/1.1 and, to clients that ask with
// prior knowledge, HTTP/2 over cleartext (h2c), as cmd/mockserver does. A start-up error (a bad spec, bad fixtures, bad
// options) fails the test at once with tb.Fatalf.
func NewServer(tb testing.TB, opts mockserver.Options) *Server {
	tb.Helper()
	ms, err := mockserver.New(opts)
	if err != nil {
		tb.Fatalf("mockservertest: %v", err)
		return nil // only reached with a testing.TB whose Fatalf returns
	}
	ts := httptest.NewUnstartedServer(ms)
	// HTTP/1.1 and HTTP/2 over cleartext (prior knowledge), as
	// cmd/mockserver serves; Client speaks HTTP/1.1.
	var protocols http.Protocols
	protocols.SetHTTP1(true)
	protocols.SetUnencryptedHTTP2(true)
	ts.Config.Protocols = &protocols
	ts.Start()
	s := &Server{Server: ms, URL: ts.URL, ts: ts, client: ts.Client()}
	tb.Cleanup(s.Close)
	return s
}

// NewInProcess returns a mock that needs no socket: its Client calls the
// handler directly. URL is InProcessURL; use it as the base URL of the
// client under test together with Client.
func NewInProcess(tb testing.TB, opts mockserver.Options) *Server {
	tb.Helper()
	ms, err := mockserver.New(opts)
	if err != nil {
		tb.Fatalf("mockservertest: %v", err)
		return nil
	}
	return &Server{Server: ms, URL: InProcessURL, client: ms.Client()}
}

// Client returns an *http.Client that reaches the mock: over loopback for
// NewServer, in process for NewInProcess.
func (s *Server) Client() *http.Client { return s.client }

// Transport returns the Client's transport, for clients that take an
// http.RoundTripper.
func (s *Server) Transport() http.RoundTripper { return s.client.Transport }

// Close stops a NewServer mock and waits for requests in flight. The test's
// cleanup calls it; calling it earlier, or more than once, is fine. It does
// nothing for NewInProcess.
func (s *Server) Close() {
	if s.ts != nil {
		s.ts.Close()
	}
}
