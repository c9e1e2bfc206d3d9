package engine

import "sort"

// Faults lists the faults still scheduled: by operation id, then in the
// order they apply.
func (e *Engine) Faults() []ScheduledFault {
	e.faults.mu.Lock()
	defer e.faults.mu.Unlock()
	ids := make([]string, 0, len(e.faults.m))
	for id, q := range e.faults.m {
		if len(q) > 0 {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	var out []ScheduledFault
	for _, id := range ids {
		for _, f := range e.faults.m[id] {
			out = append(out, ScheduledFault{Operation: id, Fault: *f})
		}
	}
	return out
}

// ClearFaults drops the faults scheduled for an operation, or every
// scheduled fault when opID is empty, and returns how many it dropped.
func (e *Engine) ClearFaults(opID string) int {
	e.faults.mu.Lock()
	defer e.faults.mu.Unlock()
	n := 0
	for id, q := range e.faults.m {
		if opID == "" || id == opID {
			n += len(q)
			delete(e.faults.m, id)
		}
	}
	return n
}
