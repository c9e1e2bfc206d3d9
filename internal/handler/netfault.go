package handler

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/mockserver-go/mockserver/internal/exchange"
)

// breakConnection carries out a network fault (exchange.Network*) instead of
// writing resp. Over HTTP/1 it takes the connection over (Hijack) and
// writes, or does not write, exactly the bytes of the fault. Where the
// connection cannot be taken (HTTP/2, whose connection carries other
// streams, or an in-process writer) it sends what it can through the
// ResponseWriter and aborts the handler: net/http resets the stream, and
// the in-process client fails the call.
func (h *handler) breakConnection(w *echo.Response, r *http.Request, resp *exchange.Response, fault string) {
	rc := http.NewResponseController(w)
	if r.ProtoMajor == 1 {
		if conn, buf, err := rc.Hijack(); err == nil {
			defer conn.Close()
			h.breakHTTP1(conn, buf.Writer, resp, fault)
			return
		}
	}
	if fault == exchange.NetworkTruncated || fault == exchange.NetworkMalformedChunk {
		body := bodyBytes(resp)
		hdr := w.Header()
		for k, v := range resp.Header {
			hdr[k] = v
		}
		hdr.Set("Content-Length", strconv.Itoa(declared(body)))
		w.WriteHeader(resp.Status)
		_, _ = w.Write(body[:len(body)/2])
		_ = rc.Flush()
	}
	panic(http.ErrAbortHandler)
}

// breakHTTP1 writes the fault's bytes to a hijacked HTTP/1 connection,
// which the caller closes.
func (h *handler) breakHTTP1(conn net.Conn, bw *bufio.Writer, resp *exchange.Response, fault string) {
	switch fault {
	case exchange.NetworkReset:
		// SO_LINGER 0: close sends RST instead of FIN.
		if tc, ok := tcpConn(conn); ok {
			_ = tc.SetLinger(0)
		}
		return
	case exchange.NetworkEmpty:
		return
	}
	body := bodyBytes(resp)
	hdr := resp.Header.Clone()
	if hdr == nil {
		hdr = http.Header{}
	}
	hdr.Set("Connection", "close")
	if fault == exchange.NetworkMalformedChunk {
		hdr.Del("Content-Length")
		hdr.Set("Transfer-Encoding", "chunked")
	} else {
		hdr.Set("Content-Length", strconv.Itoa(declared(body)))
	}
	fmt.Fprintf(bw, "HTTP/1.1 %d %s\r\n", resp.Status, http.StatusText(resp.Status))
	_ = hdr.Write(bw)
	bw.WriteString("\r\n")
	if fault == exchange.NetworkMalformedChunk {
		// A chunk size must be hexadecimal; "zz" is not.
		bw.WriteString("zz\r\n")
		bw.Write(body[:len(body)/2])
		bw.WriteString("\r\n")
	} else {
		bw.Write(body[:len(body)/2])
	}
	_ = bw.Flush()
}

// tcpConn finds the TCP connection under conn, through the wrappers
// (cmd/mockserver's listener's) that give theirs by NetConn.
func tcpConn(conn net.Conn) (*net.TCPConn, bool) {
	for {
		switch c := conn.(type) {
		case *net.TCPConn:
			return c, true
		case interface{ NetConn() net.Conn }:
			conn = c.NetConn()
		default:
			return nil, false
		}
	}
}

// declared is the Content-Length a truncated body announces: its length,
// or one byte for an empty body, so that even an answer without a body
// ends short.
func declared(body []byte) int { return max(len(body), 1) }

// bodyBytes is the response's body in one slice (a list page comes in
// parts).
func bodyBytes(resp *exchange.Response) []byte {
	if resp.Parts != nil {
		return resp.Bytes()
	}
	return resp.Body
}
