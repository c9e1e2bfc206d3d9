package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver"
	"github.com/mockserver-go/mockserver/internal/onewrite"
)

// exitCode is the status the command exits with: 0 for --help, 2 for a
// command line it cannot use, 1 for anything else.
func exitCode(err error) int {
	var ue *usageError
	switch {
	case errors.Is(err, errHelp):
		return 0
	case errors.As(err, &ue):
		return 2
	}
	return 1
}

// run is the whole command: it serves until ctx is cancelled, then shuts
// down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, os.LookupEnv)
	if errors.Is(err, errHelp) {
		usage(stdout)
		return err
	}
	if err != nil {
		return &usageError{err}
	}
	if cfg.Version {
		fmt.Fprintln(stdout, "mockserver", currentVersion())
		return nil
	}
	if err := checkStateFile(cfg.Opts.StateFile); err != nil {
		return err
	}
	if !cfg.Quiet {
		var h slog.Handler = slog.NewTextHandler(stderr, nil)
		if cfg.LogFormat == "json" {
			h = slog.NewJSONHandler(stderr, nil)
		}
		cfg.Opts.Logger = slog.New(h)
	}
	// POST /__mock/stop stops the server as a signal does.
	ctx, stopServing := context.WithCancel(ctx)
	defer stopServing()
	cfg.Opts.OnStop = stopServing
	start := time.Now()
	// A state file is live data, as large as it likes: under the load's
	// memory limit the collector would mark it over and over, for a
	// restore time quadratic in its size.
	resumeGC := func() {}
	if cfg.Opts.StateFile == "" {
		resumeGC = pauseGC()
	}
	defer resumeGC() // on the error paths; normally done once the load's garbage is collected
	srv, err := build(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	ln = onewrite.NewListener(ln) // a response of a little more than 4 KB in one write
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: cfg.Hardening.ReadHeaderTimeout, ReadTimeout: cfg.ReadTimeout,
		WriteTimeout: cfg.WriteTimeout, IdleTimeout: cfg.IdleTimeout, MaxHeaderBytes: cfg.MaxHeaderBytes,
		ErrorLog: nil, Protocols: protocols()}
	if !cfg.Quiet {
		banner(stdout, srv.Server(), cfg, ln.Addr().String(), time.Since(start))
		reportBanner(stdout, cfg)
		printWarnings(stderr, srv.Server().Warnings(), mountNames(cfg), cfg.AllWarnings)
		if exposed(ln.Addr()) && len(cfg.Opts.Tokens) == 0 {
			fmt.Fprintln(stderr, "warning: listening on all interfaces with no --tokens: anyone on the network can use this mock (and its /__mock/ admin endpoints unless --admin-token or --no-admin)")
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	// Loading the contract leaves garbage (the YAML trees): give its
	// memory back once rather than keep it as idle RSS, then collect as
	// usual.
	go func() {
		debug.FreeOSMemory()
		resumeGC()
		tuneGC(ctx, cfg.GCHeadroom, 500*time.Millisecond)
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	// Requests still running after the shutdown timeout may yet change
	// the state; what is saved is the state at this point. A failed save
	// does not skip the reports and the gate (a CI run's verdict), nor
	// they the save: every failure is reported, and the exit is non-zero.
	saveErr := srv.Server().SaveState()
	closeErr := srv.Server().Close()
	return errors.Join(saveErr, closeErr, finish(srv.Server(), cfg, stderr))
}

// protocols are HTTP/1.1 and HTTP/2 over cleartext (h2c, with prior
// knowledge), which gRPC-gateway and some clients speak to a local server.
func protocols() *http.Protocols {
	var p http.Protocols
	p.SetHTTP1(true)
	p.SetUnencryptedHTTP2(true)
	return &p
}

func exposed(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsUnspecified()
}

// described is what the banner says of the server (*mockserver.Server).
type described interface {
	Title() string
	Operations() int
}

func banner(w io.Writer, srv described, cfg config, addr string, took time.Duration) {
	host := addr
	if strings.HasPrefix(host, "[::]") || strings.HasPrefix(host, "0.0.0.0") {
		host = "127.0.0.1" + host[strings.LastIndexByte(host, ':'):]
	}
	fmt.Fprintf(w, "mockserver %s: %s (%s, seed %d, %s) on http://%s (ready in %s)\n", currentVersion().Version, srv.Title(),
		plural(srv.Operations(), "operation"), cfg.Opts.Seed, stateMode(cfg.Opts), host, took.Round(time.Millisecond))
	fmt.Fprintf(w, "  inspector and admin: http://%s/__mock/\n", host)
}

// stateMode says what the state starts from: generated objects
// ("seeded"), nothing, fixture files, and the file it is restored from
// and saved to.
func stateMode(o mockserver.Options) string {
	var modes []string
	switch {
	case o.FixturesDir != "":
		modes = append(modes, "fixtures "+o.FixturesDir)
	case o.EmptyState:
		modes = append(modes, "empty")
	default:
		modes = append(modes, "seeded")
	}
	if o.StateFile != "" {
		modes = append(modes, "state "+o.StateFile)
	}
	return strings.Join(modes, ", ")
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// mountNames are the names of the documents mounted side by side, which
// start their warnings.
func mountNames(cfg config) []string {
	var names []string
	for _, a := range cfg.DX.Specs {
		if a.Name != "" {
			names = append(names, a.Name)
		}
	}
	return names
}
