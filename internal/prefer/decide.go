package prefer

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/spec"
)

// Decision is what a request's code and example preferences ask of an
// operation.
type Decision struct {
	// Status is the declared response to answer with (it may resolve to
	// "default"); "" when the normal dispatch answers: the request asked
	// for neither a status nor an example, or for the status the operation
	// answers anyway and no example.
	Status string
	// Code is the status code to answer with, when the request asked for
	// one.
	Code string
	// NotFound, when not "", says what the request asked for that the
	// operation does not declare: Prism answers NOT_FOUND.
	NotFound string
}

// Decide decides what p asks of op. media is the media type a response
// would be rendered in for a status (nil when none), whose examples a
// named example must be among.
func Decide(op *spec.Operation, p Prefs, media func(status string) *openapi3.MediaType) Decision {
	if p.Code == "" && p.Example == "" {
		return Decision{}
	}
	status := op.Success
	if p.Code != "" {
		if _, key := op.Response(p.Code); key == "" {
			return Decision{NotFound: fmt.Sprintf("Requested status code %s is not defined in the document for %s %s, and it has no default response. Declared: %s.",
				p.Code, op.Method, op.Path, strings.Join(op.Statuses, ", "))}
		}
		if p.Code == op.Success && p.Example == "" {
			return Decision{}
		}
		status = p.Code
	}
	if p.Example != "" {
		var names []string
		if m := media(status); m != nil {
			names = exampleNames(m)
		}
		found := false
		for _, n := range names {
			found = found || n == p.Example
		}
		if !found {
			decl := "none"
			if len(names) > 0 {
				decl = strings.Join(names, ", ")
			}
			return Decision{NotFound: fmt.Sprintf("Response for status %s of %s %s has no example named %q. Declared examples: %s.",
				status, op.Method, op.Path, p.Example, decl)}
		}
	}
	return Decision{Status: status, Code: p.Code}
}

// exampleNames lists the named examples of a media type, sorted.
func exampleNames(media *openapi3.MediaType) []string {
	names := make([]string, 0, len(media.Examples))
	for n, ex := range media.Examples {
		if ex != nil && ex.Value != nil {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// Delay is the delay p asks for (Prefer: delay), drawn from its range with
// seed and key (the same inputs give the same delay); ok is false when p
// asks for none.
func Delay(p Prefs, seed uint64, key string) (d time.Duration, ok bool) {
	if p.Delay == "" {
		return 0, false
	}
	lo, hi, err := ParseDelay(p.Delay)
	if err != nil {
		return 0, false // Parse refused it already
	}
	return PickDelay(seed, key, lo, hi), true
}
