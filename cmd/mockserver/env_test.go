package main

import (
	"strings"
	"testing"
	"time"
)

func TestEnvName(t *testing.T) {
	t.Parallel()
	for flagName, want := range map[string]string{"spec": "MOCKSERVER_SPEC", "addr": "MOCKSERVER_ADDR", "max-body": "MOCKSERVER_MAX_BODY",
		"read-header-timeout": "MOCKSERVER_READ_HEADER_TIMEOUT"} {
		if got := envName(flagName); got != want {
			t.Errorf("envName(%q) = %q, want %q", flagName, got, want)
		}
	}
}

func TestFlagsFromEnvironment(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		check   func(t *testing.T, c config)
		wantErr string
	}{
		{"every kind of flag", nil, map[string]string{"MOCKSERVER_SPEC": "api.yaml", "MOCKSERVER_ADDR": ":9000", "MOCKSERVER_SEED": "7",
			"MOCKSERVER_EMPTY": "true", "MOCKSERVER_READ_TIMEOUT": "5s", "MOCKSERVER_MAX_BODY": "1024", "MOCKSERVER_CORS": "false"},
			func(t *testing.T, c config) {
				if c.Opts.SpecFile != "api.yaml" || c.Addr != ":9000" || c.Opts.Seed != 7 || !c.Opts.EmptyState ||
					c.ReadTimeout != 5*time.Second || c.Opts.MaxBody != 1024 || !c.Opts.DisableCORS {
					t.Errorf("%+v", c)
				}
			}, ""},
		{"flags win", []string{"--addr", ":1", "--seed", "3"}, map[string]string{"MOCKSERVER_ADDR": ":9000", "MOCKSERVER_SEED": "7"},
			func(t *testing.T, c config) {
				if c.Addr != ":1" || c.Opts.Seed != 3 {
					t.Errorf("addr %q seed %d", c.Addr, c.Opts.Seed)
				}
			}, ""},
		{"a document argument wins over MOCKSERVER_SPEC", []string{"mine.yaml"}, map[string]string{"MOCKSERVER_SPEC": "env.yaml"},
			func(t *testing.T, c config) {
				if c.Opts.SpecFile != "mine.yaml" || len(c.DX.Specs) != 1 {
					t.Errorf("specs %+v", c.DX.Specs)
				}
			}, ""},
		{"empty is unset", nil, map[string]string{"MOCKSERVER_ADDR": "", "MOCKSERVER_SEED": ""},
			func(t *testing.T, c config) {
				if c.Addr != "127.0.0.1:4010" || c.Opts.Seed != 0 {
					t.Errorf("addr %q seed %d", c.Addr, c.Opts.Seed)
				}
			}, ""},
		{"not --version", nil, map[string]string{"MOCKSERVER_VERSION": "1.4.0"},
			func(t *testing.T, c config) {
				if c.Version {
					t.Error("MOCKSERVER_VERSION turned --version on")
				}
			}, ""},
		{"bad value names the variable", nil, map[string]string{"MOCKSERVER_SEED": "lots"}, nil,
			`MOCKSERVER_SEED="lots" (--seed): want a whole number, 0 or more`},
		{"checked as flags are", nil, map[string]string{"MOCKSERVER_MAX_BODY": "-1"}, nil, "--max-body: must not be negative"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := parseFlags(tc.args, func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok })
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want it to mention %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, c)
		})
	}
}
