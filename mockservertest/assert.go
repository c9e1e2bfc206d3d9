package mockservertest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
	"github.com/mockserver-go/mockserver/internal/nearest"
)

// maxListed bounds the requests and violations a failure message lists.
const maxListed = 10

// AssertNoViolations checks that no request broke the contract, tolerated
// violations (ones the real API accepts, such as a readOnly field sent)
// included. A failure lists each violation with its request, operation,
// field, expected and actual value.
//
// Violations of the mock's own answers (In "response") are not the
// client's doing: they are logged with tb.Logf, not failed on.
func (s *Server) AssertNoViolations(tb testing.TB) bool {
	tb.Helper()
	var bad, own []string
	n, inReqs := 0, 0
	for _, r := range s.Requests() {
		var lines []string
		for _, v := range r.Violations {
			if v.In == "response" {
				own = append(own, requestLine(r)+": "+violationLine(v))
				continue
			}
			n++
			lines = append(lines, "    "+violationLine(v))
		}
		if len(lines) > 0 {
			inReqs++
			if len(bad) < maxListed {
				bad = append(bad, "  "+requestLine(r)+"\n"+strings.Join(lines, "\n"))
			}
		}
	}
	if len(own) > 0 {
		tb.Logf("mockservertest: note: %s of the mock's own answers broke the contract (a mock bug, not the client's): %s",
			plural(len(own), "violation"), strings.Join(own[:min(len(own), 3)], "; "))
	}
	if n == 0 {
		return true
	}
	msg := fmt.Sprintf("mockservertest: %s of the contract in %s:\n%s", plural(n, "violation"), plural(inReqs, "request"), strings.Join(bad, "\n"))
	if inReqs > len(bad) {
		msg += fmt.Sprintf("\n  … and %d more requests", inReqs-len(bad))
	}
	tb.Errorf("%s", msg)
	return false
}

// AssertCalled checks that the operation was called exactly n times, or,
// with match, that exactly n calls have a body for which every match
// returns true. A body is decoded from JSON (or a form) into a map; a body
// that is not an object is passed as nil.
//
// A failure shows the calls that were made and, when the operation was
// never called, the operation ids closest to the one asked for.
func (s *Server) AssertCalled(tb testing.TB, operationID string, n int, match ...func(body map[string]any) bool) bool {
	tb.Helper()
	ids := s.OperationIDs()
	reqs := s.Requests()
	called := map[string]bool{}
	for _, r := range reqs {
		called[r.OperationID] = true
	}
	if !slices.Contains(ids, operationID) {
		msg := fmt.Sprintf("mockservertest: AssertCalled: the contract has no operation %q", operationID)
		if sugg := nearest.Names(operationID, ids, 3, func(id string) bool { return called[id] }); len(sugg) > 0 {
			msg += "; did you mean " + strings.Join(sugg, " or ") + "?"
		}
		tb.Errorf("%s", msg)
		return false
	}
	var calls, matched, unmatched []mockserver.Request
	for _, r := range reqs {
		if r.OperationID != operationID {
			continue
		}
		calls = append(calls, r)
		if matchesAll(r, match) {
			matched = append(matched, r)
		} else {
			unmatched = append(unmatched, r)
		}
	}
	if len(matched) == n {
		return true
	}
	var b strings.Builder
	what := "call"
	if n != 1 {
		what = "calls"
	}
	fmt.Fprintf(&b, "mockservertest: expected %d %s of %s", n, what, operationID)
	if len(match) > 0 {
		fmt.Fprintf(&b, " matching the predicate, got %d", len(matched))
		if len(unmatched) > 0 {
			bodies := make([]string, 0, 3)
			for _, r := range unmatched[:min(len(unmatched), 3)] {
				bodies = append(bodies, clip(r.Body, 200))
			}
			fmt.Fprintf(&b, " (%s did not match, with bodies %s)", plural(len(unmatched), "call"), strings.Join(bodies, ", "))
		}
	} else {
		fmt.Fprintf(&b, ", got %d", len(calls))
		if len(calls) > 0 {
			st := make([]string, len(calls))
			for i, r := range calls {
				st[i] = strconv.Itoa(r.Status)
			}
			fmt.Fprintf(&b, " (answered %s)", strings.Join(st, ", "))
		}
	}
	b.WriteString("; calls made: ")
	b.WriteString(summary(reqs))
	if len(calls) == 0 {
		if sugg := nearest.Names(operationID, ids, 2, func(id string) bool { return called[id] }); len(sugg) > 0 {
			b.WriteString("; did you mean " + strings.Join(sugg, " or ") + "?")
		}
	}
	tb.Errorf("%s", b.String())
	return false
}

// AssertNoUndocumented checks that every request matched an operation of
// the contract: no unknown path, no method a path does not declare. A
// failure lists each such request with the nearest documented routes.
func (s *Server) AssertNoUndocumented(tb testing.TB) bool {
	tb.Helper()
	var lines []string
	n := 0
	for _, r := range s.Requests() {
		if r.OperationID != "" {
			continue
		}
		hint := ""
		for _, v := range r.Violations {
			switch v.In {
			case "route":
				if v.Expected != "" && v.Expected != "a documented path" {
					hint = "did you mean " + v.Expected + "?"
				} else {
					hint = "no documented path is close"
				}
			case "method":
				hint = "the path does not declare " + r.Method + " (allowed: " + strings.TrimPrefix(v.Expected, "one of ") + ")"
			}
		}
		if hint == "" {
			continue // refused before routing (e.g. a body over the size limit)
		}
		n++
		if len(lines) < maxListed {
			lines = append(lines, fmt.Sprintf("  %s %s → %d: %s", r.Method, r.Path, r.Status, hint))
		}
	}
	if n == 0 {
		return true
	}
	msg := fmt.Sprintf("mockservertest: %s matched no operation of the contract:\n%s", plural(n, "request"), strings.Join(lines, "\n"))
	if n > len(lines) {
		msg += fmt.Sprintf("\n  … and %d more", n-len(lines))
	}
	tb.Errorf("%s", msg)
	return false
}

func requestLine(r mockserver.Request) string {
	op := r.OperationID
	if op == "" {
		op = "no operation"
	}
	return fmt.Sprintf("%s %s (%s) → %d", r.Method, r.Path, op, r.Status)
}

func violationLine(v mockserver.Violation) string {
	var b strings.Builder
	b.WriteString(v.In)
	if v.Field != "" {
		b.WriteString(" field ")
		b.WriteString(v.Field)
	}
	b.WriteString(": ")
	if v.Expected != "" || v.Got != "" {
		fmt.Fprintf(&b, "expected %s, got %s", orDash(v.Expected), orDash(v.Got))
		if v.Message != "" {
			b.WriteString(" (" + v.Message + ")")
		}
	} else {
		b.WriteString(v.Message)
	}
	if v.Tolerated {
		b.WriteString(" [tolerated: the real API accepts it]")
	}
	return b.String()
}

// summary groups requests by method, route and operation, in order of
// first appearance: "GET /a/{id}/ (a_retrieve) ×2, POST /b (undocumented) ×1".
func summary(reqs []mockserver.Request) string {
	if len(reqs) == 0 {
		return "none"
	}
	type group struct {
		key string
		n   int
	}
	var groups []*group
	byKey := map[string]*group{}
	for _, r := range reqs {
		route, op := r.Route, r.OperationID
		if route == "" {
			route = r.Path
		}
		if op == "" {
			op = "undocumented"
		}
		key := r.Method + " " + route + " (" + op + ")"
		g := byKey[key]
		if g == nil {
			g = &group{key: key}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.n++
	}
	parts := make([]string, 0, min(len(groups), maxListed))
	for _, g := range groups[:min(len(groups), maxListed)] {
		parts = append(parts, fmt.Sprintf("%s ×%d", g.key, g.n))
	}
	if len(groups) > maxListed {
		parts = append(parts, fmt.Sprintf("… and %d more", len(groups)-maxListed))
	}
	return strings.Join(parts, ", ")
}

func matchesAll(r mockserver.Request, match []func(map[string]any) bool) bool {
	if len(match) == 0 {
		return true
	}
	body := decodeBody(r)
	for _, m := range match {
		if m != nil && !m(body) {
			return false
		}
	}
	return true
}

// decodeBody decodes a journal body: JSON, or a form. The body in the
// journal is what the client sent, with credentials redacted.
func decodeBody(r mockserver.Request) map[string]any {
	if r.Body == "" {
		return nil
	}
	ct := ""
	for k, v := range r.Headers {
		if strings.EqualFold(k, "Content-Type") {
			ct = v
		}
	}
	if strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		q, err := url.ParseQuery(r.Body)
		if err != nil {
			return nil
		}
		out := make(map[string]any, len(q))
		for k, vs := range q {
			if len(vs) == 1 {
				out[k] = vs[0]
				continue
			}
			l := make([]any, len(vs))
			for i, v := range vs {
				l[i] = v
			}
			out[k] = l
		}
		return out
	}
	var out map[string]any
	if json.Unmarshal([]byte(r.Body), &out) != nil {
		return nil
	}
	return out
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func clip(s string, n int) string {
	if s == "" {
		return "(empty)"
	}
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
