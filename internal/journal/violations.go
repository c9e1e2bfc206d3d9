package journal

import (
	"sort"

	"github.com/mockserver-go/mockserver/internal/problem"
)

// MaxViolationGroups bounds the distinct violations kept per operation;
// beyond it violations are only counted (Dropped).
const MaxViolationGroups = 200

// Undocumented is the key under which violations of requests that matched
// no operation are grouped.
const Undocumented = ""

// ViolationGroup is one distinct violation of an operation (same in, field,
// code and tolerance), with how often it happened and the first request
// that showed it. Groups are kept for the life of the journal (until Reset),
// independently of the bounded entry ring.
type ViolationGroup struct {
	problem.Violation
	Count int `json:"count"`
	// First is the first request that showed the violation.
	First RequestRef `json:"first_request"`
}

// RequestRef identifies a request in a report.
type RequestRef struct {
	ID     uint64 `json:"id"`
	Method string `json:"method"`
	Path   string `json:"path"`
	Query  string `json:"query,omitempty"`
	Status int    `json:"status"`
}

// OpViolations are the violations recorded for one operation.
type OpViolations struct {
	// Total counts every violation, kept or not.
	Total int `json:"total"`
	// Dropped counts violations whose group was not kept (over the cap).
	Dropped int              `json:"dropped,omitempty"`
	Groups  []ViolationGroup `json:"groups"`
}

type opViolations struct {
	total, dropped int
	groups         []ViolationGroup
	index          map[string]int
}

func groupKey(v problem.Violation) string {
	t := "0"
	if v.Tolerated {
		t = "1"
	}
	return v.In + "\x00" + v.Field + "\x00" + v.Code + "\x00" + t
}

// addViolationsLocked groups an entry's violations; j.mu is held.
func (j *Journal) addViolationsLocked(e Entry) {
	if len(e.Violations) == 0 {
		return
	}
	op := opKey(e)
	ov := j.viol[op]
	if ov == nil {
		ov = &opViolations{index: map[string]int{}}
		j.viol[op] = ov
	}
	for _, v := range e.Violations {
		ov.total++
		k := groupKey(v)
		if i, ok := ov.index[k]; ok {
			ov.groups[i].Count++
			continue
		}
		if len(ov.groups) >= j.maxGroups {
			ov.dropped++
			continue
		}
		ov.index[k] = len(ov.groups)
		ov.groups = append(ov.groups, ViolationGroup{Violation: v, Count: 1,
			First: RequestRef{ID: e.ID, Method: e.Method, Path: e.Path, Query: e.Query, Status: e.Status}})
	}
}

// ViolationsByOperation returns a copy of every violation recorded since the
// last reset, grouped by operation id (Undocumented for requests that
// matched no operation). Unlike Entries it is not bounded by the journal
// size: counts are exact, distinct groups capped per operation.
func (j *Journal) ViolationsByOperation() map[string]OpViolations {
	j.mu.RLock()
	defer j.mu.RUnlock()
	out := make(map[string]OpViolations, len(j.viol))
	for op, ov := range j.viol {
		out[op] = OpViolations{Total: ov.total, Dropped: ov.dropped, Groups: append([]ViolationGroup(nil), ov.groups...)}
	}
	return out
}

// SortedOperations returns the keys of m, sorted, Undocumented last.
func SortedOperations(m map[string]OpViolations) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(a, b int) bool {
		if (out[a] == Undocumented) != (out[b] == Undocumented) {
			return out[b] == Undocumented
		}
		return out[a] < out[b]
	})
	return out
}
