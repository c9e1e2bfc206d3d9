package mockserver

import (
	"time"

	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/report"
)

// Violation is one way a request (or a response of the mock) broke the
// contract: the same type the report lists (see report.Violation). A
// violation of one request has Count 1 and that request as Request.
type Violation = report.Violation

// Request is one journal entry: a request, its answer and its violations.
// With several documents, OperationID is qualified by the document's name
// ("shop:listPets"), as in the report, and Route is the document's own
// template.
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
		out = append(out, fromViolations(e)...)
	}
	return out
}

// Calls returns the journal's requests of one operation, oldest first.
// With several documents, name the operation "document:operation_id", or
// by its id alone when one document only has it.
func (s *Server) Calls(operationID string) []Request {
	d, local := s.lookup(operationID, hasOperation)
	if d == nil {
		return nil
	}
	var out []Request
	for _, e := range s.journal.Entries() {
		if e.OperationID == local && e.Mount == d.name {
			out = append(out, fromEntry(e))
		}
	}
	return out
}

func fromEntry(e journal.Entry) Request {
	r := Request{ID: e.ID, Time: e.Time, Method: e.Method, Path: e.Path, Query: e.Query, OperationID: qualified(e.Mount, e.OperationID),
		PathParams: e.PathParams, Headers: e.ReqHeaders, Body: e.ReqBody, Status: e.Status, Response: e.RespBody,
		Duration: e.Duration, Route: e.Template}
	r.Violations = fromViolations(e)
	return r
}

// fromViolations are the entry's violations as the report shows them.
func fromViolations(e journal.Entry) []Violation {
	if len(e.Violations) == 0 {
		return nil
	}
	op, method, tpl := qualified(e.Mount, e.OperationID), "", ""
	if e.OperationID != "" {
		method, tpl = e.Method, e.Template
		if e.Mount != "" {
			tpl = "/" + e.Mount + e.Template
		}
	}
	ref := report.RequestRef{ID: e.ID, Method: e.Method, Path: e.Path, Query: e.Query, Status: e.Status}
	out := make([]Violation, len(e.Violations))
	for i, v := range e.Violations {
		out[i] = Violation{Operation: op, Method: method, Template: tpl, Violation: v, Count: 1, Request: ref}
	}
	return out
}

// qualified is an operation id as the report names it: with the document's
// name when the server has several.
func qualified(mount, id string) string {
	if mount == "" || id == "" {
		return id
	}
	return mount + ":" + id
}
