package onewrite

import (
	"bytes"
	"errors"
	"io"
	"net"
	"testing"
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

func (f *fakeConn) Close() error { f.closed = true; return nil }

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

// TestHoldSendsOnce: writes between Hold and Release leave in one write,
// in order; others go straight through; an idle connection keeps no buffer.
func TestHoldSendsOnce(t *testing.T) {
	f := &fakeConn{}
	c := accept(t, f)
	_, _ = c.Write([]byte("before"))
	c.Hold()
	for _, p := range []string{"HTTP/1.1 200 OK\r\n\r\n", "{\"a\":", "1}"} {
		if n, err := c.Write([]byte(p)); n != len(p) || err != nil {
			t.Fatalf("held write: %d, %v", n, err)
		}
	}
	if len(f.writes) != 1 {
		t.Fatalf("%d writes reached the connection while holding, want 1 (the one before)", len(f.writes))
	}
	if err := c.Release(); err != nil {
		t.Fatal(err)
	}
	if c.held != nil {
		t.Error("the connection keeps a buffer after Release")
	}
	_, _ = c.Write([]byte("after"))
	want := []string{"before", "HTTP/1.1 200 OK\r\n\r\n{\"a\":1}", "after"}
	if len(f.writes) != len(want) {
		t.Fatalf("writes %q, want %q", f.writes, want)
	}
	for i, w := range want {
		if string(f.writes[i]) != w {
			t.Errorf("write %d: %q, want %q", i, f.writes[i], w)
		}
	}
	if err := c.Release(); err != nil || len(f.writes) != 3 {
		t.Errorf("Release without Hold: %v, %d writes", err, len(f.writes))
	}
}

// TestReleaseFailureCloses: a failed write at Release is returned and
// closes the connection, as net/http closes one after a failed write.
func TestReleaseFailureCloses(t *testing.T) {
	f := &fakeConn{fail: errors.New("broken pipe")}
	c := accept(t, f)
	c.Hold()
	_, _ = c.Write([]byte("response"))
	if err := c.Release(); err == nil || !f.closed {
		t.Fatalf("Release: %v, closed %v; want the error and a closed connection", err, f.closed)
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
