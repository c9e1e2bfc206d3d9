// Package journal records what happened: every request with its operation,
// status, bodies, duration and contract violations (bounded, newest kept),
// plus unbounded counters for coverage and violation totals. Reports, the
// inspector page and test assertions all read from it.
package journal
