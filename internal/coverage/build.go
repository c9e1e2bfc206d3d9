package coverage

import (
	"time"

	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/redact"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/plugin"
	"github.com/mockserver-go/mockserver/report"
)

// Input is what Build reads.
type Input struct {
	Doc        *spec.Doc
	Coverage   journal.Coverage
	Violations map[string]journal.OpViolations
	Mode       string
	Upstream   string
	Now        time.Time
	// Redact hides secrets in violation values (nil: redact.Value).
	Redact func(field, s string) string
}

// Build computes the report.
func Build(in Input) report.Report {
	hide := in.Redact
	if hide == nil {
		hide = redact.New(in.Doc.Secrets).Value
	}
	mode := in.Mode
	if mode == "" {
		mode = report.ModeMock
	}
	r := report.Report{Title: in.Doc.Title, Mode: mode, Upstream: in.Upstream, Generated: in.Now.UTC(),
		Requests: in.Coverage.Total, Undocumented: in.Coverage.Undoc, Violations: []report.Violation{}}
	r.Operations, r.Coverage = tally(in.Doc, in.Coverage)
	byID := map[string]*report.Operation{}
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
		vs, tolerated := violations(opID, method, tpl, ov, hide)
		r.Violations = append(r.Violations, vs...)
		r.Tolerated += tolerated
	}
	return r
}

// violations turns one operation's violation groups into report entries;
// tolerated counts the tolerated occurrences.
func violations(opID, method, tpl string, ov journal.OpViolations, hide func(field, s string) string) (out []report.Violation, tolerated int) {
	for _, g := range ov.Groups {
		v := report.Violation{Operation: opID, Method: method, Template: tpl, Count: g.Count, Request: report.RequestRef(g.First),
			Violation: plugin.Violation{In: g.In, Field: g.Field, Code: g.Code, Expected: g.Expected,
				Got: hide(g.Field, g.Got), Message: hide(g.Field, g.Message), Tolerated: g.Tolerated}}
		v.Request.Query = hide("", v.Request.Query)
		if v.Tolerated {
			tolerated += g.Count
		}
		out = append(out, v)
	}
	return out, tolerated
}
