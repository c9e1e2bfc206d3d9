package main

import (
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
		{"a document as an argument", []string{"openapi.yaml"}, func(t *testing.T, c config) {
			if c.Opts.SpecFile != "openapi.yaml" {
				t.Errorf("SpecFile %q", c.Opts.SpecFile)
			}
		}, ""},
		{"flags after the document", []string{"openapi.yaml", "--seed", "7", "--empty"}, func(t *testing.T, c config) {
			if c.Opts.SpecFile != "openapi.yaml" || c.Opts.Seed != 7 || !c.Opts.EmptyState {
				t.Errorf("%+v", c.Opts)
			}
		}, ""},
		{"named documents as arguments", []string{"a=a.yaml", "--seed", "1", "b=b.yaml"}, func(t *testing.T, c config) {
			if len(c.DX.Specs) != 2 || c.DX.Specs[0] != (specArg{"a", "a.yaml"}) || c.DX.Specs[1] != (specArg{"b", "b.yaml"}) {
				t.Errorf("specs %+v", c.DX.Specs)
			}
		}, ""},
		{"after -- a document may look like a flag", []string{"--seed", "2", "--", "--odd.yaml"}, func(t *testing.T, c config) {
			if c.Opts.SpecFile != "--odd.yaml" || c.Opts.Seed != 2 {
				t.Errorf("%+v", c.Opts)
			}
		}, ""},
		{"two unnamed documents", []string{"a.yaml", "b.yaml"}, nil, "each needs a name"},
		{"unknown flag", []string{"--nope"}, nil, "unknown flag --nope (mockserver --help"},
		{"unknown flag near a known one", []string{"--sepc", "x.yaml"}, nil, "unknown flag --sepc: did you mean --spec?"},
		{"unknown flag with a value", []string{"--max-bdy=5"}, nil, "did you mean --max-body?"},
		{"Prism's --port", []string{"--port", "4010"}, nil, "did you mean --addr host:port?"},
		{"bad number", []string{"--seed", "-1"}, nil, `--seed "-1": want a whole number, 0 or more`},
		{"bad duration", []string{"--read-timeout", "soon"}, nil, `--read-timeout "soon": want a duration`},
		{"bad boolean", []string{"--empty=maybe"}, nil, `--empty "maybe": want true or false`},
		{"missing value", []string{"--addr"}, nil, "--addr needs a value"},
		{"latency once named", []string{"--latency", "soon"}, nil, `--latency "soon": want a duration such as 150ms`},
		{"negative max body", []string{"--max-body", "-5"}, nil, "--max-body: must not be negative, got -5"},
		{"negative max header bytes", []string{"--max-header-bytes", "-1"}, nil, "--max-header-bytes: must not be negative"},
		{"zero max header bytes", []string{"--max-header-bytes", "0"}, nil, "--max-header-bytes: must be more than 0"},
		{"negative max depth", []string{"--max-depth", "-1"}, nil, "--max-depth: must not be negative"},
		{"negative timeout", []string{"--write-timeout", "-1s"}, nil, "--write-timeout: must not be negative, got -1s"},
		{"zero idle timeout", []string{"--idle-timeout", "0s"}, nil, "--idle-timeout: must be more than 0"},
		{"negative shutdown timeout", []string{"--shutdown-timeout", "-1s"}, nil, "--shutdown-timeout: must not be negative"},
		{"negative proxy timeout", []string{"--proxy-timeout", "-1s"}, nil, "--proxy-timeout: must not be negative"},
		{"negative watch interval", []string{"--watch-interval", "-1s"}, nil, "--watch-interval: must not be negative"},
		{"negative journal size", []string{"--journal-size", "-1"}, nil, "--journal-size: must not be negative"},
		{"zero journal size", []string{"--journal-size", "0"}, nil, "--journal-size: must be more than 0"},
		{"zero shutdown timeout stops at once", []string{"--shutdown-timeout", "0s"}, func(t *testing.T, c config) {
			if c.ShutdownTimeout != 0 {
				t.Errorf("shutdown timeout %s", c.ShutdownTimeout)
			}
		}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := parseFlags(tc.args, nil)
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
