// Package coverage computes a server's contract-testing report (the format
// is the public package report) from what the server recorded: the
// journal's coverage counters and violation groups, against the contract's
// operations. Build makes the report of one document: which operations,
// response statuses and documented parameters were exercised, and every
// distinct violation with its operation; Merge makes one report of several
// documents served together.
package coverage
