package handler

import (
	"context"
	"net/http"
)

type publicPathKey struct{}

// WithPublicPath returns r marked with the path the client sent, for a
// request whose URL the caller rewrote (a base path or a mount prefix
// stripped): the journal and the log show the path as sent.
func WithPublicPath(r *http.Request, path string) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), publicPathKey{}, path))
}

// publicPath is the path the client sent.
func publicPath(r *http.Request) string {
	if p, ok := r.Context().Value(publicPathKey{}).(string); ok {
		return p
	}
	return r.URL.Path
}
