package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver"
)

// dxConfig is the developer-experience part of the command line: several
// documents, hot reload, Prism's --errors.
type dxConfig struct {
	Specs         specList
	Watch         bool
	WatchInterval time.Duration
	Errors        bool
}

// specArg is one --spec: a file, mounted at the root or under /Name.
type specArg struct{ Name, Path string }

type specList []specArg

var mountName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

func (s *specList) String() string {
	parts := make([]string, len(*s))
	for i, a := range *s {
		parts[i] = a.Path
		if a.Name != "" {
			parts[i] = a.Name + "=" + a.Path
		}
	}
	return strings.Join(parts, " ")
}

// Set reads "file" or "name=file" (name: letters, digits, '.', '_', '-').
func (s *specList) Set(v string) error {
	if v == "" {
		return fmt.Errorf("empty --spec")
	}
	a := specArg{Path: v}
	if name, path, ok := strings.Cut(v, "="); ok && mountName.MatchString(name) {
		if path == "" {
			return fmt.Errorf("--spec %s: no file after %q", v, name+"=")
		}
		a = specArg{Name: name, Path: path}
	}
	*s = append(*s, a)
	return nil
}

func addDXFlags(fs *flag.FlagSet, dx *dxConfig) {
	fs.Var(&dx.Specs, "spec", "OpenAPI 3.0/3.1 `file` (YAML or JSON) to serve instead of the embedded contract; name=file mounts it under /name (repeat for several documents on one server)")
	fs.BoolVar(&dx.Watch, "watch", false, "reload the spec and the fixtures when their files change (state of resources that still exist is kept)")
	fs.DurationVar(&dx.WatchInterval, "watch-interval", mockserver.DefaultWatchInterval, "how often --watch looks at the files")
	fs.BoolVar(&dx.Errors, "errors", false, "answer 500 when a response of the mock breaks the contract (Prism's --errors) instead of only recording it")
}

// finishDX checks the DX flags and fills the options they decide.
func finishDX(cfg *config) error {
	dx := &cfg.DX
	cfg.Opts.ResponseErrors = dx.Errors
	if dx.Errors && cfg.Opts.SkipSelfCheck {
		return fmt.Errorf("--errors needs the self-check of responses")
	}
	if dx.WatchInterval <= 0 {
		return fmt.Errorf("--watch-interval: must be positive, got %s", dx.WatchInterval)
	}
	switch {
	case len(dx.Specs) == 1 && dx.Specs[0].Name == "":
		cfg.Opts.SpecFile = dx.Specs[0].Path
	case len(dx.Specs) > 1:
		seen := map[string]bool{}
		for _, a := range dx.Specs {
			if a.Name == "" {
				return fmt.Errorf("--spec %s: with several documents, each needs a name: --spec name=%s", a.Path, a.Path)
			}
			if seen[a.Name] {
				return fmt.Errorf("--spec: the name %q is used twice", a.Name)
			}
			seen[a.Name] = true
		}
	}
	return nil
}

// served is what run serves: one document or several.
type served interface {
	http.Handler
	Title() string
	Operations() int
	Warnings() []string
	stopper
}

// stopper is what happens when the server stops: with several documents,
// each of them is saved and reported.
type stopper interface {
	SaveState() error
	SaveRecording() ([]string, error)
	RecordingSkipped() map[string]string
	Report() mockserver.Report
}

// build makes the handler the command serves and starts --watch, which
// stops with ctx. Reload messages go to stderr, even with --quiet.
func build(ctx context.Context, cfg config, stderr io.Writer) (served, error) {
	reloadLog := slog.New(slog.NewTextHandler(stderr, nil))
	named := len(cfg.DX.Specs) > 0 && cfg.DX.Specs[0].Name != ""
	if !named {
		if !cfg.DX.Watch {
			s, err := mockserver.New(cfg.Opts)
			if err != nil {
				return nil, err
			}
			return plain{s}, nil
		}
		w, err := mockserver.NewWatcher(cfg.Opts, reloadLog)
		if err != nil {
			return nil, err
		}
		go w.Run(ctx, cfg.DX.WatchInterval)
		return watched{w}, nil
	}
	mounts := make([]mockserver.Mount, len(cfg.DX.Specs))
	for i, a := range cfg.DX.Specs {
		o := cfg.Opts
		o.SpecFile = a.Path
		mounts[i] = mockserver.Mount{Name: a.Name, Options: o}
	}
	m, err := mockserver.NewMulti(mounts, mockserver.MultiOptions{Logger: cfg.Opts.Logger, JournalSize: cfg.Opts.JournalSize,
		AdminToken: cfg.Opts.AdminToken, DisableAdmin: cfg.Opts.DisableAdmin, DisableCORS: cfg.Opts.DisableCORS, CORSCredentials: cfg.Opts.CORSCredentials, ReloadLog: reloadLog,
		StateFile: cfg.Opts.StateFile, OnStop: cfg.Opts.OnStop, Now: cfg.Opts.Now})
	if err != nil {
		return nil, err
	}
	if cfg.DX.Watch {
		m.Watch(ctx, cfg.DX.WatchInterval)
	}
	return multi{m}, nil
}

// plain serves one Server.
type plain struct{ *mockserver.Server }

// multi serves several documents.
type multi struct{ *mockserver.Multi }

// watched serves a Watcher, describing its current server.
type watched struct{ *mockserver.Watcher }

func (w watched) Title() string      { return w.Server().Title() }
func (w watched) Operations() int    { return w.Server().Operations() }
func (w watched) Warnings() []string { return w.Server().Warnings() }

func (w watched) SaveState() error                    { return w.Server().SaveState() }
func (w watched) SaveRecording() ([]string, error)    { return w.Server().SaveRecording() }
func (w watched) RecordingSkipped() map[string]string { return w.Server().RecordingSkipped() }
func (w watched) Report() mockserver.Report           { return w.Server().Report() }
