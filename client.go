package mockserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// Client returns an *http.Client whose requests are answered by s in
// process: no listener, no socket, no port. The URL's scheme and host are
// ignored (any absolute URL reaches s), so a client configured with a base
// URL such as "http://posthog.test" works unchanged.
func (s *Server) Client() *http.Client {
	return &http.Client{Transport: s.Transport()}
}

// Transport returns an http.RoundTripper that calls s.ServeHTTP directly,
// in the caller's goroutine: the handler answers in full into a buffer and
// RoundTrip returns the response with that body, so a mock answer costs no
// goroutine, pipe or copy per read.
//
// It honours the request's context: the handler sees it (a response delay
// ends when it is done), a request body read that blocks is ended by
// closing the body when it is done, and a deadline or cancellation that
// comes before the answer fails the round trip with ctx.Err(); after it,
// reading the body fails with ctx.Err(). It closes the request body as
// http.RoundTripper requires, and sets the response's Request.
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
	w := &bufferWriter{header: http.Header{}, discard: req.Method == http.MethodHead}
	t.serve(w, req)
	if err := ctx.Err(); err != nil {
		// The handler may have stopped early because of it (an
		// interrupted delay answers nothing): the round trip failed.
		return nil, err
	}
	if w.status == 0 {
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
		resp.Body = http.NoBody
		resp.ContentLength = max(resp.ContentLength, 0)
		if !bodyAllowed(w.status) {
			resp.ContentLength = 0
		}
		return resp, nil
	}
	resp.Body = &responseBody{rest: w.body, err: w.err, ctx: ctx}
	return resp, nil
}

// serve runs the handler on a server's view of req, turns a panic into
// the writer's error and closes the request body.
func (t inProcess) serve(w *bufferWriter, req *http.Request) {
	defer closeBody(req)
	if req.Body != nil && req.Body != http.NoBody && req.Context().Done() != nil {
		// A handler blocked reading the body cannot see the context:
		// closing the body ends the read, as a server's closed
		// connection would.
		stop := context.AfterFunc(req.Context(), func() { closeBody(req) })
		defer stop()
	}
	defer func() {
		if v := recover(); v != nil {
			err := errHandlerAborted
			if v != http.ErrAbortHandler {
				err = fmt.Errorf("mockserver: handler panicked: %v", v)
			}
			w.err = err
			return
		}
		w.WriteHeader(http.StatusOK)
	}()
	t.h.ServeHTTP(w, serverRequest(req))
}

// serverRequest turns a client request into what a server handler sees.
//
// The server's request is a shallow copy with its own URL: the header map
// (and any form or trailer) is the client's, which the mock's handler
// reads and never writes, so it is not copied.
func serverRequest(req *http.Request) *http.Request {
	sreq := new(http.Request)
	*sreq = *req
	u := *req.URL
	sreq.URL = &u
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
