package main

import (
	"bytes"
	"os"
	"testing"
)

// TestContractUpToDate fails when openapi.yaml is not what go generate
// writes from PostHog's document and the overlay: edit the overlay and
// run go generate, never openapi.yaml.
func TestContractUpToDate(t *testing.T) {
	t.Parallel()
	base := read(t, "../../testdata/posthog-openapi.yaml")
	ov := read(t, "../../contract/posthog.overlay.yaml")
	got, warnings, err := Generate(base, ov, "contract/posthog.overlay.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warnings {
		t.Errorf("overlay warning: %s", w)
	}
	if want := read(t, "../../openapi.yaml"); !bytes.Equal(got, want) {
		t.Error("openapi.yaml is out of date with contract/posthog.overlay.yaml and PostHog's document: run go generate in the module root. " +
			"If openapi.yaml itself was edited (by hand, or by a merge), carry the edit into the overlay first: go run ./internal/contractgen -bootstrap openapi.yaml")
	}
}

// TestBootstrapReproducesTheContract checks that the overlay Bootstrap
// writes turns PostHog's document into the contract.
func TestBootstrapReproducesTheContract(t *testing.T) {
	t.Parallel()
	base := read(t, "../../testdata/posthog-openapi.yaml")
	want := read(t, "../../openapi.yaml")
	ov, err := Bootstrap(base, want)
	if err != nil {
		t.Fatal(err)
	}
	got, warnings, err := Generate(base, ov, "bootstrapped")
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Errorf("warnings: %q", warnings)
	}
	if !bytes.Equal(got, want) {
		t.Error("the bootstrapped overlay does not reproduce openapi.yaml")
	}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
