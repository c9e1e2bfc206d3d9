package report

import (
	"sort"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/spec"
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

// Violation is one distinct violation: where (operation, in, field), what
// was wrong (code, expected, got, message), how often and the first request.
type Violation struct {
	// Operation is the operation id; empty for a request that matched no
	// operation.
	Operation string `json:"operation"`
	Method    string `json:"method,omitempty"`
	Template  string `json:"path_template,omitempty"`
	In        string `json:"in"`
	Field     string `json:"field,omitempty"`
	Code      string `json:"code"`
	Expected  string `json:"expected,omitempty"`
	Got       string `json:"got,omitempty"`
	Message   string `json:"message"`
	Tolerated bool   `json:"tolerated,omitempty"`
	Count     int    `json:"count"`
	// Request is the first request that showed the violation.
	Request journal.RequestRef `json:"request"`
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

// Input is what Build reads.
type Input struct {
	Doc        *spec.Doc
	Coverage   journal.Coverage
	Violations map[string]journal.OpViolations
	Mode       string
	Upstream   string
	Now        time.Time
	// Redact hides secrets in violation values (nil: RedactValue).
	Redact func(field, s string) string
}

// Build computes the report.
func Build(in Input) Report {
	redact := in.Redact
	if redact == nil {
		redact = RedactValue
	}
	mode := in.Mode
	if mode == "" {
		mode = ModeMock
	}
	r := Report{Title: in.Doc.Title, Mode: mode, Upstream: in.Upstream, Generated: in.Now.UTC(),
		Requests: in.Coverage.Total, Undocumented: in.Coverage.Undoc, Violations: []Violation{}}
	r.Operations, r.Coverage = coverage(in.Doc, in.Coverage)
	byID := map[string]*Operation{}
	for i := range r.Operations {
		byID[r.Operations[i].ID] = &r.Operations[i]
	}
	for _, opID := range journal.SortedOperations(in.Violations) {
		ov := in.Violations[opID]
		r.ViolationCount += ov.Total
		r.Dropped += ov.Dropped
		method, tpl := "", ""
		if o := byID[opID]; o != nil {
			o.ViolationCount = ov.Total
			method, tpl = o.Method, o.Template
		}
		for _, g := range ov.Groups {
			v := Violation{Operation: opID, Method: method, Template: tpl, In: g.In, Field: g.Field, Code: g.Code,
				Expected: g.Expected, Got: redact(g.Field, g.Got), Message: redact(g.Field, g.Message),
				Tolerated: g.Tolerated, Count: g.Count, Request: g.First}
			v.Request.Query = redact("", v.Request.Query)
			if v.Tolerated {
				r.Tolerated += g.Count
			}
			r.Violations = append(r.Violations, v)
		}
	}
	return r
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

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// IsSecretName reports whether a field (nested keys joined by "__") names
// a credential.
func IsSecretName(field string) bool {
	if i := strings.LastIndex(field, "__"); i >= 0 {
		field = field[i+2:]
	}
	f := strings.ToLower(field)
	for _, s := range [...]string{"personal_api_key", "api_key", "apikey", "access_token", "password", "secret", "token", "authorization"} {
		if strings.Contains(f, s) {
			return true
		}
	}
	return false
}

// RedactValue hides a value of a secret field, and credential-shaped
// substrings (key=value pairs, PostHog phx_ keys, bearer tokens) anywhere.
func RedactValue(field, s string) string {
	if s == "" {
		return s
	}
	if IsSecretName(field) {
		return "[redacted]"
	}
	return RedactText(s)
}
