package mockserver

import (
	"testing"

	"github.com/mockserver-go/mockserver/internal/spec"
)

// TestEmbeddedSnapshotLoads checks that the server starts from the
// embedded snapshot rather than falling back to parsing the YAML (which
// it does, slowly, for a stale snapshot).
func TestEmbeddedSnapshotLoads(t *testing.T) {
	t.Parallel()
	doc, err := spec.LoadSnapshot(embeddedSnapshot, embeddedLoadable, spec.LoadOptions{Location: embeddedLocation, SkipValidation: true})
	if err != nil {
		t.Fatalf("%v (run go generate in the module root)", err)
	}
	if len(doc.Operations) < 800 {
		t.Errorf("%d operations, want PostHog's whole API", len(doc.Operations))
	}
}
