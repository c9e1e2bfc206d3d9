package engine

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

// setBody makes b the body, in place of any Parts.
func (r *Response) setBody(b []byte) {
	r.Body, r.Parts = b, nil
}
