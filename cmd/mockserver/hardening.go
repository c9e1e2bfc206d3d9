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

// addHardeningFlags registers --state, --state-sync, --max-objects, --max-depth and
// --read-header-timeout.
func addHardeningFlags(fs *flag.FlagSet, cfg *config) {
	fs.StringVar(&cfg.Opts.StateFile, "state", "", "JSON `file` the state is restored from on start (when it exists) and saved to on shutdown (atomically); every write is logged beside it (file.log) so that a crash loses at most --state-sync")
	fs.DurationVar(&cfg.Opts.StateSyncInterval, "state-sync", 100*time.Millisecond, "with --state: how often logged writes are fsynced (a write is acknowledged first: SIGKILL loses at most this)")
	fs.IntVar(&cfg.Opts.MaxObjects, "max-objects", 1_000_000, "most objects the mock holds (all collections, soft-deleted included); a create past it answers 507")
	fs.IntVar(&cfg.Opts.MaxDepth, "max-depth", 64, "deepest nesting of arrays and objects in a JSON request body; deeper gets 400")
	fs.DurationVar(&cfg.Hardening.ReadHeaderTimeout, "read-header-timeout", 10*time.Second, "limit on reading a request's headers (slowloris)")
}

func checkHardeningFlags(cfg *config) error {
	if cfg.Opts.MaxDepth <= 0 {
		return fmt.Errorf("--max-depth: must be positive, got %d", cfg.Opts.MaxDepth)
	}
	if cfg.Opts.StateSyncInterval <= 0 {
		return fmt.Errorf("--state-sync: must be positive, got %s", cfg.Opts.StateSyncInterval)
	}
	if cfg.Opts.MaxObjects <= 0 {
		return fmt.Errorf("--max-objects: must be positive, got %d", cfg.Opts.MaxObjects)
	}
	if cfg.Hardening.ReadHeaderTimeout <= 0 {
		return fmt.Errorf("--read-header-timeout: must be positive, got %s", cfg.Hardening.ReadHeaderTimeout)
	}
	return nil
}
