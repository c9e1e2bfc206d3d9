package main

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/alicebob/miniredis/v2"
)

func TestStoreFlags(t *testing.T) {
	cfg, err := parseFlags([]string{"--store", "rediss://user:pw@redis.example:6380/2", "--store-prefix", "team-a:"}, nil)
	if err != nil || cfg.Opts.StoreURL != "rediss://user:pw@redis.example:6380/2" || cfg.Opts.StorePrefix != "team-a:" {
		t.Fatalf("--store, --store-prefix: %+v, %v", cfg.Opts, err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--store", "http://localhost:6379"}, "scheme"},
		{[]string{"--store-prefix", "x:"}, "needs --store"},
		{[]string{"--store", "redis://localhost", "--state", "s.json"}, "--state"},
	} {
		if _, err := parseFlags(tt.args, nil); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseFlags(%q): %v, want an error with %q", tt.args, err, tt.want)
		}
	}
}

// TestStoreStartErrors: a store that does not answer stops the start
// with a clear error.
func TestStoreStartErrors(t *testing.T) {
	mr := miniredis.RunT(t)
	addr := mr.Addr()
	mr.Close()
	err := run(context.Background(), []string{"--addr", "127.0.0.1:0", "--spec", "../../testdata/specs/notes.yaml", "--store", "redis://" + addr}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "does not answer") {
		t.Errorf("--store with Redis down: %v", err)
	}
}
