package main

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
)

func TestScopeShorthandResolves(t *testing.T) {
	t.Parallel()
	sc := scopeConfig{Projects: []string{"1", "2"}, TokenProjects: map[string][]string{"phx_a": {"1"}}}
	opts := mockserver.Options{ScopeValues: map[string][]string{"team_id": {"7"}},
		Tokens: map[string]mockserver.Token{"phx_a": {Scopes: []string{"*"}}, "phx_b": {}}}
	if err := sc.resolve(&opts, []string{"project_id"}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(opts.ScopeValues["project_id"], ",") != "1,2" || len(opts.ScopeValues["team_id"]) != 1 {
		t.Errorf("ScopeValues %v", opts.ScopeValues)
	}
	if got := opts.Tokens["phx_a"].ScopeValues["project_id"]; len(got) != 1 || got[0] != "1" || opts.Tokens["phx_b"].ScopeValues != nil {
		t.Errorf("tokens %+v", opts.Tokens)
	}
	for _, params := range [][]string{nil, {"org_id", "project_id"}} {
		if err := sc.resolve(&mockserver.Options{}, params); err == nil || !strings.Contains(err.Error(), "--scope") {
			t.Errorf("%v: %v", params, err)
		}
	}
}

// --projects names the embedded contract's project_id; on a document
// without a scope parameter it is refused, pointing at --scope.
func TestProjectsFlag(t *testing.T) {
	t.Parallel()
	cfg, err := parseFlags([]string{"--projects", "1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	w, err := build(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]int{"/api/projects/1/insights/": 200, "/api/projects/2/insights/": 404} {
		if code, _ := serve(t, w, "GET", path, ""); code != want {
			t.Errorf("%s: %d, want %d", path, code, want)
		}
	}
	spec := dxWriteSpec(t, t.TempDir(), "ping.yaml", "Ping")
	cfg, err = parseFlags([]string{"--spec", spec, "--projects", "1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := build(context.Background(), cfg, io.Discard); err == nil || !strings.Contains(err.Error(), "no scope parameter") {
		t.Errorf("--projects without a scope parameter: %v", err)
	}
}
