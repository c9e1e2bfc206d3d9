package main

import (
	"flag"
	"fmt"
	"time"
)

// hardening holds the flags of the state file and the request limits that
// net/http (not the mock) enforces.
type hardening struct {
	ReadHeaderTimeout time.Duration
}

// addHardeningFlags registers --state, --max-depth and
// --read-header-timeout.
func addHardeningFlags(fs *flag.FlagSet, cfg *config) {
	fs.StringVar(&cfg.Opts.StateFile, "state", "", "JSON `file` the state is restored from on start (when it exists) and saved to on shutdown (atomically)")
	fs.IntVar(&cfg.Opts.MaxDepth, "max-depth", 64, "deepest nesting of arrays and objects in a JSON request body; deeper gets 400")
	fs.DurationVar(&cfg.Hardening.ReadHeaderTimeout, "read-header-timeout", 10*time.Second, "limit on reading a request's headers (slowloris)")
}

func checkHardeningFlags(cfg *config) error {
	if cfg.Opts.MaxDepth <= 0 {
		return fmt.Errorf("--max-depth: must be positive, got %d", cfg.Opts.MaxDepth)
	}
	if cfg.Hardening.ReadHeaderTimeout <= 0 {
		return fmt.Errorf("--read-header-timeout: must be positive, got %s", cfg.Hardening.ReadHeaderTimeout)
	}
	return nil
}
