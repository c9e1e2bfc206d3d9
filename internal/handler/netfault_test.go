package handler_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver/internal/exchange"
	"github.com/mockserver-go/mockserver/internal/onewrite"
)

// serveSocket serves h on loopback as cmd/mockserver does: through the
// onewrite listener, HTTP/1.1 and h2c.
func serveSocket(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	ts := httptest.NewUnstartedServer(h)
	ts.Listener = onewrite.NewListener(ts.Listener)
	var p http.Protocols
	p.SetHTTP1(true)
	p.SetUnencryptedHTTP2(true)
	ts.Config.Protocols = &p
	ts.Start()
	t.Cleanup(ts.Close)
	return ts
}

// rawPost sends one POST /pets on a new connection and returns what the
// server sent back, and the error that ended the reading.
func rawPost(t *testing.T, addr string) (string, error) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	body := `{"name":"rex"}`
	if _, err := io.WriteString(conn, "POST /pets HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 14\r\n\r\n"+body); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(conn)
	return string(b), err
}

func TestNetworkFaultsOverHTTP1(t *testing.T) {
	t.Parallel()
	h, fake, jr := newPets(t, nil)
	ts := serveSocket(t, h)
	addr := ts.Listener.Addr().String()
	inject := func(network string) { fake.queue(network) }

	inject(exchange.NetworkReset)
	if got, err := rawPost(t, addr); got != "" || !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("reset: read %q, %v; want nothing and ECONNRESET", got, err)
	}

	inject(exchange.NetworkEmpty)
	if got, err := rawPost(t, addr); got != "" || err != nil {
		t.Errorf("empty: read %q, %v; want nothing and a clean close", got, err)
	}

	inject(exchange.NetworkMalformedChunk)
	got, err := rawPost(t, addr)
	if err != nil || !strings.HasPrefix(got, "HTTP/1.1 201 Created\r\n") || !strings.Contains(got, "Transfer-Encoding: chunked\r\n") ||
		!strings.Contains(got, "\r\n\r\nzz\r\n") {
		t.Errorf("malformed chunk: %q, %v", got, err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(strings.NewReader(got)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(resp.Body); err == nil || !strings.Contains(err.Error(), "chunk") {
		t.Errorf("malformed chunk: the client read the body without error (%v)", err)
	}

	inject(exchange.NetworkTruncated)
	got, err = rawPost(t, addr)
	if err != nil || !strings.HasPrefix(got, "HTTP/1.1 201 Created\r\n") {
		t.Errorf("truncated: %q, %v", got, err)
	}
	resp, err = http.ReadResponse(bufio.NewReader(strings.NewReader(got)), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	if !errors.Is(err, io.ErrUnexpectedEOF) || len(b) == 0 || int64(len(b)) >= resp.ContentLength {
		t.Errorf("truncated: read %d of %d bytes, %v", len(b), resp.ContentLength, err)
	}

	// Faults are used up: the next call is answered.
	if got, err := rawPost(t, addr); !strings.HasPrefix(got, "HTTP/1.1 201") || err != nil {
		t.Errorf("after the faults: %.40q, %v", got, err)
	}
	entries := jr.Entries()
	want := []struct {
		fault  string
		status int
	}{{exchange.NetworkReset, 0}, {exchange.NetworkEmpty, 0}, {exchange.NetworkMalformedChunk, 201}, {exchange.NetworkTruncated, 201}, {"", 201}}
	if len(entries) != len(want) {
		t.Fatalf("%d journal entries, want %d", len(entries), len(want))
	}
	for i, w := range want {
		if entries[i].Fault != w.fault || entries[i].Status != w.status {
			t.Errorf("entry %d: fault %q status %d, want %q %d", i, entries[i].Fault, entries[i].Status, w.fault, w.status)
		}
	}
	if st := jr.Coverage().Statuses["createPet"]; len(st) != 1 || st["201"] != 3 {
		t.Errorf("statuses counted %v: a broken connection has no status", st)
	}
}

// Over HTTP/2 the connection carries other streams: each fault resets its
// stream, and the connection goes on serving.
func TestNetworkFaultsOverH2C(t *testing.T) {
	t.Parallel()
	h, fake, _ := newPets(t, nil)
	ts := serveSocket(t, h)
	var p http.Protocols
	p.SetUnencryptedHTTP2(true)
	c := &http.Client{Transport: &http.Transport{Protocols: &p}, Timeout: 5 * time.Second}
	t.Cleanup(c.CloseIdleConnections)
	post := func() (*http.Response, []byte, error) {
		resp, err := c.Post(ts.URL+"/pets", "application/json", strings.NewReader(`{"name":"rex"}`))
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp, b, err
	}
	for _, network := range exchange.NetworkFaults() {
		fake.queue(network)
		if resp, b, err := post(); err == nil {
			t.Errorf("%s: answered %s %d %q without error", network, resp.Proto, resp.StatusCode, b)
		}
		resp, _, err := post()
		if err != nil || resp.StatusCode != http.StatusCreated || resp.ProtoMajor != 2 {
			t.Errorf("%s: the next call: %v %v", network, resp, err)
		}
	}
}
