package mockserver

import _ "embed"

//go:generate go run ./internal/contractgen

//go:embed openapi.yaml
var embeddedContract []byte

// embeddedLoadable is the same document in the layout that loads fast
// (contract/openapi.loadable.yaml, generated with openapi.yaml): the one
// the server serves, and loads when overlays change it.
//
//go:embed contract/openapi.loadable.yaml
var embeddedLoadable []byte

// embeddedSnapshot is embeddedLoadable as kin-openapi loads it
// (contract/openapi.snapshot, spec.Snapshot's encoding, generated with it):
// the one the server starts from. A string, so that the document's strings
// are slices of the binary's read-only data, not copies on the heap.
//
//go:embed contract/openapi.snapshot
var embeddedSnapshot string

// Contract returns a copy of the embedded OpenAPI document: PostHog's hog
// functions and insights API, corrected where the real server differs.
func Contract() []byte { return append([]byte(nil), embeddedContract...) }
