// Package report is the contract-testing report of a mock server run: every
// violation with its operation, field and what was wrong, and the coverage
// of operations, response statuses and documented parameters. It writes
// JSON and JUnit XML and checks CI gates. mockserver builds it
// ((*mockserver.Server).Report); this package only holds the format.
package report
