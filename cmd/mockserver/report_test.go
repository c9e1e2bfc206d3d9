package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

const petsSpec = "../../testdata/ci/pets.yaml"

var listenLine = regexp.MustCompile(`on (http://127\.0\.0\.1:\d+)`)

// start runs the command in the background and returns its base URL, a
// function stopping it as SIGTERM does, and where its error will arrive.
func start(t *testing.T, args ...string) (string, context.CancelFunc, <-chan error, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	args = append([]string{"--addr", "127.0.0.1:0", "--spec", petsSpec}, args...)
	go func() { done <- run(ctx, args, &stdout, &stderr) }()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := listenLine.FindStringSubmatch(stdout.String()); m != nil {
			return m[1], cancel, done, &stderr
		}
		select {
		case err := <-done:
			t.Fatalf("run returned early: %v\n%s", err, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("server did not start: %s", stdout.String())
	return "", nil, nil, nil
}

func get(t *testing.T, url string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
}

func wait(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(15 * time.Second):
		t.Fatal("run did not return after stop")
		return nil
	}
}

func TestRunWritesReportsOnStopAndFailsOnViolation(t *testing.T) {
	dir := t.TempDir()
	jsonPath, junitPath := filepath.Join(dir, "out", "report.json"), filepath.Join(dir, "junit.xml")
	base, stop, done, stderr := start(t, "--report", jsonPath, "--junit", junitPath, "--fail-on-violation")
	get(t, base+"/pets/?limit=abc")
	get(t, base+"/pets/1/")
	if _, err := os.Stat(jsonPath); err == nil {
		t.Fatal("report written before stop")
	}
	stop()
	err := wait(t, done)
	var ge *gateError
	if !errors.As(err, &ge) || !strings.Contains(err.Error(), "1 contract violation(s)") {
		t.Fatalf("run = %v, want the fail-on-violation error", err)
	}
	if exitCode(err) == 0 {
		t.Error("exit code 0 for a failed contract check")
	}
	if !strings.Contains(stderr.String(), "contract report: 2 requests, 1 violations") {
		t.Errorf("no summary on stderr: %s", stderr.String())
	}
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		ViolationCount int `json:"violation_count"`
		Violations     []struct {
			Operation, Field, Code string
		} `json:"violations"`
	}
	if err := json.Unmarshal(data, &rep); err != nil || rep.ViolationCount != 1 || rep.Violations[0].Operation != "pets_list" || rep.Violations[0].Field != "limit" {
		t.Errorf("report.json = %s (%v)", data, err)
	}
	data, err = os.ReadFile(junitPath)
	if err != nil {
		t.Fatal(err)
	}
	var x struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
	}
	if err := xml.Unmarshal(data, &x); err != nil || x.Tests != 4 || x.Failures != 1 {
		t.Errorf("junit.xml: tests=%d failures=%d (%v)", x.Tests, x.Failures, err)
	}
}

func TestRunStopEndpointAndCoverageGate(t *testing.T) {
	base, _, done, _ := start(t, "--coverage-min", "operations=50,params=100")
	get(t, base+"/pets/")
	get(t, base+"/pets/1/")
	resp, err := http.Post(base+"/__mock/stop", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Errorf("POST /__mock/stop = %d", resp.StatusCode)
	}
	err = wait(t, done)
	if err == nil || !strings.Contains(err.Error(), "params coverage 0.0% (0 of 3) is below 100.0%") || strings.Contains(err.Error(), "operations coverage") {
		t.Fatalf("run = %v, want only the params gate to fail", err)
	}
}

func TestRunPassesWithoutViolations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.json")
	base, stop, done, _ := start(t, "--report", path, "--fail-on-violation", "--coverage-min", "25")
	get(t, base+"/pets/")
	stop()
	if err := wait(t, done); err != nil {
		t.Fatalf("run = %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("report not written: %v", err)
	}
}

func TestReportFlags(t *testing.T) {
	cfg, err := parseFlags([]string{"--proxy", "https://us.posthog.com", "--record", "rec", "--proxy-timeout", "5s", "--coverage-min", "statuses=40", "--junit", "j.xml"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Opts.Proxy != "https://us.posthog.com" || cfg.Opts.RecordDir != "rec" || cfg.Opts.ProxyTimeout != 5*time.Second ||
		cfg.Report.Gates.Min["statuses"] != 40 || cfg.Report.JUnit != "j.xml" {
		t.Errorf("cfg = %+v", cfg)
	}
	for _, args := range [][]string{
		{"--record", "dir"},
		{"--coverage-min", "lots"},
		{"--coverage-min", "lines=5"},
		{"--proxy", "https://x", "--proxy-timeout", "0s"},
	} {
		if _, err := parseFlags(args, nil); err == nil {
			t.Errorf("parseFlags(%q) accepted", args)
		}
	}
}

// A state that cannot be saved at shutdown (its directory went away during
// the run) must not cost the CI run its reports and its verdict: both
// failures are reported, and the exit is non-zero.
func TestRunWritesReportsWhenSavingTheStateFails(t *testing.T) {
	dir := t.TempDir()
	stateDir := filepath.Join(dir, "state")
	if err := os.Mkdir(stateDir, 0o755); err != nil {
		t.Fatal(err)
	}
	jsonPath, junitPath := filepath.Join(dir, "report.json"), filepath.Join(dir, "junit.xml")
	base, stop, done, stderr := start(t, "--state", filepath.Join(stateDir, "state.json"),
		"--report", jsonPath, "--junit", junitPath, "--fail-on-violation")
	get(t, base+"/pets/?limit=abc")
	if err := os.RemoveAll(stateDir); err != nil {
		t.Fatal(err)
	}
	stop()
	err := wait(t, done)
	var ge *gateError
	if !errors.As(err, &ge) || !strings.Contains(err.Error(), "saving state") {
		t.Fatalf("run = %v, want both the failed save and the gate", err)
	}
	if exitCode(err) == 0 {
		t.Error("exit code 0 after a failed save")
	}
	if !strings.Contains(stderr.String(), "contract report: 1 requests, 1 violations") {
		t.Errorf("no gate line on stderr: %s", stderr.String())
	}
	for _, p := range []string{jsonPath, junitPath} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("report not written: %v", err)
		}
	}
}
