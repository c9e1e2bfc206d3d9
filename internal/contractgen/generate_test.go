package main

import (
	"bytes"
	"os"
	"reflect"
	"strconv"
	"testing"

	"go.yaml.in/yaml/v4"
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

// TestLoadableUpToDate fails when the loadable form the binary embeds is
// not what go generate writes.
func TestLoadableUpToDate(t *testing.T) {
	t.Parallel()
	base := read(t, "../../testdata/posthog-openapi.yaml")
	ov := read(t, "../../contract/posthog.overlay.yaml")
	got, err := GenerateLoadable(base, ov, "contract/posthog.overlay.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if want := read(t, "../../contract/openapi.loadable.yaml"); !bytes.Equal(got, want) {
		t.Error("contract/openapi.loadable.yaml is out of date with contract/posthog.overlay.yaml and PostHog's document: run go generate in the module root")
	}
}

// TestLoadableIsTheContract checks that the committed loadable form and
// openapi.yaml hold the same document, in the same key order: what the
// binary serves is what users read.
func TestLoadableIsTheContract(t *testing.T) {
	t.Parallel()
	var contract, loadable yaml.Node
	if err := yaml.Unmarshal(read(t, "../../openapi.yaml"), &contract); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(read(t, "../../contract/openapi.loadable.yaml"), &loadable); err != nil {
		t.Fatal(err)
	}
	if at := firstDifference(&contract, &loadable, "$"); at != "" {
		t.Errorf("contract/openapi.loadable.yaml differs from openapi.yaml at %s: run go generate in the module root", at)
	}
}

// firstDifference is where two YAML trees first differ in kind, key,
// length or scalar value ("" when they do not).
func firstDifference(a, b *yaml.Node, at string) string {
	if a.Kind == yaml.DocumentNode && b.Kind == yaml.DocumentNode {
		return firstDifference(a.Content[0], b.Content[0], at)
	}
	if a.Kind != b.Kind || len(a.Content) != len(b.Content) {
		return at
	}
	if a.Kind == yaml.ScalarNode {
		var va, vb any
		if a.Decode(&va) != nil || b.Decode(&vb) != nil || !reflect.DeepEqual(number(va), number(vb)) {
			return at
		}
		return ""
	}
	for i := range a.Content {
		where := at + "[" + strconv.Itoa(i) + "]"
		if a.Kind == yaml.MappingNode && i%2 == 1 {
			where = at + "." + a.Content[i-1].Value
		}
		if d := firstDifference(a.Content[i], b.Content[i], where); d != "" {
			return d
		}
	}
	return ""
}

// number makes YAML's int and float one kind: the loadable form writes
// JSON numbers (1), PostHog's document may spell the same number 1.0, and
// both load as the same float64.
func number(v any) any {
	switch n := v.(type) {
	case int:
		return float64(n)
	case uint64:
		return float64(n)
	case int64:
		return float64(n)
	}
	return v
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

// TestSnapshotUpToDate fails when the snapshot the binary starts from is
// not what go generate writes from the committed loadable form (after an
// overlay change, or an upgrade of kin-openapi, whose types it follows).
func TestSnapshotUpToDate(t *testing.T) {
	t.Parallel()
	got, err := GenerateSnapshot(read(t, "../../contract/openapi.loadable.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if want := read(t, "../../contract/openapi.snapshot"); !bytes.Equal(got, want) {
		t.Error("contract/openapi.snapshot is out of date with contract/openapi.loadable.yaml: run go generate in the module root")
	}
}
