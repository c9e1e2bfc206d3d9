package onewrite_test

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/mockserver-go/mockserver/internal/onewrite"
)

// countingListener counts the writes made to its connections.
type countingListener struct {
	net.Listener
	mu     sync.Mutex
	writes int
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, l: l}, nil
}

func (l *countingListener) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.writes
}

type countingConn struct {
	net.Conn
	l *countingListener
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.l.mu.Lock()
	c.l.writes++
	c.l.mu.Unlock()
	return c.Conn.Write(p)
}

// answer serves a JSON body of ?size= bytes with its Content-Length, as
// the mock's handler does; a POST answers with its own body.
func answer(w http.ResponseWriter, r *http.Request) {
	size, _ := strconv.Atoi(r.URL.Query().Get("size"))
	body := bytes.Repeat([]byte("x"), size)
	if r.Method == http.MethodPost {
		body, _ = io.ReadAll(r.Body)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// serveCounting serves answer on a loopback port, HTTP/1.1 and h2c,
// through a Listener or not, and returns the base URL and the write
// counter.
func serveCounting(t testing.TB, hold bool) (string, *countingListener) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cl := &countingListener{Listener: ln}
	var p http.Protocols
	p.SetHTTP1(true)
	p.SetUnencryptedHTTP2(true)
	srv := &http.Server{Handler: http.HandlerFunc(answer), Protocols: &p}
	var served net.Listener = cl
	if hold {
		served = onewrite.NewListener(cl)
	}
	go func() { _ = srv.Serve(served) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String(), cl
}

// TestResponseInOneWrite: an answer a little larger than net/http's 4 KB
// connection buffer leaves in one write through the Listener, in two
// without, and arrives whole either way, on a connection kept alive or
// closed after it; so do a small answer, a HEAD, one larger than two
// buffers, one after a 100 Continue, and one over HTTP/2.
func TestResponseInOneWrite(t *testing.T) {
	var h2 http.Protocols
	h2.SetUnencryptedHTTP2(true)
	cases := []struct {
		name, method string
		size         int
		header       http.Header
		h2           bool
		holding      int // writes through the Listener, and without
		plain        int // (0: not counted)
	}{
		{"5.3 KB", http.MethodGet, 5300, nil, false, 1, 2},
		{"5.3 KB, then close", http.MethodGet, 5300, http.Header{"Connection": {"close"}}, false, 1, 2},
		{"1 KB", http.MethodGet, 1 << 10, nil, false, 1, 1},
		{"head", http.MethodHead, 5300, nil, false, 1, 1},
		{"100 KB", http.MethodGet, 100 << 10, nil, false, 0, 0},
		{"after 100 Continue", http.MethodPost, 5300, http.Header{"Expect": {"100-continue"}}, false, 2, 3},
		{"HTTP/2", http.MethodGet, 5300, nil, true, 0, 0},
	}
	for _, hold := range []bool{true, false} {
		base, cl := serveCounting(t, hold)
		h1 := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: 10e9}}
		h2c := &http.Client{Transport: &http.Transport{Protocols: &h2}}
		for _, tc := range cases {
			var body io.Reader
			if tc.method == http.MethodPost {
				body = strings.NewReader(strings.Repeat("y", tc.size))
			}
			req, _ := http.NewRequest(tc.method, base+"/?size="+strconv.Itoa(tc.size), body)
			for k, v := range tc.header {
				req.Header[k] = v
			}
			client := h1
			if tc.h2 {
				client = h2c
			}
			before := cl.count()
			resp, err := client.Do(req)
			if err != nil {
				t.Fatalf("hold=%v %s: %v", hold, tc.name, err)
			}
			got, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			writes := cl.count() - before
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("hold=%v %s: %d %v", hold, tc.name, resp.StatusCode, err)
			}
			if tc.h2 != (resp.ProtoMajor == 2) {
				t.Errorf("hold=%v %s: answered over %s", hold, tc.name, resp.Proto)
			}
			want := tc.size
			if tc.method == http.MethodHead {
				want = 0
			}
			if len(got) != want || resp.Header.Get("Content-Length") != strconv.Itoa(tc.size) {
				t.Errorf("hold=%v %s: %d bytes, Content-Length %s; want %d, %d", hold, tc.name, len(got), resp.Header.Get("Content-Length"), want, tc.size)
			}
			wantWrites := tc.plain
			if hold {
				wantWrites = tc.holding
			}
			if wantWrites > 0 && writes != wantWrites {
				t.Errorf("hold=%v %s: %d writes, want %d", hold, tc.name, writes, wantWrites)
			}
		}
	}
}
