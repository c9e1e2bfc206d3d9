package mockserver

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestHostileRequests(t *testing.T) {
	s := newHardServer(t, Options{})
	warm(t, s)
	manyParams := make([]string, 5000)
	for i := range manyParams {
		manyParams[i] = "p" + strconv.Itoa(i) + "=" + strconv.Itoa(i)
	}
	cases := []struct {
		name         string
		method, path string
		hdr          []string // name, value pairs, applied after the Content-Type authed sets for a body
		body         string
		status       int    // 0: any 4xx
		detail       string // substring of the detail, when set
	}{
		{name: "malformed JSON", method: "POST", path: hfList, body: `{"name": "x", "hog": }`, status: 400, detail: "JSON parse error"},
		{name: "truncated JSON", method: "POST", path: hfList, body: `{"name": "x", "hog": "re`, status: 400, detail: "JSON parse error"},
		{name: "invalid UTF-8 outside strings", method: "POST", path: hfList, body: "{\"name\": \xff}", status: 400},
		{name: "100,000 nested arrays", method: "POST", path: hfList, body: nested("[", "]", 100000), status: 400, detail: "JSON nesting exceeds 64 levels"},
		{name: "100,000 nested objects", method: "POST", path: hfList, body: strings.Repeat(`{"a":`, 100000) + "1" + strings.Repeat("}", 100000), status: 400, detail: "JSON nesting exceeds 64 levels"},
		{name: "unclosed nesting", method: "PATCH", path: inList + "1/", body: strings.Repeat("[", 100000), status: 400, detail: "JSON nesting exceeds 64 levels"},
		{name: "nesting inside a field", method: "POST", path: inList, body: `{"name":"n","filters":` + strings.Repeat(`{"a":`, 70) + "1" + strings.Repeat("}", 70) + `}`, status: 400, detail: "nesting exceeds 64"},
		{name: "1e999", method: "POST", path: hfList, body: `{"name": "x", "hog": "x", "enabled": 1e999}`, status: 400},
		{name: "-1e999 in a query filter", method: "GET", path: inList + "?limit=1e999&offset=-1e999", status: 0},
		{name: "text/plain", method: "POST", path: hfList, hdr: []string{"Content-Type", "text/plain"}, body: `{"name":"x","hog":"x"}`, status: 415},
		{name: "no Content-Type", method: "POST", path: hfList, hdr: []string{"Content-Type", ""}, body: `{"name":"x","hog":"x"}`, status: 415},
		{name: "garbage Content-Type", method: "POST", path: hfList, hdr: []string{"Content-Type", ";;==\x7f"}, body: `{"name":"x","hog":"x"}`, status: 415},
		{name: "JSON declared, form sent", method: "POST", path: hfList, body: `name=x&hog=y`, status: 400},
		{name: "encoded slash in a parameter", method: "GET", path: "/api/projects/1%2Fhog_functions/", status: 404},
		{name: "dot-dot", method: "GET", path: "/api/projects/1/hog_functions/../../../etc/passwd", status: 404},
		{name: "encoded dot-dot", method: "GET", path: "/api/projects/1/hog_functions/%2e%2e/%2e%2e/", status: 404},
		{name: "encoded dot-dot as id", method: "DELETE", path: "/api/projects/1/insights/%2e%2e/", status: 0},
		{name: "double-encoded slash", method: "GET", path: "/api/projects/1/hog_functions/%252F/", status: 404},
		{name: "NUL in a path parameter", method: "GET", path: "/api/projects/1/hog_functions/%00/", status: 404},
		{name: "invalid UTF-8 in the path", method: "GET", path: "/api/projects/1/insights/%ff%fe/", status: 404},
		{name: "admin via dot-dot", method: "POST", path: "/api/../__mock/reset", status: 404},
		{name: "admin via encoded slash", method: "POST", path: "/__mock%2Freset", status: 404},
		{name: "admin via encoded underscore", method: "POST", path: "/%5F%5Fmock/reset", status: 404},
		{name: "TRACE", method: "TRACE", path: hfList, status: 405},
		{name: "CONNECT", method: "CONNECT", path: hfList, status: 0},
		{name: "unknown method", method: "BREW", path: hfList, status: 405},
		{name: "lower-case method", method: "get", path: hfList, status: 405},
		{name: "5,000 query parameters", method: "GET", path: hfList + "?" + strings.Join(manyParams, "&") + "&limit=x", status: 0},
		{name: "huge header", method: "POST", path: hfList, hdr: []string{"X-Big", strings.Repeat("a", 512<<10)}, body: `{`, status: 400},
		{name: "huge Authorization", method: "GET", path: hfList + "?limit=-5&offset=abc", hdr: []string{"Authorization", "Basic " + strings.Repeat("A", 100<<10)}, status: 401},
		{name: "overflowing ids and pages", method: "GET", path: "/api/projects/1/insights/99999999999999999999999999/", status: 404},
		{name: "PATCH a missing object with garbage", method: "PATCH", path: inList + "424242/", body: `{"name": [1,2,{"x":null}]}`, status: 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := exportState(t, s)
			w := authed(t, s, tc.method, tc.path, tc.body, tc.hdr...)
			if tc.status != 0 && w.Code != tc.status {
				t.Errorf("status %d, want %d; body %.300s", w.Code, tc.status, w.Body.String())
			}
			if w.Code < 400 {
				// Accepted: fine as long as it is not a 5xx and the state is
				// only changed by a success.
				if w.Code >= 500 {
					t.Errorf("status %d", w.Code)
				}
				return
			}
			body := assertErrorFormat(t, tc.name, w)
			if tc.detail != "" && !strings.Contains(body["detail"].(string), tc.detail) {
				t.Errorf("detail %q, want it to contain %q", body["detail"], tc.detail)
			}
			if after := exportState(t, s); !bytes.Equal(before, after) {
				t.Errorf("a refused request changed the state")
			}
		})
	}
}

// Requests the server accepts although they are odd: they must still be
// answered sanely.

// Requests the server accepts although they are odd: they must still be
// answered sanely.
func TestOddButValidBodies(t *testing.T) {
	s := newHardServer(t, Options{EmptyState: true})
	// Duplicate keys: the last one wins, as in Python's json (Django).
	w := authed(t, s, "POST", hfList, `{"name":"first","name":"last","hog":"return 1"}`)
	if w.Code != 201 || !strings.Contains(w.Body.String(), `"name":"last"`) {
		t.Errorf("duplicate keys: %d %.200s", w.Code, w.Body)
	}
	// Invalid UTF-8 inside a string is replaced, and the answer is valid UTF-8 JSON.
	w = authed(t, s, "POST", hfList, "{\"name\":\"caf\xe9\",\"hog\":\"return 1\"}")
	if w.Code != 201 {
		t.Fatalf("invalid UTF-8 in a string: %d %.200s", w.Code, w.Body)
	}
	var obj map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &obj); err != nil || obj["name"] != "caf\uFFFD" {
		t.Errorf("invalid UTF-8 in a string: name %q, err %v", obj["name"], err)
	}
	// Exactly at the nesting limit is fine (the limit is not off by one).
	s2 := newHardServer(t, Options{EmptyState: true, MaxDepth: 4})
	w = authed(t, s2, "POST", inList, `{"name":"n","filters":{"a":{"b":1}}}`) // depth 3
	if w.Code != 201 {
		t.Errorf("depth 3 with --max-depth 4: %d %.300s", w.Code, w.Body)
	}
	w = authed(t, s2, "POST", inList, `{"name":"n","filters":{"a":{"b":{"c":[]}}}}`) // depth 5
	if body := assertErrorFormat(t, "depth 5", w); body != nil && body["detail"] != "JSON parse error - JSON nesting exceeds 4 levels" {
		t.Errorf("depth 5 with --max-depth 4: detail %q", body["detail"])
	}
	// Brackets inside strings do not count.
	w = authed(t, s2, "POST", inList, `{"name":"[[[[[[{{{{{{\"[[[[","description":"]]]]]]]"}`)
	if w.Code != 201 {
		t.Errorf("brackets in strings: %d %.300s", w.Code, w.Body)
	}
}

// countingReader is an endless body that counts what the server read.

// countingReader is an endless body that counts what the server read.
type countingReader struct{ n int64 }

func (c *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	c.n += int64(len(p))
	return len(p), nil
}

func TestBodyLimit(t *testing.T) {
	const limit = 4096
	s := newHardServer(t, Options{MaxBody: limit})
	warm(t, s)
	before := exportState(t, s)

	// A declared 100 MB body is refused before a byte of it is read.
	cr := &countingReader{}
	r := httptest.NewRequest("POST", "http://localhost"+hfList, cr)
	r.ContentLength = 100 << 20
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", bearer)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	body := assertErrorFormat(t, "declared 100 MB", w)
	if w.Code != 413 || body["code"] != "payload_too_large" || !strings.Contains(body["detail"].(string), strconv.Itoa(limit)) {
		t.Errorf("declared 100 MB: %d %v", w.Code, body)
	}
	if cr.n != 0 {
		t.Errorf("declared 100 MB: the server read %d bytes of it", cr.n)
	}

	// An endless body of unknown length (chunked) is cut at the limit.
	cr = &countingReader{}
	r = httptest.NewRequest("POST", "http://localhost"+hfList, cr)
	r.ContentLength = -1
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", bearer)
	w = httptest.NewRecorder()
	s.ServeHTTP(w, r)
	assertErrorFormat(t, "endless body", w)
	if w.Code != 413 {
		t.Errorf("endless body: %d", w.Code)
	}
	if cr.n > limit+64<<10 {
		t.Errorf("endless body: the server read %d bytes with a %d-byte limit", cr.n, limit)
	}

	// One byte over the limit: 413; exactly at it: parsed.
	w = authed(t, s, "POST", hfList, `{"name":"`+strings.Repeat("x", limit)+`"}`)
	if w.Code != 413 {
		t.Errorf("over the limit by a few bytes: %d", w.Code)
	}
	if after := exportState(t, s); !bytes.Equal(before, after) {
		t.Errorf("a refused body changed the state")
	}
	pad := limit - len(`{"name":"","hog":"return 1"}`)
	w = authed(t, s, "POST", hfList, `{"name":"`+strings.Repeat("x", pad)+`","hog":"return 1"}`)
	if w.Code == 413 {
		t.Errorf("a body of exactly the limit got 413")
	}
}

// TestStalledBodyHidesSocketAddresses sends headers that promise a body,
// part of it, and then nothing: the server's read timeout ends the wait,
// and the 400 says so without net's own text, which names the server's
// socket addresses ("read tcp 127.0.0.1:4805->…: i/o timeout").
func TestStalledBodyHidesSocketAddresses(t *testing.T) {
	t.Parallel()
	srv, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv)
	ts.Config.ReadTimeout = 300 * time.Millisecond
	ts.Start()
	defer ts.Close()
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/environments/1/hog_functions/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer phx_test\r\n"+
		"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":")
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer to a stalled body: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("status %d, want 400: %s", resp.StatusCode, body)
	}
	local, _, _ := net.SplitHostPort(conn.LocalAddr().String())
	_, port, _ := net.SplitHostPort(ts.Listener.Addr().String())
	for _, leak := range []string{"i/o timeout", "read tcp", ":" + port, local + ":"} {
		if strings.Contains(string(body), leak) || strings.Contains(resp.Header.Get("X-Mock-Violations"), leak) {
			t.Errorf("the answer shows %q: %s", leak, body)
		}
	}
	if !strings.Contains(string(body), "read timeout") {
		t.Errorf("the answer should say the body did not arrive in time: %s", body)
	}
}
