// Package mockservertest runs an isolated mock per test and asserts on what
// the code under test sent, in the style of net/http/httptest.
//
//	s := mockservertest.NewServer(t, mockserver.Options{})
//	client := posthog.New(s.URL, "phx_anything", s.Client())
//	// ... exercise the client ...
//	s.AssertNoViolations(t)
//
// Every Server owns its state, journal and faults, so tests using it can
// run with t.Parallel. The package uses only the public API of package
// mockserver; the embedded *mockserver.Server gives direct access to state
// (Put, Get, List, Reset), the journal (Requests, Calls, Violations) and
// faults (Fail).
//
// Assertions report at the caller's line, mark the test failed with Errorf
// (the test goes on) and return whether they held. A failure says what did
// happen: the calls that were made, each violation with its operation,
// field, expected and actual value, and the nearest operation ids when an
// expected operation was never called.
//
// Assertions read the request journal, which keeps the newest
// Options.JournalSize requests (1000 by default).
package mockservertest
