// Package problem defines the engine's error and violation types: what went
// wrong with a request (or a response), where, and what was expected. The
// handler renders them in the error format the contract declares.
package problem
