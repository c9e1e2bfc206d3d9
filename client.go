package mockserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
)

// Client returns an *http.Client whose requests are answered by s in
// process: no listener, no socket, no port. The URL's scheme and host are
// ignored (any absolute URL reaches s), so a client configured with a base
// URL such as "http://posthog.test" works unchanged.
func (s *Server) Client() *http.Client {
	return &http.Client{Transport: s.Transport()}
}

// Transport returns an http.RoundTripper that calls s.ServeHTTP directly.
// It honours the request's context (a deadline or cancellation ends the
// round trip and the handler's wait with ctx.Err()), streams bodies both
// ways through pipes, closes the request body as http.RoundTripper
// requires, and sets the response's Request.
func (s *Server) Transport() http.RoundTripper { return inProcess{h: s} }

// inProcess is the socket-less transport. It holds no state besides the
// handler, so copies are free and it is safe for concurrent use.
type inProcess struct{ h http.Handler }

var _ http.RoundTripper = inProcess{}

// errHandlerAborted is the response body's error when the handler panicked
// with http.ErrAbortHandler after sending headers, as a server would reset
// the connection.
var errHandlerAborted = errors.New("mockserver: handler aborted the response")

func (t inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL == nil {
		closeBody(req)
		return nil, errors.New("mockserver: request has no URL")
	}
	ctx := req.Context()
	if err := ctx.Err(); err != nil {
		closeBody(req)
		return nil, err
	}
	sreq := serverRequest(req)
	pr, pw := io.Pipe()
	w := &pipeWriter{header: http.Header{}, body: pw, headerSent: make(chan struct{})}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer closeBody(req)
		defer func() {
			if v := recover(); v != nil {
				err := errHandlerAborted
				if v != http.ErrAbortHandler {
					err = fmt.Errorf("mockserver: handler panicked: %v", v)
				}
				w.abort(err)
				return
			}
			w.finish()
		}()
		t.h.ServeHTTP(w, sreq)
	}()
	select {
	case <-w.headerSent:
	case <-ctx.Done():
		// The handler sees the same context and stops waiting; the pipe is
		// closed so a handler that still writes does not block forever.
		_ = pr.CloseWithError(ctx.Err())
		return nil, ctx.Err()
	}
	if w.err != nil && w.status == 0 {
		return nil, w.err
	}
	resp := &http.Response{
		Status:        strconv.Itoa(w.status) + " " + http.StatusText(w.status),
		StatusCode:    w.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        w.sent,
		ContentLength: -1,
		Request:       req,
	}
	if cl := w.sent.Get("Content-Length"); cl != "" {
		if n, err := strconv.ParseInt(cl, 10, 64); err == nil && n >= 0 {
			resp.ContentLength = n
		}
	}
	if req.Method == http.MethodHead || !bodyAllowed(w.status) {
		// Drain in the background so the handler's writes (if any) do not block.
		go func() { _, _ = io.Copy(io.Discard, pr) }()
		resp.Body = http.NoBody
		resp.ContentLength = max(resp.ContentLength, 0)
		if !bodyAllowed(w.status) {
			resp.ContentLength = 0
		}
		return resp, nil
	}
	resp.Body = &responseBody{pr: pr, ctx: ctx, done: done}
	return resp, nil
}

// serverRequest turns a client request into what a server handler sees.
func serverRequest(req *http.Request) *http.Request {
	sreq := req.Clone(req.Context())
	sreq.RequestURI = req.URL.RequestURI()
	sreq.RemoteAddr = "127.0.0.1:0"
	sreq.Proto, sreq.ProtoMajor, sreq.ProtoMinor = "HTTP/1.1", 1, 1
	if sreq.Host == "" {
		sreq.Host = req.URL.Host
	}
	if sreq.Host == "" {
		sreq.Host = "mockserver.invalid"
	}
	if req.Body == nil || req.Body == http.NoBody {
		sreq.Body = http.NoBody
		sreq.ContentLength = 0
	} else {
		// The handler reads the client's body as it would a connection;
		// closing it is the transport's job (see RoundTrip).
		sreq.Body = io.NopCloser(req.Body)
		if sreq.ContentLength == 0 {
			sreq.ContentLength = -1
		}
	}
	sreq.GetBody = nil
	sreq.Close = false
	return sreq
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
}

func bodyAllowed(status int) bool {
	return !(status >= 100 && status < 200) && status != http.StatusNoContent && status != http.StatusNotModified
}

// pipeWriter is the handler's http.ResponseWriter: headers are snapshotted
// on the first WriteHeader or Write, and the body goes through a pipe to
// the client as it is written.
type pipeWriter struct {
	header     http.Header
	sent       http.Header
	status     int
	body       *io.PipeWriter
	headerSent chan struct{}
	once       sync.Once
	err        error
}

var _ http.Flusher = (*pipeWriter)(nil)

func (w *pipeWriter) Header() http.Header { return w.header }

func (w *pipeWriter) WriteHeader(code int) {
	if code >= 100 && code < 200 && code != http.StatusSwitchingProtocols {
		return // informational answers are not surfaced to the client
	}
	w.once.Do(func() {
		w.status = code
		w.sent = w.header.Clone()
		close(w.headerSent)
	})
}

func (w *pipeWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.body.Write(p)
}

// Flush is a no-op: every Write already reaches the reader.
func (w *pipeWriter) Flush() { w.WriteHeader(http.StatusOK) }

// finish ends a handler that returned normally.
func (w *pipeWriter) finish() {
	w.WriteHeader(http.StatusOK)
	_ = w.body.Close()
}

// abort ends a handler that panicked: before headers the round trip fails,
// after them the body read fails.
func (w *pipeWriter) abort(err error) {
	w.once.Do(func() {
		w.err = err
		close(w.headerSent)
	})
	_ = w.body.CloseWithError(err)
}

// responseBody reads the pipe; Close stops the handler's pending writes,
// and a cancelled context ends a read in progress.
type responseBody struct {
	pr   *io.PipeReader
	ctx  context.Context
	done chan struct{}
	stop sync.Once
}

func (b *responseBody) Read(p []byte) (int, error) {
	b.stop.Do(func() {
		go func() {
			select {
			case <-b.ctx.Done():
				_ = b.pr.CloseWithError(b.ctx.Err())
			case <-b.done:
			}
		}()
	})
	return b.pr.Read(p)
}

func (b *responseBody) Close() error {
	return b.pr.Close()
}
