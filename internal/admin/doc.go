// Package admin serves the mock's own endpoints under /__mock/: reset, the
// current state, the request journal, violations, coverage and fault
// injection. A prefix no contract path may use keeps them apart from the
// mocked API.
package admin
