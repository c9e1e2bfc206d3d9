package mockserver

import (
	"errors"
	"sync"

	"github.com/mockserver-go/mockserver/internal/posthog"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// embeddedLocation names the embedded contract in errors and warnings.
const embeddedLocation = "openapi.yaml (embedded)"

// embeddedDoc is the embedded contract, loaded once per process and then
// shared, read-only, by every server that serves it without overlays.
// Loading PostHog's whole API costs tens of milliseconds; a Go test suite
// that starts one isolated server per test pays it once instead of per
// test. A loaded spec.Doc is never changed after Load (the servers' state,
// caches and warnings live elsewhere; the race detector checks it in
// every parallel test of this package), so sharing it shares no state:
// this is a computed constant, not mutable package state.
var embeddedDoc = sync.OnceValues(loadEmbedded)

// loadEmbedded loads the embedded contract from its snapshot, which reads
// in a tenth of the time of its YAML; from the YAML when the snapshot is
// not the YAML's (TestSnapshotUpToDate fails then) or was written for
// other kin-openapi types (a program that builds this module with another
// kin-openapi version than go.mod's).
func loadEmbedded() (*spec.Doc, error) {
	behaviours, hooks := posthog.Register()
	// The embedded contract is validated by its tests (contract_test.go).
	opts := spec.LoadOptions{Location: embeddedLocation,
		Behaviours: names(behaviours), Hooks: names(hooks), SkipValidation: true}
	doc, err := spec.LoadSnapshot(embeddedSnapshot, embeddedLoadable, opts)
	if errors.Is(err, spec.ErrSnapshotStale) {
		return spec.Load(embeddedLoadable, opts)
	}
	return doc, err
}
