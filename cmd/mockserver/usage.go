package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// flagGroup is a heading of --help and the flags under it.
type flagGroup struct {
	title string
	flags []string
}

// flagGroups orders --help. Every flag is in exactly one group
// (TestHelpGroupsEveryFlag).
func flagGroups() []flagGroup {
	return []flagGroup{
		{"Serving", []string{"addr", "spec", "overlay", "watch", "watch-interval", "latency", "cors", "cors-credentials", "allow-external-refs",
			"quiet", "log-format", "warnings", "version"}},
		{"Data and state", []string{"seed", "empty", "fixtures", "state", "store", "store-prefix", "scope", "projects", "tokens", "rate-limit"}},
		{"Contract testing", []string{"errors", "report", "junit", "fail-on-violation", "coverage-min"}},
		{"Proxy", []string{"proxy", "proxy-timeout", "record"}},
		{"Limits", []string{"max-body", "max-depth", "max-header-bytes", "read-header-timeout", "read-timeout",
			"write-timeout", "idle-timeout", "shutdown-timeout", "journal-size", "gc-headroom"}},
		{"Admin (/__mock/)", []string{"admin-token", "no-admin"}},
	}
}

const usageHead = `Usage: mockserver [flags] [SPEC]

Serves an OpenAPI 3.0/3.1 document as a validating, stateful mock server.
SPEC (or --spec) is the document's file, YAML or JSON; name=file mounts it
under /name (several documents on one server). Without one it serves the
embedded PostHog hog-functions and insights contract.
`

const usageTail = `Environment:
  Every flag but --version can also be set as MOCKSERVER_ and its name in
  upper case, '-' as '_': MOCKSERVER_SPEC=openapi.yaml, MOCKSERVER_ADDR=:4010,
  MOCKSERVER_MAX_BODY=1048576. A flag on the command line wins; an empty
  variable counts as unset.

Examples:
  mockserver openapi.yaml
      serve your document on http://127.0.0.1:4010, data generated from it
  mockserver --seed 7 --state state.json --addr 0.0.0.0:4010 openapi.yaml
      other data, kept across restarts, reachable from other machines
  mockserver --report report.json --fail-on-violation --coverage-min 80 openapi.yaml
      a CI gate: on stop, write the contract report and exit 1 on any
      violation or below 80% of the operations exercised
`

// usage writes --help: the flags by group, the environment and examples.
func usage(w io.Writer) {
	fs, _ := newFlags(&config{})
	fmt.Fprint(w, usageHead)
	for _, g := range flagGroups() {
		fmt.Fprintf(w, "\n%s:\n", g.title)
		for _, name := range g.flags {
			if f := fs.Lookup(name); f != nil {
				writeFlag(w, f)
			}
		}
	}
	var other []*flag.Flag
	grouped := groupOf()
	fs.VisitAll(func(f *flag.Flag) {
		if grouped[f.Name] == "" {
			other = append(other, f)
		}
	})
	if len(other) > 0 {
		fmt.Fprint(w, "\nOther:\n")
		for _, f := range other {
			writeFlag(w, f)
		}
	}
	fmt.Fprint(w, "\n", usageTail)
}

// groupOf maps each grouped flag to its group's title.
func groupOf() map[string]string {
	m := map[string]string{}
	for _, g := range flagGroups() {
		for _, f := range g.flags {
			m[f] = g.title
		}
	}
	return m
}

// writeFlag writes one flag as the flag package's PrintDefaults does, with
// two dashes.
func writeFlag(w io.Writer, f *flag.Flag) {
	name, text := flag.UnquoteUsage(f)
	fmt.Fprintf(w, "  --%s", f.Name)
	if name != "" {
		fmt.Fprintf(w, " %s", name)
	}
	fmt.Fprintf(w, "\n        %s", strings.ReplaceAll(text, "\n", "\n        "))
	switch f.DefValue {
	case "", "0", "false", "0s":
	default:
		fmt.Fprintf(w, " (default %s)", f.DefValue)
	}
	fmt.Fprintln(w)
}
