package coverage

import (
	"time"

	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/redact"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/report"
)

// Part is the report of one of several documents served together, by
// mount name.
type Part struct {
	Name   string
	Report report.Report
}

// Merge makes one report of several documents' reports: operations and
// violations are named "mount:operation_id" with their public path
// ("/mount/..."), coverage counts add up, and the request totals and the
// violations of requests that matched no document come from the shared
// journal (all, undocumented).
func Merge(title string, parts []Part, all journal.Coverage, undocumented journal.OpViolations, now time.Time) report.Report {
	r := report.Report{Title: title, Mode: report.ModeMock, Generated: now.UTC(), Requests: all.Total, Undocumented: all.Undoc,
		Violations: []report.Violation{}, Operations: []report.Operation{}}
	if len(parts) > 0 {
		r.Mode, r.Upstream = parts[0].Report.Mode, parts[0].Report.Upstream
	}
	for _, p := range parts {
		pr, prefix := p.Report, p.Name+":"
		for _, op := range pr.Operations {
			op.ID, op.Template = prefix+op.ID, "/"+p.Name+op.Template
			r.Operations = append(r.Operations, op)
		}
		for _, v := range pr.Violations {
			if v.Operation == journal.Undocumented {
				continue
			}
			v.Operation, v.Template = prefix+v.Operation, "/"+p.Name+v.Template
			r.Violations = append(r.Violations, v)
		}
		// A part's report holds no undocumented requests (they belong to
		// no document), so its counts are its own.
		r.ViolationCount += pr.ViolationCount
		r.Tolerated += pr.Tolerated
		r.Dropped += pr.Dropped
		addRatio(&r.Coverage.Operations, pr.Coverage.Operations, prefix)
		addRatio(&r.Coverage.Statuses, pr.Coverage.Statuses, prefix)
		addRatio(&r.Coverage.Params, pr.Coverage.Params, prefix)
	}
	// Requests that matched no document are hidden by the rules every
	// document gets.
	vs, tolerated := violations(journal.Undocumented, "", "", undocumented, redact.New(spec.Secrets{}).Value)
	r.Violations = append(r.Violations, vs...)
	r.ViolationCount += undocumented.Total
	r.Dropped += undocumented.Dropped
	r.Tolerated += tolerated
	finish(&r.Coverage.Operations)
	finish(&r.Coverage.Statuses)
	finish(&r.Coverage.Params)
	return r
}

func addRatio(into *report.Ratio, from report.Ratio, prefix string) {
	into.Covered += from.Covered
	into.Total += from.Total
	for _, n := range from.Never {
		into.Never = append(into.Never, prefix+n)
	}
}
