// Package proxy is the provider side of contract testing: a reverse proxy
// that forwards each request to the real API and returns its answer
// unchanged, while validating the request and the answer against the
// contract and recording every drift as a violation (undeclared statuses,
// schema mismatches, undocumented fields, unknown enum values, missing
// required fields). Upstream failures answer 502/504 in the contract's
// error format. A Recorder saves what the real API returned as fixture
// files the mock can load (--fixtures).
package proxy
