package plugin

import "strings"

// Violation is one way a request or response breaks the contract.
type Violation struct {
	// In is where the problem is: path, query, header, cookie, body,
	// security, content-type, route, method, or response.
	In string `json:"in"`
	// Field names the offending parameter or body field. Nested body
	// fields are joined with "__" (PostHog's attr style); empty for the
	// request as a whole.
	Field string `json:"field,omitempty"`
	// Code is a machine-readable reason (required, type, enum, format,
	// maxLength, parse_error, unknown_route, ...).
	Code string `json:"code"`
	// Expected and Got describe the mismatch for a human.
	Expected string `json:"expected,omitempty"`
	Got      string `json:"got,omitempty"`
	// Message is a full sentence.
	Message string `json:"message"`
	// Tolerated is true when the mock answered as the real API does
	// (it accepts this violation) and only recorded it.
	Tolerated bool `json:"tolerated,omitempty"`
}

// String renders the violation on one line, for logs and headers.
func (v Violation) String() string {
	var b strings.Builder
	b.Grow(len(v.In) + len(v.Field) + len(v.Message) + len(v.Expected) + len(v.Got) + 24)
	b.WriteString(v.In)
	if v.Field != "" {
		b.WriteString(" ")
		b.WriteString(v.Field)
	}
	b.WriteString(": ")
	b.WriteString(v.Message)
	if v.Expected != "" || v.Got != "" {
		b.WriteString(" (expected ")
		b.WriteString(orDash(v.Expected))
		b.WriteString(", got ")
		b.WriteString(orDash(v.Got))
		b.WriteString(")")
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
