// Package onewrite sends an HTTP/1 response of a little more than 4 KB in
// one write instead of two.
//
// net/http writes a response through a 4 KB buffer per connection (its
// size is fixed): a response larger than that, headers included, leaves in
// two writes, so two TCP segments and two wake-ups of the client. Measured
// on the list of insights (5.3 KB), the second write was an eighth of the
// server's CPU time (docs/performance.md).
//
// A connection from a Listener keeps a full buffer's write that starts a
// response and sends it together with the write that follows. It needs no
// help from the handler: net/http resets the write deadline once it has
// written a response, and the connection sends what it holds then, before
// the deadline changes. HTTP/2 frames never start with a status line, so
// an HTTP/2 connection is never held.
//
// It is what TCP_CORK does in the kernel, without its two extra system
// calls per response.
package onewrite

import (
	"bytes"
	"net"
	"sync"
	"time"
)

// bufSize is net/http's per-connection write buffer: a write of exactly
// this size is a full buffer, with more of the response to come.
const bufSize = 4 << 10

// maxPooled is the largest buffer kept for the next response: a larger one
// held an unusually large second write.
const maxPooled = 64 << 10

// responseStart is how every HTTP/1 response begins.
var responseStart = []byte("HTTP/1.")

// Listener wraps a listener so that its connections send a response's
// first full buffer with the write that follows it. Its connections share
// a pool of buffers: an idle connection holds none.
type Listener struct {
	net.Listener
	bufs sync.Pool // *[]byte
}

// NewListener returns ln with connections that hold a response's first
// full buffer.
func NewListener(ln net.Listener) *Listener {
	return &Listener{Listener: ln}
}

// Accept returns the next connection.
func (l *Listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &Conn{Conn: c, bufs: &l.bufs}, nil
}

// Conn is a connection that holds a response's first full buffer. Its
// writes and deadlines are set by one goroutine at a time, as net/http
// serves an HTTP/1 connection on one goroutine.
type Conn struct {
	net.Conn
	bufs *sync.Pool
	held *[]byte // the write kept to go with the next, or nil
}

// Write writes p; a full buffer that starts a response it keeps, and
// sends with the next write.
func (c *Conn) Write(p []byte) (int, error) {
	if c.held != nil {
		if err := c.send(p); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	if len(p) == bufSize && bytes.HasPrefix(p, responseStart) {
		b, ok := c.bufs.Get().(*[]byte)
		if !ok {
			b = new([]byte)
		}
		*b = append((*b)[:0], p...)
		c.held = b
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// send writes what is held followed by p, in one write.
func (c *Conn) send(p []byte) error {
	b := c.held
	c.held = nil
	*b = append(*b, p...)
	_, err := c.Conn.Write(*b)
	if cap(*b) <= maxPooled {
		c.bufs.Put(b)
	}
	return err
}

// SetWriteDeadline sends what is held, under the deadline it was written
// under, then sets the new one. net/http calls it once a response is
// written: that is the end of the response.
func (c *Conn) SetWriteDeadline(t time.Time) error {
	if c.held != nil {
		if err := c.send(nil); err != nil {
			_ = c.Conn.Close() // as net/http closes a connection after a failed write
		}
	}
	return c.Conn.SetWriteDeadline(t)
}

// SetDeadline sends what is held, as SetWriteDeadline does.
func (c *Conn) SetDeadline(t time.Time) error {
	if err := c.SetWriteDeadline(t); err != nil {
		return err
	}
	return c.Conn.SetReadDeadline(t)
}

// CloseWrite shuts down the writing side of a TCP connection. net/http
// does so before closing a connection whose request it did not read in
// full (a 413, say), so that the client reads the answer instead of a
// reset; hiding the method would lose that.
func (c *Conn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// NetConn returns the connection under c (as tls.Conn's does), for what
// only it can do: a handler that hijacks the connection to reset it
// sets SO_LINGER on the TCP connection.
func (c *Conn) NetConn() net.Conn { return c.Conn }
