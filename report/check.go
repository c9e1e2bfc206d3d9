package report

import (
	"fmt"
	"strconv"
	"strings"
)

// Gates are the CI conditions a report must meet.
type Gates struct {
	// FailOnViolation fails when any violation was recorded.
	FailOnViolation bool
	// Min are minimum coverage percentages by kind: "operations",
	// "statuses", "params". Absent kinds are not checked.
	Min map[string]float64
}

// CoverageKinds returns the keys of Gates.Min, in report order.
func CoverageKinds() []string { return []string{"operations", "statuses", "params"} }

// ParseMin reads a coverage threshold: "80" (operations) or a list such as
// "operations=80,statuses=50,params=30".
func ParseMin(s string) (map[string]float64, error) {
	out := map[string]float64{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		kind, val, ok := strings.Cut(part, "=")
		if !ok {
			kind, val = "operations", part
		}
		kind = strings.TrimSpace(kind)
		if !validKind(kind) {
			return nil, fmt.Errorf("%q is not a coverage kind (%s)", kind, strings.Join(CoverageKinds(), ", "))
		}
		f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(val), "%"), 64)
		if err != nil || f < 0 || f > 100 {
			return nil, fmt.Errorf("%q is not a percentage between 0 and 100", val)
		}
		out[kind] = f
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty threshold (want 80 or operations=80,statuses=50,params=30)")
	}
	return out, nil
}

func validKind(k string) bool {
	for _, c := range CoverageKinds() {
		if c == k {
			return true
		}
	}
	return false
}

// Failures returns why the report fails the gates (empty: it passes).
func (r *Report) Failures(g Gates) []string {
	var out []string
	if g.FailOnViolation && r.ViolationCount > 0 {
		ops := map[string]bool{}
		for _, v := range r.Violations {
			ops[v.Operation] = true
		}
		out = append(out, fmt.Sprintf("%d contract violation(s) recorded in %d operation(s)", r.ViolationCount, len(ops)))
	}
	for _, kind := range CoverageKinds() {
		min, ok := g.Min[kind]
		if !ok {
			continue
		}
		got := r.ratio(kind)
		if got.Percent < min {
			out = append(out, fmt.Sprintf("%s coverage %.1f%% (%d of %d) is below %.1f%%", kind, got.Percent, got.Covered, got.Total, min))
		}
	}
	return out
}

func (r *Report) ratio(kind string) Ratio {
	switch kind {
	case "statuses":
		return r.Coverage.Statuses
	case "params":
		return r.Coverage.Params
	}
	return r.Coverage.Operations
}

// Summary is a one-line account of the report for a terminal.
func (r *Report) Summary() string {
	return fmt.Sprintf("%d requests, %d violations (%d undocumented requests); coverage: operations %.1f%% (%d/%d), statuses %.1f%% (%d/%d), params %.1f%% (%d/%d)",
		r.Requests, r.ViolationCount, r.Undocumented,
		r.Coverage.Operations.Percent, r.Coverage.Operations.Covered, r.Coverage.Operations.Total,
		r.Coverage.Statuses.Percent, r.Coverage.Statuses.Covered, r.Coverage.Statuses.Total,
		r.Coverage.Params.Percent, r.Coverage.Params.Covered, r.Coverage.Params.Total)
}
