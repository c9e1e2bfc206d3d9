package coverage

import (
	"maps"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/report"
)

// tally counts, per operation of doc, the calls, statuses and parameters
// the journal saw, and the coverage ratios they make.
func tally(doc *spec.Doc, c journal.Coverage) ([]report.Operation, report.Coverage) {
	var cov report.Coverage
	ops := make([]report.Operation, 0, len(doc.Operations))
	for _, op := range doc.Operations {
		o := report.Operation{ID: op.ID, Method: op.Method, Template: op.Path, Calls: c.Calls[op.ID]}
		add(&cov.Operations, o.Calls > 0, op.ID)
		if st := c.Statuses[op.ID]; len(st) > 0 {
			o.Statuses = copyCounts(st)
		}
		for _, key := range op.Statuses {
			if key == "default" {
				continue
			}
			hit := statusHit(key, o.Statuses)
			add(&cov.Statuses, hit, op.ID+" "+key)
			if !hit {
				o.StatusesNever = append(o.StatusesNever, key)
			}
		}
		for _, s := range slices.Sorted(maps.Keys(o.Statuses)) {
			if !declared(op, s) {
				o.Undeclared = append(o.Undeclared, s)
			}
		}
		if pm := c.Params[op.ID]; len(pm) > 0 {
			o.Params = map[string]int{}
			for k, n := range pm {
				if !strings.HasPrefix(k, "path:") {
					o.Params[k] = n
				}
			}
		}
		for _, p := range op.Params {
			if p.In != "query" && p.In != "header" {
				continue
			}
			name := p.In + ":" + p.Name
			hit := o.Params[name] > 0
			add(&cov.Params, hit, op.ID+" "+name)
			if !hit {
				o.ParamsNever = append(o.ParamsNever, name)
			}
		}
		ops = append(ops, o)
	}
	finish(&cov.Operations)
	finish(&cov.Statuses)
	finish(&cov.Params)
	sort.Strings(cov.Operations.Never)
	return ops, cov
}

// statusHit reports whether a declared key ("404" or "4XX") was answered.
func statusHit(key string, seen map[string]int) bool {
	if seen[key] > 0 {
		return true
	}
	if len(key) == 3 && (key[1] == 'X' || key[1] == 'x') {
		for s, n := range seen {
			if n > 0 && len(s) == 3 && s[0] == key[0] {
				return true
			}
		}
	}
	return false
}

// declared reports whether the status has its own or a range declaration
// (not only "default": answering through default is still declared).
func declared(op *spec.Operation, status string) bool {
	if len(status) != 3 {
		return false
	}
	r, _ := op.Response(status)
	return r != nil
}

func copyCounts(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func add(r *report.Ratio, covered bool, name string) {
	r.Total++
	if covered {
		r.Covered++
	} else {
		r.Never = append(r.Never, name)
	}
}

func finish(r *report.Ratio) {
	if r.Never == nil {
		r.Never = []string{}
	}
	if r.Total == 0 {
		r.Percent = 100
		return
	}
	r.Percent = math.Round(float64(r.Covered)*1000/float64(r.Total)) / 10
}
