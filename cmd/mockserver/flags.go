package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver"
)

// config is everything the command line says.
type config struct {
	Addr            string
	Opts            mockserver.Options
	Quiet           bool
	LogFormat       string
	Version         bool
	ShutdownTimeout time.Duration
	ReadTimeout     time.Duration
	WriteTimeout    time.Duration
	IdleTimeout     time.Duration
	MaxHeaderBytes  int
	GCHeadroom      uint64 // bytes of heap growth kept between collections (gc.go)
	AllWarnings     bool   // --warnings: every warning, not a line per kind
	// Report is the contract-testing flags (report.go).
	Report    reportConfig
	DX        dxConfig
	Hardening hardening
	Scope     scopeConfig
}

var errHelp = errors.New("help requested")

// parseFlags turns arguments and the environment into a config. Arguments
// that are not flags are documents, as --spec is. Every flag but --version
// can also come from env as MOCKSERVER_<NAME> (envName); a flag on the
// command line wins. env is os.LookupEnv in the command and nil (no
// environment) or a map in tests: parseFlags is pure but for reading the
// file named by --tokens.
func parseFlags(args []string, env func(string) (string, bool)) (config, error) {
	cfg := config{}
	fs, finish := newFlags(&cfg)
	if err := parseArgs(fs, args); err != nil {
		return cfg, err
	}
	if err := applyEnv(fs, env); err != nil {
		return cfg, err
	}
	if err := checkSigns(fs); err != nil {
		return cfg, err
	}
	return cfg, finish()
}

// newFlags registers every flag, writing into cfg; finish checks them
// after parsing and fills what they decide. usage lists the same flags.
func newFlags(cfg *config) (fs *flag.FlagSet, finish func() error) {
	fs = flag.NewFlagSet("mockserver", flag.ContinueOnError)
	// parseArgs words the errors; the flag package would print them, and
	// the whole usage, itself.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	var seed uint64
	var latency, tokens string
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:4010", "`host:port` to listen on (127.0.0.1 keeps it off the network)")
	addDXFlags(fs, &cfg.DX)
	fs.Var((*overlayList)(&cfg.Opts.OverlayFiles), "overlay", "OpenAPI Overlay 1.0 `file` applied to the document on load (the embedded contract or --spec): the way to correct a document you do not own; repeat to apply several in order; name=file applies it to the document of --spec name=... only")
	fs.Uint64Var(&seed, "seed", 0, "seed for generated data: the same seed and request give the same body (0 is a fixed seed, not random)")
	fs.StringVar(&cfg.Opts.FixturesDir, "fixtures", "", "`dir` of JSON/YAML fixture files to start from instead of generated objects")
	fs.BoolVar(&cfg.Opts.EmptyState, "empty", false, "start with empty collections instead of generated objects")
	fs.StringVar(&tokens, "tokens", "", "JSON `file` of accepted API keys: {\"phx_key\": {\"scopes\": [\"*\"], \"projects\": [\"1\"]}}; without it any key is valid with every scope")
	addScopeFlags(fs, cfg)
	fs.BoolVar(&cfg.Opts.RateLimit, "rate-limit", false, "throttle each API key at the contract's rates (x-mock-rate-limit; PostHog: 480/minute and 4800/hour, insights 240/minute and 1200/hour): 429 with Retry-After")
	fs.StringVar(&latency, "latency", "", "delay every answer: a `duration` (150ms) or range (20ms-200ms), deterministic under --seed")
	fs.Int64Var(&cfg.Opts.MaxBody, "max-body", 10<<20, "largest request body in `bytes`; larger bodies get 413")
	fs.IntVar(&cfg.Opts.JournalSize, "journal-size", 1000, "requests kept in the journal (/__mock/requests), at least 1")
	fs.StringVar(&cfg.Opts.AdminToken, "admin-token", "", "require this `token` in X-Mock-Admin-Token on /__mock/ endpoints")
	fs.BoolVar(&cfg.Opts.DisableAdmin, "no-admin", false, "turn the /__mock/ admin endpoints off")
	cors := fs.Bool("cors", true, "answer CORS preflights and allow browser clients from any origin")
	corsCredentials := fs.Bool("cors-credentials", false, "with --cors, let pages of any origin send the user's cookies (Access-Control-Allow-Credentials)")
	fs.BoolVar(&cfg.Opts.AllowExternalRefs, "allow-external-refs", false, "let the document's $refs read other files or URLs")
	fs.Uint64Var(&cfg.GCHeadroom, "gc-headroom", 64<<20, "keep at least this many `bytes` of heap growth between garbage collections (less CPU per request, more memory under load); 0 or GOGC set: Go's default")
	fs.BoolVar(&cfg.Quiet, "quiet", false, "no start-up banner and no per-request log lines")
	fs.BoolVar(&cfg.AllWarnings, "warnings", false, "list every warning about the document, not one line per kind")
	fs.StringVar(&cfg.LogFormat, "log-format", "text", "request log `format`: text or json")
	fs.BoolVar(&cfg.Version, "version", false, "print the version and exit")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", 10*time.Second, "how long in-flight requests may run after SIGINT/SIGTERM (0: stop them at once)")
	fs.DurationVar(&cfg.ReadTimeout, "read-timeout", 30*time.Second, "limit on reading a whole request, body included (slow clients)")
	fs.DurationVar(&cfg.WriteTimeout, "write-timeout", 60*time.Second, "limit on writing a response")
	fs.DurationVar(&cfg.IdleTimeout, "idle-timeout", 120*time.Second, "how long an idle keep-alive connection stays open")
	fs.IntVar(&cfg.MaxHeaderBytes, "max-header-bytes", 1<<20, "largest request header block in `bytes`; larger gets 431")
	checkReport := cfg.Report.register(fs, &cfg.Opts)
	addHardeningFlags(fs, cfg)
	addStoreFlags(fs, cfg)
	finish = func() error {
		cfg.Opts.Seed = seed
		if err := finishDX(cfg); err != nil {
			return err
		}
		if err := routeOverlays(&cfg.Opts); err != nil {
			return err
		}
		cfg.Opts.DisableCORS = !*cors
		cfg.Opts.CORSCredentials = *corsCredentials
		if cfg.LogFormat != "text" && cfg.LogFormat != "json" {
			return fmt.Errorf("--log-format: %q is not text or json", cfg.LogFormat)
		}
		if err := checkPositive(fs, "max-body", "max-header-bytes", "journal-size", "read-timeout", "write-timeout", "idle-timeout"); err != nil {
			return err
		}
		if err := checkReport(); err != nil {
			return err
		}
		if err := checkHardeningFlags(cfg); err != nil {
			return err
		}
		if err := checkStoreFlags(cfg); err != nil {
			return err
		}
		if latency != "" {
			lo, hi, err := mockserver.ParseLatency(latency)
			if err != nil {
				return optionError("--latency", latency, err)
			}
			cfg.Opts.Latency, cfg.Opts.LatencyMax = lo, hi
		}
		if tokens != "" {
			t, projects, err := readTokens(tokens)
			if err != nil {
				return fmt.Errorf("--tokens: %w", err)
			}
			cfg.Opts.Tokens, cfg.Scope.TokenProjects = t, projects
		}
		return nil
	}
	return fs, finish
}

// optionError words the root package's *mockserver.OptionError as the flag
// it came from, without repeating the option's name and the program's.
func optionError(flagName, value string, err error) error {
	var oe *mockserver.OptionError
	if errors.As(err, &oe) {
		return fmt.Errorf("%s %q: %s", flagName, value, oe.Reason)
	}
	return fmt.Errorf("%s: %w", flagName, err)
}

// readTokens reads a tokens file; each token's "projects" are returned
// apart, by token, for build to resolve (scope.go).
func readTokens(path string) (map[string]mockserver.Token, map[string][]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var raw map[string]struct {
		Scopes      []string            `json:"scopes"`
		Projects    []any               `json:"projects"`
		ScopeValues map[string][]string `json:"scope_values"`
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return nil, nil, fmt.Errorf("%s: %w (want {\"<key>\": {\"scopes\": [...], \"projects\": [...], \"scope_values\": {\"<param>\": [...]}}})", path, err)
	}
	out := make(map[string]mockserver.Token, len(raw))
	var projects map[string][]string
	for k, v := range raw {
		if k == "" {
			return nil, nil, fmt.Errorf("%s: an empty key is not a token", path)
		}
		out[k] = mockserver.Token{Scopes: v.Scopes, ScopeValues: v.ScopeValues}
		for _, p := range v.Projects {
			if projects == nil {
				projects = map[string][]string{}
			}
			switch x := p.(type) {
			case string:
				projects[k] = append(projects[k], x)
			case float64:
				projects[k] = append(projects[k], strconv.FormatFloat(x, 'f', -1, 64))
			default:
				return nil, nil, fmt.Errorf("%s: %s: projects must be ids (numbers or strings)", path, k)
			}
		}
	}
	return out, projects, nil
}
