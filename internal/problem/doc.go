// Package problem is the engine's side of errors and violations: what
// went wrong with a request (or a response), where, and what was expected.
// The types themselves are the public plugin package's, since plugins
// return and record them; the handler renders them in the error format
// the contract declares.
package problem
