package plugin

import "net/http"

// Response is an answer. A response with Body is sent as it is, with
// Header (which should name its Content-Type). A response with Value and
// no Body is JSON: the engine encodes Value in the property order of the
// schema the operation declares for Status (or in another media type the
// operation declares, when the client asks for it).
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// Value is the JSON-shaped body (nil, bool, float64, string, []any,
	// map[string]any). The engine checks it against the
	// contract (self-check). Do not modify a Value the engine gave: it
	// may be shared.
	Value any
}

// JSON is a JSON response of v with the status.
func JSON(status int, v any) *Response { return &Response{Status: status, Value: v} }
