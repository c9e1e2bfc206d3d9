package resource

import "github.com/mockserver-go/mockserver/internal/store"

// ChangedKeys lists the keys whose values differ between two versions of an
// object (by store.Same: a key listed may hold an equal value), including keys
// present in only one of them. Unsorted.
func ChangedKeys(old, cur map[string]any) []string {
	out := make([]string, 0, 4)
	for k, v := range cur {
		if w, ok := old[k]; !ok || !store.Same(w, v) {
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
