package mockserver

import (
	"context"
	"io"
	"net/http"
)

// bufferWriter is the in-process handler's http.ResponseWriter: headers
// are snapshotted on the first WriteHeader, Write or Flush, and the body
// is kept in memory for the response.
type bufferWriter struct {
	header http.Header
	sent   http.Header // the headers sent, from WriteHeader on
	status int         // 0 until WriteHeader
	body   []byte
	// discard drops the body (HEAD, or a status that has none).
	discard bool
	// err ends the body after what was written (a panic).
	err error
}

var _ http.Flusher = (*bufferWriter)(nil)

// Header returns the headers to send; after WriteHeader, a copy of those
// sent, whose changes reach nobody (as with net/http).
func (w *bufferWriter) Header() http.Header {
	if w.header == nil {
		w.header = w.sent.Clone()
	}
	return w.header
}

func (w *bufferWriter) WriteHeader(code int) {
	if code >= 100 && code < 200 && code != http.StatusSwitchingProtocols {
		return // informational answers are not surfaced to the client
	}
	if w.status != 0 {
		return
	}
	w.status = code
	// The map itself is sent, not a copy: Header gives a copy from now
	// on. A handler that kept the map and changed it after WriteHeader
	// would change the answer, where net/http would ignore the change;
	// this transport serves only the mock's own handler, which does not.
	w.sent, w.header = w.header, nil
	w.discard = w.discard || !bodyAllowed(code)
}

func (w *bufferWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	if !w.discard {
		w.body = append(w.body, p...)
	}
	return len(p), nil
}

// Flush sends the headers; the body reaches the client when the handler
// returns.
func (w *bufferWriter) Flush() { w.WriteHeader(http.StatusOK) }

// responseBody reads the buffered answer. Once the request's context is
// done a read fails with its error, as on a connection the client gave up.
type responseBody struct {
	rest   []byte
	err    error // after rest: io.EOF when nil
	ctx    context.Context
	closed bool
}

func (b *responseBody) Read(p []byte) (int, error) {
	if b.closed {
		return 0, http.ErrBodyReadAfterClose
	}
	if err := b.ctx.Err(); err != nil {
		return 0, err
	}
	if len(b.rest) == 0 {
		if b.err != nil {
			return 0, b.err
		}
		return 0, io.EOF
	}
	n := copy(p, b.rest)
	b.rest = b.rest[n:]
	return n, nil
}

func (b *responseBody) Close() error {
	b.closed = true
	b.rest = nil
	return nil
}
