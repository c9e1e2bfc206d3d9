package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver"
)

// dxConfig is what the command line says about the documents served:
// one or several (--spec), hot reload (--watch), Prism's --errors.
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
	fs.DurationVar(&dx.WatchInterval, "watch-interval", defaultWatchInterval, "how often --watch looks at the files")
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
	if len(dx.Specs) == 1 && dx.Specs[0].Name == "" {
		cfg.Opts.SpecFile = dx.Specs[0].Path
		return nil
	}
	seen := map[string]bool{}
	for _, a := range dx.Specs {
		if a.Name == "" {
			return fmt.Errorf("--spec %s: with several documents, each needs a name: --spec name=%s", a.Path, a.Path)
		}
		if seen[a.Name] {
			return fmt.Errorf("--spec: the name %q is used twice", a.Name)
		}
		seen[a.Name] = true
		cfg.Opts.Documents = append(cfg.Opts.Documents, mockserver.Document{Name: a.Name, SpecFile: a.Path})
	}
	return nil
}

// build makes the server the command serves, resolving --projects (see
// scopeConfig), and starts --watch, which stops with ctx. Reload messages
// go to stderr, even with --quiet.
func build(ctx context.Context, cfg config, stderr io.Writer) (*reloader, error) {
	s, err := mockserver.NewContext(ctx, cfg.Opts)
	if err != nil {
		return nil, err
	}
	if cfg.Scope.pending() {
		// The shorthand names the document's scope parameter, known
		// only now: serve the document again with it.
		if err := cfg.Scope.resolve(&cfg.Opts, s.ScopeParams()); err != nil {
			return nil, err
		}
		_ = s.Close() // its change log, which the next one opens again
		if s, err = mockserver.NewContext(ctx, cfg.Opts); err != nil {
			return nil, err
		}
	}
	w := newReloader(s, cfg.Opts, slog.New(slog.NewTextHandler(stderr, nil)))
	if cfg.DX.Watch {
		go w.Run(ctx, cfg.DX.WatchInterval)
	}
	return w, nil
}
