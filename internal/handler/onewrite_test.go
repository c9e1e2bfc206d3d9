package handler_test

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
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

// serveCounting serves h on a loopback port, through onewrite or not, and
// returns the base URL and the write counter.
func serveCounting(t *testing.T, h http.Handler, hold bool) (string, *countingListener) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cl := &countingListener{Listener: ln}
	srv := &http.Server{Handler: h}
	var served net.Listener = cl
	if hold {
		served, srv.ConnContext = onewrite.NewListener(cl), onewrite.ConnContext
	}
	go func() { _ = srv.Serve(served) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String(), cl
}

// TestResponseInOneWrite: a list answer larger than net/http's 4 KB
// connection buffer leaves in one write through onewrite, in two without,
// and arrives whole either way; so do a small answer, a HEAD and a page
// larger than onewrite holds.
func TestResponseInOneWrite(t *testing.T) {
	h, eng := benchServer(t)
	fill(t, eng, "insights", 200)
	cases := []struct {
		name, method, path string
		min                int // the body's least size
		holding, plain     int // writes through onewrite, and without
	}{
		{"list of 3", http.MethodGet, "/api/environments/1/insights/?limit=3", 4 << 10, 1, 2},
		{"one insight", http.MethodGet, "/api/environments/1/insights/?limit=1", 1 << 10, 1, 1},
		{"head", http.MethodHead, "/api/environments/1/insights/?limit=3", 0, 1, 1},
		{"page of 100", http.MethodGet, "/api/environments/1/insights/?limit=100", onewrite.MaxHeld + 1, -1, -1},
	}
	for _, hold := range []bool{true, false} {
		base, cl := serveCounting(t, h, hold)
		client := &http.Client{Transport: &http.Transport{}}
		for _, tc := range cases {
			req, _ := http.NewRequest(tc.method, base+tc.path, nil)
			req.Header.Set("Authorization", "Bearer x")
			before := cl.count()
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			writes := cl.count() - before
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("hold=%v %s: %d %v", hold, tc.name, resp.StatusCode, err)
			}
			if tc.method == http.MethodHead {
				if len(body) != 0 || resp.Header.Get("Content-Length") == "" {
					t.Errorf("hold=%v head: body %d bytes, Content-Length %q", hold, len(body), resp.Header.Get("Content-Length"))
				}
			} else {
				var page struct{ Results []map[string]any }
				if err := json.Unmarshal(body, &page); err != nil || len(body) < tc.min || len(page.Results) == 0 {
					t.Fatalf("hold=%v %s: %d bytes, want at least %d of JSON with results: %v", hold, tc.name, len(body), tc.min, err)
				}
				if cl := resp.Header.Get("Content-Length"); cl != strconv.Itoa(len(body)) {
					t.Errorf("hold=%v %s: Content-Length %s, body %d bytes", hold, tc.name, cl, len(body))
				}
			}
			want := tc.plain
			if hold {
				want = tc.holding
			}
			if want > 0 && writes != want {
				t.Errorf("hold=%v %s: %d writes, want %d", hold, tc.name, writes, want)
			}
		}
	}
}
