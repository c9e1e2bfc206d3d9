package main

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
)

// addStoreFlags registers --store and --store-prefix.
func addStoreFlags(fs *flag.FlagSet, cfg *config) {
	fs.StringVar(&cfg.Opts.StoreURL, "store", "", "keep the state in Redis or Valkey, shared by every replica using the same `URL`: redis://host:6379/0, rediss:// (TLS) or unix:///path/to/socket (default: this process's memory)")
	fs.StringVar(&cfg.Opts.StorePrefix, "store-prefix", "", "`prefix` of the state's keys in --store, so that several mocks share one server (default: mockserver:, the contract's title and version)")
}

// checkStoreFlags refuses what the server would only refuse later, or
// silently ignore.
func checkStoreFlags(cfg *config) error {
	o := &cfg.Opts
	if o.StoreURL == "" {
		if o.StorePrefix != "" {
			return errors.New("--store-prefix: needs --store")
		}
		return nil
	}
	u, err := url.Parse(o.StoreURL)
	if err != nil {
		return fmt.Errorf("--store: %q is not a URL: %w", o.StoreURL, err)
	}
	switch u.Scheme {
	case "redis", "rediss", "unix":
	default:
		return fmt.Errorf("--store: scheme %q is not redis://, rediss:// or unix://", u.Scheme)
	}
	if o.StateFile != "" {
		return errors.New("--store and --state: the state lives in the store; for one that survives a crash, use the store's persistence (Redis: appendonly yes)")
	}
	return nil
}
