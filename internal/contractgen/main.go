// Command contractgen writes the contract the binary serves (openapi.yaml
// at the module root) from PostHog's own OpenAPI document and the overlay
// that corrects it (contract/posthog.overlay.yaml), the same document in
// the layout the binary serves and overlays because it loads fast
// (contract/openapi.loadable.yaml), and that one as kin-openapi loads it,
// in a form the binary starts from without parsing YAML
// (contract/openapi.snapshot). Run it with go generate from the module
// root; generate_test.go fails when a committed file is not what it would
// write.
//
// With -bootstrap FILE it writes instead the overlay that turns PostHog's
// document into FILE (see bootstrap.go): how the overlay was first made
// from the hand-corrected contract.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	base := flag.String("base", "testdata/posthog-openapi.yaml", "PostHog's OpenAPI document")
	ov := flag.String("overlay", "contract/posthog.overlay.yaml", "the overlay that corrects it")
	out := flag.String("out", "openapi.yaml", "where the contract is written")
	loadable := flag.String("loadable", "contract/openapi.loadable.yaml", "where the contract's loadable form (the one the binary serves) is written")
	snapshot := flag.String("snapshot", "contract/openapi.snapshot", "where the loadable form as loaded (the one the binary starts from) is written")
	bootstrap := flag.String("bootstrap", "", "write to -overlay the overlay that turns -base into this `file`, instead of generating")
	flag.Parse()
	if err := run(*base, *ov, *out, *loadable, *snapshot, *bootstrap); err != nil {
		fmt.Fprintln(os.Stderr, "contractgen:", err)
		os.Exit(1)
	}
}

func run(base, ov, out, loadable, snapshot, bootstrap string) error {
	b, err := os.ReadFile(base)
	if err != nil {
		return err
	}
	if bootstrap != "" {
		want, err := os.ReadFile(bootstrap)
		if err != nil {
			return err
		}
		data, err := Bootstrap(b, want)
		if err != nil {
			return err
		}
		return os.WriteFile(ov, data, 0o644)
	}
	o, err := os.ReadFile(ov)
	if err != nil {
		return err
	}
	data, warnings, err := Generate(b, o, ov)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		fmt.Fprintln(os.Stderr, "contractgen: warning:", w)
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return err
	}
	fast, err := GenerateLoadable(b, o, ov)
	if err != nil {
		return err
	}
	if err := os.WriteFile(loadable, fast, 0o644); err != nil {
		return err
	}
	snap, err := GenerateSnapshot(fast)
	if err != nil {
		return err
	}
	return os.WriteFile(snapshot, snap, 0o644)
}
