package mockserver

import (
	"time"

	"github.com/mockserver-go/mockserver/internal/coverage"
	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/report"
)

// Report is the contract-testing report: every violation recorded since
// the start (or the last ResetJournal) with its operation, field and what
// was wrong, and the coverage of operations, response statuses and
// documented parameters. It is computed from unbounded counters, so it is
// exact even when the journal (JournalSize) wrapped. Write it with
// WriteJSON or WriteJUnit; check CI gates with Failures.
type Report = report.Report

// ReportGates are the CI conditions a report must meet (see
// Report.Failures).
type ReportGates = report.Gates

// Report builds the contract-testing report of what the server saw. With
// several documents it covers them all: operations and violations are
// named "document:operation_id" (paths "/document/..."), coverage adds up
// over the documents, and requests outside every document are the
// undocumented ones.
func (s *Server) Report() Report {
	now := time.Now
	if s.opts.Now != nil {
		now = s.opts.Now
	}
	if !s.named() {
		return s.docs[0].report(s.journal, now())
	}
	parts := make([]coverage.Part, len(s.docs))
	for i, d := range s.docs {
		parts[i] = coverage.Part{Name: d.name, Report: d.report(s.journal, now())}
	}
	undoc := s.journal.ViolationsByOperation()[journal.Undocumented]
	return coverage.Merge(s.Title(), parts, s.journal.Coverage(), undoc, now())
}

// report is the document's own report: its requests only.
func (d *document) report(jr *journal.Journal, now time.Time) report.Report {
	in := coverage.Input{Doc: d.eng.Doc(), Coverage: jr.CoverageOf(d.name), Violations: jr.ViolationsOf(d.name),
		Mode: report.ModeMock, Now: now}
	if d.proxy != nil {
		in.Mode, in.Upstream = report.ModeProxy, d.proxy.Upstream()
	}
	return coverage.Build(in)
}
