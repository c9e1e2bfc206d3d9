package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver"
	"github.com/mockserver-go/mockserver/internal/onewrite"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func exitCode(err error) int {
	if errors.Is(err, errHelp) {
		return 0
	}
	return 1
}

// run is the whole command: it serves until ctx is cancelled, then shuts
// down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if cfg.Version {
		fmt.Fprintln(stdout, "mockserver", version)
		return nil
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
	resumeGC := pauseGC()
	defer resumeGC() // on the error paths; normally done once the load's garbage is collected
	srv, err := build(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	ln = onewrite.NewListener(ln) // a response of a few KB in one write
	hs := &http.Server{Handler: srv, ConnContext: onewrite.ConnContext, ReadHeaderTimeout: cfg.Hardening.ReadHeaderTimeout, ReadTimeout: cfg.ReadTimeout,
		WriteTimeout: cfg.WriteTimeout, IdleTimeout: cfg.IdleTimeout, MaxHeaderBytes: cfg.MaxHeaderBytes,
		ErrorLog: nil, Protocols: protocols()}
	if !cfg.Quiet {
		banner(stdout, srv.Server(), ln.Addr().String(), time.Since(start))
		reportBanner(stdout, cfg)
		for _, w := range srv.Server().Warnings() {
			fmt.Fprintln(stderr, "warning:", w)
		}
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
	// the state; what is saved is the state at this point.
	if err := srv.Server().SaveState(); err != nil {
		return err
	}
	return finish(srv.Server(), cfg, stderr)
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

func banner(w io.Writer, srv *mockserver.Server, addr string, took time.Duration) {
	host := addr
	if strings.HasPrefix(host, "[::]") || strings.HasPrefix(host, "0.0.0.0") {
		host = "127.0.0.1" + host[strings.LastIndexByte(host, ':'):]
	}
	fmt.Fprintf(w, "mockserver %s: %s (%d operations) on http://%s (ready in %s)\n", version, srv.Title(), srv.Operations(), host, took.Round(time.Millisecond))
	fmt.Fprintf(w, "  inspector and admin: http://%s/__mock/\n", host)
}
