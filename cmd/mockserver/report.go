package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver"
	"github.com/mockserver-go/mockserver/report"
)

// reportConfig is what the contract-testing flags say: report files
// written on stop, CI gates, and the validating proxy.
type reportConfig struct {
	JSON  string
	JUnit string
	Gates mockserver.ReportGates
}

// register adds the contract-testing flags to fs; the returned check
// validates them after parsing and fills opts.
func (rc *reportConfig) register(fs *flag.FlagSet, opts *mockserver.Options) func() error {
	fs.StringVar(&rc.JSON, "report", "", "write a JSON contract report (violations, coverage) to `file` when the server stops")
	fs.StringVar(&rc.JUnit, "junit", "", "write a JUnit XML report (a test case per operation, a failure per violation) to `file` when the server stops")
	fs.BoolVar(&rc.Gates.FailOnViolation, "fail-on-violation", false, "exit non-zero on stop when any contract violation was recorded")
	minCov := fs.String("coverage-min", "", "exit non-zero on stop below this coverage `percent`: 80 (operations) or operations=80,statuses=50,params=30")
	fs.StringVar(&opts.Proxy, "proxy", "", "forward every request to this upstream `URL` (the real API) and record where it drifts from the contract")
	fs.DurationVar(&opts.ProxyTimeout, "proxy-timeout", 30*time.Second, "with --proxy: how long to wait for the upstream before answering 504")
	fs.StringVar(&opts.RecordDir, "record", "", "with --proxy: save what the upstream returned as fixture files in `dir` (load them with --fixtures)")
	return func() error {
		if *minCov != "" {
			m, err := report.ParseMin(*minCov)
			if err != nil {
				return fmt.Errorf("--coverage-min: %w", err)
			}
			rc.Gates.Min = m
		}
		if opts.RecordDir != "" && opts.Proxy == "" {
			return fmt.Errorf("--record needs --proxy: it records what the real API returns")
		}
		if opts.ProxyTimeout <= 0 {
			return fmt.Errorf("--proxy-timeout: must be positive, got %s", opts.ProxyTimeout)
		}
		return nil
	}
}

// reportBanner tells what the contract-testing flags will do.
func reportBanner(w io.Writer, cfg config) {
	if cfg.Opts.Proxy != "" {
		fmt.Fprintf(w, "  proxying to %s, validating both directions against the contract\n", cfg.Opts.Proxy)
	}
	var out []string
	if cfg.Report.JSON != "" {
		out = append(out, cfg.Report.JSON)
	}
	if cfg.Report.JUnit != "" {
		out = append(out, cfg.Report.JUnit)
	}
	if cfg.Opts.RecordDir != "" {
		out = append(out, cfg.Opts.RecordDir+"/ (fixtures)")
	}
	if len(out) > 0 {
		fmt.Fprintf(w, "  on stop (SIGTERM, SIGINT or POST /__mock/stop) writes %s\n", strings.Join(out, ", "))
	}
}

// gateError is returned by run when the report fails a CI gate.
type gateError struct{ reasons []string }

func (e *gateError) Error() string {
	return "contract check failed: " + strings.Join(e.reasons, "; ")
}

// finish runs when the server has stopped: it saves recorded fixtures,
// writes the reports and applies the gates. A step that fails does not
// skip the next: every failure is returned, joined.
func finish(srv *mockserver.Server, cfg config, stderr io.Writer) error {
	var errs []error
	files, err := srv.SaveRecording()
	errs = append(errs, err)
	if err == nil && cfg.Opts.RecordDir != "" && !cfg.Quiet {
		fmt.Fprintf(stderr, "recorded %d fixture file(s) in %s", len(files), cfg.Opts.RecordDir)
		if n := len(srv.RecordingSkipped()); n > 0 {
			fmt.Fprintf(stderr, " (%d object(s) skipped: they break the contract)", n)
		}
		fmt.Fprintln(stderr)
	}
	rc := cfg.Report
	if rc.JSON == "" && rc.JUnit == "" && !rc.Gates.FailOnViolation && rc.Gates.Min == nil {
		return errors.Join(errs...)
	}
	rep := srv.Report()
	if rc.JSON != "" {
		errs = append(errs, report.WriteFile(rc.JSON, rep.WriteJSON))
	}
	if rc.JUnit != "" {
		errs = append(errs, report.WriteFile(rc.JUnit, rep.WriteJUnit))
	}
	if !cfg.Quiet {
		fmt.Fprintln(stderr, "contract report:", rep.Summary())
	}
	if reasons := rep.Failures(rc.Gates); len(reasons) > 0 {
		errs = append(errs, &gateError{reasons: reasons})
	}
	return errors.Join(errs...)
}
