// Package report turns what a server recorded (the journal's violation
// groups and coverage counters) and the contract's operations into a
// contract-testing report: every violation with its operation, field and
// what was wrong, and which operations, response statuses and documented
// parameters were exercised. It writes the report as JSON and as JUnit XML
// (one test case per operation, one failure per distinct violation), and
// checks CI gates (any violation, minimum coverage).
package report
