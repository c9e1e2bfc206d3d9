package report

import (
	"time"

	"github.com/mockserver-go/mockserver/plugin"
)

// Modes of the server that produced a report.
const (
	ModeMock  = "mock"
	ModeProxy = "proxy"
)

// Report is the outcome of a contract-testing run.
type Report struct {
	Title     string    `json:"title"`
	Mode      string    `json:"mode"`
	Upstream  string    `json:"upstream,omitempty"`
	Generated time.Time `json:"generated"`
	// Requests counts every request answered; Undocumented those that
	// matched no operation of the contract.
	Requests     int `json:"requests"`
	Undocumented int `json:"undocumented_requests"`
	// ViolationCount counts every violation (exact, even when the journal
	// wrapped); Tolerated those the real API accepts.
	ViolationCount int `json:"violation_count"`
	Tolerated      int `json:"tolerated_count"`
	// Violations lists each distinct violation once, with its count.
	Violations []Violation `json:"violations"`
	// Dropped counts violations not listed because an operation had more
	// distinct violations than the journal keeps (they are counted).
	Dropped    int         `json:"dropped,omitempty"`
	Coverage   Coverage    `json:"coverage"`
	Operations []Operation `json:"operations"`
}

// Violation is one distinct violation: the operation it was found in,
// the violation itself (in, field, code, expected, got, message, tolerated:
// the plugin.Violation the mock recorded, its fields at the top level of
// the JSON), how often, and the first request that showed it.
type Violation struct {
	// Operation is the operation id; empty for a request that matched no
	// operation.
	Operation string `json:"operation"`
	Method    string `json:"method,omitempty"`
	Template  string `json:"path_template,omitempty"`
	plugin.Violation
	Count int `json:"count"`
	// Request is the first request that showed the violation.
	Request RequestRef `json:"request"`
}

// RequestRef identifies the first request that showed a violation.
type RequestRef struct {
	ID     uint64 `json:"id"`
	Method string `json:"method"`
	Path   string `json:"path"`
	Query  string `json:"query,omitempty"`
	Status int    `json:"status"`
}

// Operation is one operation of the contract and what happened to it.
type Operation struct {
	ID       string `json:"id"`
	Method   string `json:"method"`
	Template string `json:"path"`
	Calls    int    `json:"calls"`
	// Statuses answered, with counts; StatusesNever the declared ones
	// never answered; Undeclared answered statuses the contract lacks.
	Statuses      map[string]int `json:"statuses,omitempty"`
	StatusesNever []string       `json:"statuses_never,omitempty"`
	Undeclared    []string       `json:"statuses_undeclared,omitempty"`
	// Params sent ("query:limit") with counts; ParamsNever documented
	// query and header parameters never sent.
	Params      map[string]int `json:"params,omitempty"`
	ParamsNever []string       `json:"params_never,omitempty"`
	// ViolationCount counts this operation's violations.
	ViolationCount int `json:"violation_count"`
}

// Coverage says what share of the contract the traffic exercised.
type Coverage struct {
	// Operations called at least once.
	Operations Ratio `json:"operations"`
	// Statuses: declared response statuses (not "default") answered at
	// least once; a range ("4XX") counts when any status in it was.
	Statuses Ratio `json:"statuses"`
	// Params: documented query and header parameters sent at least once
	// (path parameters are implied by the operation).
	Params Ratio `json:"params"`
}

// Ratio is covered out of total, with the items never exercised.
type Ratio struct {
	Covered int     `json:"covered"`
	Total   int     `json:"total"`
	Percent float64 `json:"percent"`
	// Never lists what was not exercised: operation ids, "opID 404",
	// "opID query:limit".
	Never []string `json:"never"`
}

// OperationViolations returns the report's violations of one operation
// ("" for undocumented requests), in report order.
func (r *Report) OperationViolations(opID string) []Violation {
	var out []Violation
	for _, v := range r.Violations {
		if v.Operation == opID {
			out = append(out, v)
		}
	}
	return out
}
