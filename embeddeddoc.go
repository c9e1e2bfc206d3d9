package mockserver

import (
	"sync"

	"github.com/mockserver-go/mockserver/internal/posthog"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// embeddedLocation names the embedded contract in errors and warnings.
const embeddedLocation = "openapi.yaml (embedded)"

// embeddedDoc is the embedded contract, loaded once per process and then
// shared, read-only, by every server that serves it without overlays.
// Loading PostHog's whole API costs about half a second; a Go test suite
// that starts one isolated server per test pays it once instead of per
// test. A loaded spec.Doc is never changed after Load (the servers' state,
// caches and warnings live elsewhere; the race detector checks it in
// every parallel test of this package), so sharing it shares no state:
// this is a computed constant, not mutable package state.
var embeddedDoc = sync.OnceValues(func() (*spec.Doc, error) {
	behaviours, hooks := posthog.Register()
	// The embedded contract is validated by its tests (contract_test.go).
	return spec.Load(embeddedLoadable, spec.LoadOptions{Location: embeddedLocation,
		Behaviours: names(behaviours), Hooks: names(hooks), SkipValidation: true})
})
