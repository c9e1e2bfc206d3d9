// Package onewrite sends a response of a few kilobytes in one write.
//
// net/http writes a response through a 4 KB buffer per connection: a
// response larger than that, headers included, leaves in two writes, so
// two TCP segments and two wake-ups of the client. Measured on the list of
// insights (5.3 KB), the second write was an eighth of the server's CPU
// time. A connection from a Listener can hold what is written to it and
// send it at once: a handler (HTTP/1 only, where the handler runs on the
// goroutine that writes the connection) calls Hold before writing its
// response and Release after flushing it.
//
// It is what TCP_CORK does in the kernel, without its two extra system
// calls per response.
package onewrite

import (
	"context"
	"net"
	"net/http"
	"sync"
)

// MaxHeld is the largest response worth holding: beyond it, the second
// write is a small part of the cost, and the copy is not.
const MaxHeld = 64 << 10

// Listener wraps a listener so that its connections can hold writes. Its
// connections share a pool of buffers: an idle connection holds none.
type Listener struct {
	net.Listener
	bufs sync.Pool // *[]byte
}

// NewListener returns ln with connections able to hold writes.
func NewListener(ln net.Listener) *Listener {
	return &Listener{Listener: ln}
}

// Accept returns the next connection, able to hold writes.
func (l *Listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &Conn{Conn: c, bufs: &l.bufs}, nil
}

type ctxKey struct{}

// ConnContext is an http.Server's ConnContext: it makes the connection
// known to the handlers of its requests (From).
func ConnContext(ctx context.Context, c net.Conn) context.Context {
	if oc, ok := c.(*Conn); ok {
		return context.WithValue(ctx, ctxKey{}, oc)
	}
	return ctx
}

// From returns the connection r arrived on, if it can hold writes and r is
// HTTP/1 (HTTP/2 writes a connection from its own goroutine); else nil.
func From(r *http.Request) *Conn {
	if r.ProtoMajor != 1 {
		return nil
	}
	c, _ := r.Context().Value(ctxKey{}).(*Conn)
	return c
}

// Conn is a connection that can hold writes. Hold, Release and Write must
// be called from one goroutine at a time (net/http serves an HTTP/1
// connection on one goroutine).
type Conn struct {
	net.Conn
	bufs *sync.Pool
	held *[]byte // while holding: the bytes held so far
}

// Hold makes the connection keep what is written to it until Release.
func (c *Conn) Hold() {
	if c.held != nil {
		return
	}
	if b, ok := c.bufs.Get().(*[]byte); ok {
		c.held = b
	} else {
		c.held = new([]byte)
	}
}

// Release sends what was held in one write. If it fails, the connection is
// closed, as net/http would close it after a failed write.
func (c *Conn) Release() error {
	b := c.held
	if b == nil {
		return nil
	}
	c.held = nil
	var err error
	if len(*b) > 0 {
		_, err = c.Conn.Write(*b)
	}
	if cap(*b) <= MaxHeld+8<<10 { // not an unusually large response's
		*b = (*b)[:0]
		c.bufs.Put(b)
	}
	if err != nil {
		_ = c.Conn.Close()
	}
	return err
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

// Write writes p, or keeps a copy of it while the connection holds.
func (c *Conn) Write(p []byte) (int, error) {
	if c.held != nil {
		*c.held = append(*c.held, p...)
		return len(p), nil
	}
	return c.Conn.Write(p)
}
