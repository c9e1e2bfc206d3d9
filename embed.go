package mockserver

import _ "embed"

//go:generate go run ./internal/contractgen

//go:embed openapi.yaml
var embeddedContract []byte

// embeddedLoadable is the same document in the layout that loads fast
// (contract/openapi.loadable.yaml, generated with openapi.yaml): the one
// the server loads.
//
//go:embed contract/openapi.loadable.yaml
var embeddedLoadable []byte

// Contract returns a copy of the embedded OpenAPI document: PostHog's hog
// functions and insights API, corrected where the real server differs.
func Contract() []byte { return append([]byte(nil), embeddedContract...) }
