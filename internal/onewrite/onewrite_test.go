package onewrite

import (
	"bytes"
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

// fakeConn records the writes made to it, and fails them when told to.
type fakeConn struct {
	net.Conn
	writes [][]byte
	fail   error
	closed bool
}

func (f *fakeConn) Write(p []byte) (int, error) {
	if f.fail != nil {
		return 0, f.fail
	}
	f.writes = append(f.writes, bytes.Clone(p))
	return len(p), nil
}

func (f *fakeConn) Close() error                     { f.closed = true; return nil }
func (f *fakeConn) SetWriteDeadline(time.Time) error { return nil }

type oneConn struct{ c net.Conn }

func (l *oneConn) Accept() (net.Conn, error) { return l.c, nil }
func (l *oneConn) Close() error              { return nil }
func (l *oneConn) Addr() net.Addr            { return nil }

func accept(t *testing.T, f *fakeConn) *Conn {
	t.Helper()
	c, err := NewListener(&oneConn{f}).Accept()
	if err != nil {
		t.Fatal(err)
	}
	return c.(*Conn)
}

// TestFullBufferGoesWithTheNext: a full buffer that starts a response
// waits for the next write and leaves with it; a later write, a smaller
// one, or a full buffer of anything but a response's start (an HTTP/2
// frame) goes straight through; an idle connection keeps no buffer.
func TestFullBufferGoesWithTheNext(t *testing.T) {
	f := &fakeConn{}
	c := accept(t, f)
	start := append([]byte("HTTP/1.1 200 OK\r\n\r\n"), bytes.Repeat([]byte("a"), bufSize)...)[:bufSize]
	frame := bytes.Repeat([]byte("f"), bufSize)
	write := func(p []byte) {
		t.Helper()
		if n, err := c.Write(p); n != len(p) || err != nil {
			t.Fatalf("write: %d, %v", n, err)
		}
	}
	write([]byte("small"))
	write(start)
	if len(f.writes) != 1 {
		t.Fatalf("%d writes reached the connection, want 1 (the small one)", len(f.writes))
	}
	write([]byte("rest"))
	write([]byte("after"))
	write(frame)
	if c.held != nil {
		t.Error("the connection keeps a buffer between responses")
	}
	want := []string{"small", string(start) + "rest", "after", string(frame)}
	if len(f.writes) != len(want) {
		t.Fatalf("%d writes, want %d", len(f.writes), len(want))
	}
	for i, w := range want {
		if string(f.writes[i]) != w {
			t.Errorf("write %d: %.20q… (%d bytes), want %.20q… (%d bytes)", i, f.writes[i], len(f.writes[i]), w, len(w))
		}
	}
}

// TestDeadlineSends: a response that ends on a full buffer leaves when
// net/http resets the write deadline; a failed write then closes the
// connection, as net/http closes one after a failed write.
func TestDeadlineSends(t *testing.T) {
	start := append([]byte("HTTP/1.1 200 OK\r\n\r\n"), bytes.Repeat([]byte("a"), bufSize)...)[:bufSize]
	for _, fail := range []error{nil, errors.New("broken pipe")} {
		f := &fakeConn{}
		c := accept(t, f)
		_, _ = c.Write(start)
		f.fail = fail
		_ = c.SetWriteDeadline(time.Time{})
		if c.held != nil {
			t.Fatal("still held after the deadline changed")
		}
		if fail == nil && (len(f.writes) != 1 || len(f.writes[0]) != bufSize) {
			t.Errorf("%d writes, want the full buffer", len(f.writes))
		}
		if fail != nil && !f.closed {
			t.Error("a failed write left the connection open")
		}
	}
}

// TestCloseWriteHalfCloses: CloseWrite reaches the TCP connection (the
// peer reads the end of the stream while it can still write to us), as
// net/http expects of the connections it closes after an unread body.
func TestCloseWriteHalfCloses(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	wl := NewListener(ln)
	peer, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer peer.Close()
	c, err := wl.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, ok := c.(interface{ CloseWrite() error }); !ok {
		t.Fatal("the connection hides CloseWrite")
	}
	_, _ = c.Write([]byte("answer"))
	if err := c.(*Conn).CloseWrite(); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(peer) // ends: the write side is shut
	if err != nil || string(got) != "answer" {
		t.Fatalf("peer read %q, %v", got, err)
	}
	if _, err := peer.Write([]byte("late body")); err != nil {
		t.Fatalf("peer cannot write after a half-close: %v", err)
	}
	buf := make([]byte, 9)
	if _, err := io.ReadFull(c, buf); err != nil || string(buf) != "late body" {
		t.Fatalf("read after CloseWrite: %q, %v", buf, err)
	}
}
