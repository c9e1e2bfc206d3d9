package mockserver

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// bearer is the token authed sends.
const bearer = "Bearer phx_hardening_test_key"

// call serves one request through h in process and returns the recorder.
//
//   - target is passed to httptest.NewRequest as it is: a bare path is
//     served with Host example.com.
//   - body "" sends no body (a nil reader); any other body is sent with
//     Content-Type: application/json.
//   - hdr is name, value pairs applied in order after that: a value sets
//     the header (it may replace the Content-Type), "" deletes it.
//   - No Authorization header is sent unless hdr sets one; authed is call
//     with a token.
func call(t *testing.T, h http.Handler, method, target, body string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, target, rd)
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			r.Header.Del(hdr[i])
		} else {
			r.Header.Set(hdr[i], hdr[i+1])
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// authed is call with Authorization: bearer, set before hdr (so hdr may
// replace the token, or send none with "Authorization", ""), and the path
// on Host localhost ("http://localhost"+path), which list pages' next
// links are built from.
func authed(t *testing.T, h http.Handler, method, path, body string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	return call(t, h, method, "http://localhost"+path, body, append([]string{"Authorization", bearer}, hdr...)...)
}
