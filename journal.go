package mockserver

import (
	"time"

	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/problem"
)

// Violation is one way a request (or a response of the mock) broke the
// contract.
type Violation struct {
	// In is where: path, query, header, body, security, content-type,
	// route, method or response.
	In string `json:"in"`
	// Field is the parameter or body field (nested keys joined by "__").
	Field    string `json:"field,omitempty"`
	Code     string `json:"code"`
	Expected string `json:"expected,omitempty"`
	Got      string `json:"got,omitempty"`
	Message  string `json:"message"`
	// Tolerated is true when the mock answered as the real API does and
	// only recorded the violation.
	Tolerated bool `json:"tolerated,omitempty"`
}

// Request is one journal entry: a request, its answer and its violations.
type Request struct {
	ID          uint64            `json:"id"`
	Time        time.Time         `json:"time"`
	Method      string            `json:"method"`
	Path        string            `json:"path"`
	Query       string            `json:"query,omitempty"`
	OperationID string            `json:"operation_id,omitempty"`
	PathParams  map[string]string `json:"path_params,omitempty"`
	Headers     map[string]string `json:"request_headers,omitempty"`
	Body        string            `json:"request_body,omitempty"`
	Status      int               `json:"status"`
	Response    string            `json:"response_body,omitempty"`
	Duration    time.Duration     `json:"duration_ns"`
	Violations  []Violation       `json:"violations,omitempty"`
	// Route is the contract's path template the request matched (empty
	// for an undocumented path).
	Route string `json:"route,omitempty"`
}

// Requests returns the journal, oldest first (bounded by JournalSize).
func (s *Server) Requests() []Request {
	entries := s.journal.Entries()
	out := make([]Request, len(entries))
	for i, e := range entries {
		out[i] = fromEntry(e)
	}
	return out
}

// Violations returns every violation still in the journal, in order.
func (s *Server) Violations() []Violation {
	var out []Violation
	for _, e := range s.journal.Entries() {
		out = append(out, fromViolations(e.Violations)...)
	}
	return out
}

// Calls returns the journal's requests of one operation, oldest first.
func (s *Server) Calls(operationID string) []Request {
	var out []Request
	for _, e := range s.journal.Entries() {
		if e.OperationID == operationID {
			out = append(out, fromEntry(e))
		}
	}
	return out
}

func fromEntry(e journal.Entry) Request {
	return Request{ID: e.ID, Time: e.Time, Method: e.Method, Path: e.Path, Query: e.Query, OperationID: e.OperationID,
		PathParams: e.PathParams, Headers: e.ReqHeaders, Body: e.ReqBody, Status: e.Status, Response: e.RespBody,
		Duration: e.Duration, Violations: fromViolations(e.Violations), Route: e.Template}
}

func fromViolations(vs []problem.Violation) []Violation {
	if len(vs) == 0 {
		return nil
	}
	out := make([]Violation, len(vs))
	for i, v := range vs {
		out[i] = Violation(v)
	}
	return out
}
