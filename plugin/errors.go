package plugin

import "github.com/mockserver-go/mockserver/internal/problem"

// Error is an error answered to the client: its status and wording come
// from the document's x-mock-errors for its kind, unless set. Make one
// with NotFound, Invalid or Validation, then set Status, Detail, Raw (a
// body sent instead of the rendered error), Headers or Violations as
// needed.
type Error = problem.Error

// Violation is one way a request or a response breaks the contract.
type Violation = problem.Violation

// NotFound is the error of a missing object (404 unless the document
// says otherwise).
func NotFound() *Error { return &Error{Kind: problem.KindNotFound} }

// Invalid is a validation error on one body field (400 unless the
// document says otherwise); nested fields are joined with "__".
func Invalid(field, code, detail string) *Error { return problem.Field(field, code, detail) }

// Validation is a validation error of the request as a whole.
func Validation(detail string) *Error { return problem.New(problem.KindValidation, detail) }
