package mockserver

import (
	"fmt"
	"time"

	"github.com/mockserver-go/mockserver/internal/handler"
	"github.com/mockserver-go/mockserver/internal/proxy"
	ireport "github.com/mockserver-go/mockserver/internal/report"
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

// Report builds the contract-testing report of what the server saw.
func (s *Server) Report() Report { return s.report() }

func (s *Server) report() report.Report {
	now := time.Now
	if s.opts.Now != nil {
		now = s.opts.Now
	}
	in := ireport.Input{Doc: s.eng.Doc(), Coverage: s.journal.CoverageOf(s.opts.mount), Violations: s.journal.ViolationsOf(s.opts.mount),
		Mode: report.ModeMock, Now: now()}
	if s.proxy != nil {
		in.Mode, in.Upstream = report.ModeProxy, s.proxy.Upstream()
	}
	return ireport.Build(in)
}

// SaveRecording writes what the real API returned (Options.Proxy with
// RecordDir) as fixture files, one per resource and scope, and returns
// their paths. Without recording it does nothing.
func (s *Server) SaveRecording() ([]string, error) {
	if s.proxy == nil || s.proxy.Recorder() == nil {
		return nil, nil
	}
	files, err := s.proxy.Recorder().Flush()
	if err != nil {
		return files, fmt.Errorf("mockserver: %w", err)
	}
	return files, nil
}

// RecordingSkipped lists the upstream objects not saved as fixtures
// ("resource/id") with why (they failed the contract).
func (s *Server) RecordingSkipped() map[string]string {
	if s.proxy == nil || s.proxy.Recorder() == nil {
		return nil
	}
	return s.proxy.Recorder().Skipped()
}

func (s *Server) setupProxy(hc *handler.Config) error {
	if s.opts.Proxy == "" {
		if s.opts.RecordDir != "" {
			return fmt.Errorf("mockserver: RecordDir (--record) needs Proxy (--proxy): it records what the real API returns")
		}
		return nil
	}
	cfg := proxy.Config{Engine: s.eng, Upstream: s.opts.Proxy, Timeout: s.opts.ProxyTimeout}
	if s.opts.RecordDir != "" {
		cfg.Recorder = proxy.NewRecorder(s.opts.RecordDir, s.eng)
	}
	p, err := proxy.New(cfg)
	if err != nil {
		return fmt.Errorf("mockserver: %w", err)
	}
	s.proxy = p
	hc.Answer = p.Handle
	return nil
}
