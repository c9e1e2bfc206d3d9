package exchange

import "net/http"

// Response is an answer ready to write.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// Parts, when not nil, is the body instead of Body, in pieces sent one
	// after the other: a list's envelope around its items' cached
	// encodings, which it shares (never modify them), so that a page is
	// not copied into a buffer of its own. Len, Bytes and Head read the
	// body in either form.
	Parts [][]byte
	// Value is the JSON-shaped body, when there is one (for self-checks).
	// It may be shared with other responses (cached renderings): do not
	// modify it; build a new Response instead.
	Value any
	// SelfChecked is set when the self-check already ran for Value, or
	// must not run (an answer a fault asked for).
	SelfChecked bool
}

// Len returns the body's size in bytes.
func (r *Response) Len() int {
	if r.Parts == nil {
		return len(r.Body)
	}
	n := 0
	for _, p := range r.Parts {
		n += len(p)
	}
	return n
}

// Bytes returns the body in one piece: Body, or Parts joined into a new
// slice.
func (r *Response) Bytes() []byte {
	if r.Parts == nil {
		return r.Body
	}
	return r.Head(r.Len())
}

// Head returns the body's first n bytes at most (shared with Body, or
// joined from Parts into a new slice).
func (r *Response) Head(n int) []byte {
	if r.Parts == nil {
		return r.Body[:min(n, len(r.Body))]
	}
	out := make([]byte, 0, min(n, r.Len()))
	for _, p := range r.Parts {
		if len(out)+len(p) >= n {
			return append(out, p[:n-len(out)]...)
		}
		out = append(out, p...)
	}
	return out
}

// SetBody makes b the body, in place of any Parts.
func (r *Response) SetBody(b []byte) {
	r.Body, r.Parts = b, nil
}
