package engine

import "github.com/mockserver-go/mockserver/internal/store"

// same is store.Same: the very same JSON-shaped value (equal scalars, the
// same map or slice).
func same(a, b any) bool { return store.Same(a, b) }

// changedKeys lists the keys whose values differ between two versions of an
// object (by same: a key listed may hold an equal value), including keys
// present in only one of them. Unsorted.
func changedKeys(old, cur map[string]any) []string {
	out := make([]string, 0, 4)
	for k, v := range cur {
		if w, ok := old[k]; !ok || !same(w, v) {
			out = append(out, k)
		}
	}
	if len(old) > len(cur)-len(out) { // some old key is gone
		for k := range old {
			if _, ok := cur[k]; !ok {
				out = append(out, k)
			}
		}
	}
	return out
}

// EqualJSON reports whether two JSON-shaped values are equal (a hook may
// keep a stored value rather than an equal new one: see Hooks.ViewDelta).
func EqualJSON(a, b any) bool { return same(a, b) || jsonEqual(a, b) }
