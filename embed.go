package mockserver

import _ "embed"

//go:generate go run ./internal/contractgen

//go:embed openapi.yaml
var embeddedContract []byte

// Contract returns a copy of the embedded OpenAPI document: PostHog's hog
// functions and insights API, corrected where the real server differs.
func Contract() []byte { return append([]byte(nil), embeddedContract...) }
