package engine

import "reflect"

// same reports whether two JSON-shaped values are the very same value: equal
// scalars, or the same map or the same slice (same backing array and
// length). Stored values are never modified in place (see Hooks.Update), so
// the same value renders, conforms and checks the same way again. false
// says nothing: the values may still be equal.
func same(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		return ok && reflect.ValueOf(x).UnsafePointer() == reflect.ValueOf(y).UnsafePointer()
	case []any:
		y, ok := b.([]any)
		return ok && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
	case []string:
		y, ok := b.([]string)
		return ok && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
	case nil, bool, float64, string, int, int64:
		return a == b
	}
	return false
}

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
