package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseFlags(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens.json")
	if err := os.WriteFile(tokens, []byte(`{"phx_a": {"scopes": ["hog_function:read"], "projects": [1, "2"]}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	badTokens := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(badTokens, []byte(`{"phx_a": {"scope": []}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		check   func(t *testing.T, c config)
		wantErr string
	}{
		{"defaults", nil, func(t *testing.T, c config) {
			if c.Addr != "127.0.0.1:4010" || c.Opts.Seed != 0 || c.Opts.SpecFile != "" || c.Opts.MaxBody != 10<<20 || c.Opts.DisableCORS || c.Opts.RateLimit {
				t.Errorf("defaults: %+v", c)
			}
		}, ""},
		{"spec seed addr", []string{"--spec", "x.yaml", "--seed", "42", "--addr", ":0"}, func(t *testing.T, c config) {
			if c.Opts.SpecFile != "x.yaml" || c.Opts.Seed != 42 || c.Addr != ":0" {
				t.Errorf("%+v", c)
			}
		}, ""},
		{"rate limit", []string{"--rate-limit"}, func(t *testing.T, c config) {
			if !c.Opts.RateLimit {
				t.Errorf("--rate-limit not set: %+v", c.Opts)
			}
		}, ""},
		{"latency range", []string{"--latency", "20ms-200ms"}, func(t *testing.T, c config) {
			if c.Opts.Latency != 20*time.Millisecond || c.Opts.LatencyMax != 200*time.Millisecond {
				t.Errorf("latency %v-%v", c.Opts.Latency, c.Opts.LatencyMax)
			}
		}, ""},
		{"tokens", []string{"--tokens", tokens}, func(t *testing.T, c config) {
			tok := c.Opts.Tokens["phx_a"]
			if len(tok.Scopes) != 1 || strings.Join(c.Scope.TokenProjects["phx_a"], ",") != "1,2" {
				t.Errorf("tokens %+v", c.Opts.Tokens)
			}
		}, ""},
		{"cors off", []string{"--cors=false"}, func(t *testing.T, c config) {
			if !c.Opts.DisableCORS {
				t.Error("--cors=false must disable CORS")
			}
		}, ""},
		{"projects", []string{"--projects", "1, 2,"}, func(t *testing.T, c config) {
			if strings.Join(c.Scope.Projects, "|") != "1|2" {
				t.Errorf("projects %q", c.Scope.Projects)
			}
		}, ""},
		{"scope", []string{"--scope", "project_id=1, 2", "--scope", "team_id=7"}, func(t *testing.T, c config) {
			if strings.Join(c.Opts.ScopeValues["project_id"], "|") != "1|2" || strings.Join(c.Opts.ScopeValues["team_id"], "|") != "7" {
				t.Errorf("scope %v", c.Opts.ScopeValues)
			}
		}, ""},
		{"scope without values", []string{"--scope", "project_id="}, nil, "no values"},
		{"scope without param", []string{"--scope", "1,2"}, nil, "param=value"},
		{"bad latency", []string{"--latency", "soon"}, nil, "--latency"},
		{"bad tokens", []string{"--tokens", badTokens}, nil, "unknown field"},
		{"missing tokens file", []string{"--tokens", filepath.Join(dir, "nope.json")}, nil, "no such file"},
		{"bad log format", []string{"--log-format", "xml"}, nil, "--log-format"},
		{"bad max body", []string{"--max-body", "0"}, nil, "--max-body"},
		{"stray argument", []string{"serve"}, nil, `unexpected argument "serve"`},
		{"unknown flag", []string{"--nope"}, nil, "flag provided but not defined"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := parseFlags(tc.args, io.Discard)
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

func TestHelpExplainsEveryFlag(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	_, err := parseFlags([]string{"--help"}, &b)
	if err != errHelp {
		t.Fatalf("err = %v, want errHelp", err)
	}
	for _, f := range []string{"-addr", "-spec", "-seed", "-fixtures", "-tokens", "-latency", "-max-body", "-admin-token", "-quiet"} {
		if !strings.Contains(b.String(), f) {
			t.Errorf("--help does not explain %s", f)
		}
	}
}
