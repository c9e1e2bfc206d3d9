// Package validate checks requests (and responses) against the contract with
// kin-openapi, and turns its errors into problem.Violations that say where
// (parameter or body field, nested keys joined with "__"), what was expected
// and what came.
package validate
