package plugin

import (
	"time"

	"github.com/mockserver-go/mockserver/internal/store"
)

// Clone returns a deep copy of a JSON-shaped value.
func Clone(v any) any { return store.Clone(v) }

// CloneObject is Clone for a JSON object. A nil map stays nil.
func CloneObject(m map[string]any) map[string]any { return store.CloneObject(m) }

// Equal reports whether two JSON-shaped values are equal. Versions of a
// stored object share the values that did not change, so the very same
// value is recognised first, at every depth, without a walk.
func Equal(a, b any) bool {
	if store.Same(a, b) {
		return true
	}
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !Equal(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case nil, bool, float64, string, int, int64:
		return a == b
	}
	return false // other types: assume changed
}

// FormatTime renders a timestamp the way the engine writes the ones it
// fills (created_at, updated_at): UTC, "Z", microseconds only when not
// zero, as Django REST Framework does.
func FormatTime(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond()/1000 == 0 {
		return t.Format("2006-01-02T15:04:05Z")
	}
	return t.Format("2006-01-02T15:04:05.000000Z")
}
