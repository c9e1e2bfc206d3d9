package journal

import "strings"

// opKey is the key of an entry's operation in the counters: its id, or
// "mount:id" for a mounted document (mount names have no ':').
func opKey(e Entry) string {
	if e.Mount == "" || e.OperationID == "" {
		return e.OperationID
	}
	return e.Mount + ":" + e.OperationID
}

// CoverageOf is Coverage restricted to one mounted document, keyed by its
// own operation ids. For "" (a journal no documents share) it is Coverage.
// Totals (requests, undocumented, violations) stay the journal's.
func (j *Journal) CoverageOf(mount string) Coverage {
	c := j.Coverage()
	if mount == "" {
		return c
	}
	c.Calls = onlyMount(c.Calls, mount)
	c.Statuses = onlyMount(c.Statuses, mount)
	c.Params = onlyMount(c.Params, mount)
	return c
}

// ViolationsOf is ViolationsByOperation restricted to one mounted
// document, keyed by its own operation ids; requests that matched no
// operation are left out (they belong to no document). For "" it is
// ViolationsByOperation.
func (j *Journal) ViolationsOf(mount string) map[string]OpViolations {
	v := j.ViolationsByOperation()
	if mount == "" {
		return v
	}
	return onlyMount(v, mount)
}

func onlyMount[V any](m map[string]V, mount string) map[string]V {
	out := make(map[string]V, len(m))
	for k, v := range m {
		if id, ok := strings.CutPrefix(k, mount+":"); ok {
			out[id] = v
		}
	}
	return out
}
