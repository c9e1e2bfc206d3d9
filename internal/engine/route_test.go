package engine

import (
	"net/http"
	"strings"
	"testing"
)

// The Allow header kept per route is the one its methods make, for every
// path of the contract, HEAD's fallback to GET included.
func TestAllowForEveryRoute(t *testing.T) {
	e := benchEngine(t)
	for _, op := range e.Doc().Operations {
		path := strings.NewReplacer("{", "x", "}", "").Replace(op.Path)
		for _, method := range []string{op.Method, http.MethodHead, http.MethodOptions} {
			r, _ := http.NewRequest(method, path, nil)
			m, ok := e.match(r)
			if !ok {
				continue
			}
			for range 2 {
				if got, want := e.allowFor(m), allowHeader(m.Allowed); got != want {
					t.Fatalf("%s %s: Allow %q, want %q", method, path, got, want)
				}
			}
		}
	}
}
