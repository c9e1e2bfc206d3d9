// Package errorbody renders a *problem.Error as the answer of an
// operation: in the error format the contract declares (x-mock-errors:
// its body's properties, its kinds' status, type, code and detail, its
// messages per violation), else in the error schema the operation declares
// for the status, else as RFC 9457 application/problem+json in plain words
// that name no API. It returns the status, headers and JSON-shaped body
// with the schema to encode it in; writing the bytes is the engine's.
package errorbody
