package main

import (
	"context"
	"flag"
	"io"
	"strings"
	"testing"
)

func TestHelpGoesToStdoutGrouped(t *testing.T) {
	t.Parallel()
	var stdout, stderr strings.Builder
	err := run(context.Background(), []string{"--help"}, &stdout, &stderr)
	if exitCode(err) != 0 {
		t.Errorf("--help: %v, exit %d, want 0", err, exitCode(err))
	}
	if stderr.Len() != 0 {
		t.Errorf("--help wrote to stderr: %q", stderr.String())
	}
	out := stdout.String()
	if !strings.HasPrefix(out, "Usage: mockserver [flags] [SPEC]\n") {
		t.Errorf("usage line: %q", out[:min(len(out), 80)])
	}
	at := -1
	for _, want := range []string{"\nServing:\n", "\nData and state:\n", "\nContract testing:\n", "\nProxy:\n", "\nLimits:\n",
		"\nAdmin (/__mock/):\n", "\nEnvironment:\n", "MOCKSERVER_SPEC=openapi.yaml", "\nExamples:\n"} {
		i := strings.Index(out, want)
		if i < at {
			t.Errorf("--help lacks %q after the previous part", want)
		}
		at = i
	}
	if n := strings.Count(out, "\n  mockserver "); n != 3 {
		t.Errorf("%d examples, want 3", n)
	}
	if strings.Contains(out, "\nOther:\n") {
		t.Errorf("a flag is in no group:\n%s", out[strings.Index(out, "\nOther:\n"):])
	}
	for _, want := range []string{"  --addr host:port\n", "(default 127.0.0.1:4010)", "  --spec file\n", "  --seed uint\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}

func TestHelpGroupsEveryFlag(t *testing.T) {
	t.Parallel()
	fs, _ := newFlags(&config{})
	groups := map[string]int{}
	for _, g := range flagGroups() {
		for _, name := range g.flags {
			groups[name]++
			if fs.Lookup(name) == nil {
				t.Errorf("group %s names --%s, which is no flag", g.title, name)
			}
		}
	}
	fs.VisitAll(func(f *flag.Flag) {
		if groups[f.Name] != 1 {
			t.Errorf("--%s is in %d groups of --help, want 1 (flagGroups)", f.Name, groups[f.Name])
		}
	})
}

func TestCommandLineErrorsAreOneLineAndExit2(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--sepc", "x.yaml"}, {"--seed", "x"}, {"--max-body", "-1"}, {"--journal-size", "0"}} {
		var stdout, stderr strings.Builder
		err := run(context.Background(), args, &stdout, &stderr)
		if exitCode(err) != 2 {
			t.Errorf("%q: exit %d (%v), want 2", args, exitCode(err), err)
		}
		if stdout.Len()+stderr.Len() != 0 {
			t.Errorf("%q printed the usage: %q %q", args, stdout.String(), stderr.String())
		}
		if line := errorLine(err); strings.Contains(line, "\n") || strings.Count(line, "mockserver:") != 1 {
			t.Errorf("%q: %q, want one line with one prefix", args, line)
		}
	}
	err := run(context.Background(), []string{"--sepc", "x.yaml"}, io.Discard, io.Discard)
	if err == nil || errorLine(err) != "mockserver: unknown flag --sepc: did you mean --spec? (mockserver --help lists them all)" {
		t.Errorf("unknown flag: %v", err)
	}
}
