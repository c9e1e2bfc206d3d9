package posthog_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver"
)

const key = "phx_testkey"

var clock = time.Date(2025, 6, 10, 9, 30, 0, 0, time.UTC)

type mock struct {
	t   *testing.T
	srv *mockserver.Server
}

// newMock starts a server on the embedded contract and, when the test ends,
// fails it if any response of the mock broke the contract.
func newMock(t *testing.T, opts mockserver.Options) *mock {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return clock }
	}
	srv, err := mockserver.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	m := &mock{t: t, srv: srv}
	t.Cleanup(func() {
		for _, v := range srv.Violations() {
			if v.In == "response" {
				t.Errorf("mock response broke the contract: %+v", v)
			}
		}
	})
	return m
}

type reply struct {
	status int
	header http.Header
	raw    []byte
	body   any
}

func (r reply) obj() map[string]any { m, _ := r.body.(map[string]any); return m }

func (r reply) arr() []any { a, _ := r.body.([]any); return a }

func (m *mock) do(method, path string, body any, hdr ...string) reply {
	m.t.Helper()
	var rd *bytes.Reader
	switch b := body.(type) {
	case nil:
		rd = bytes.NewReader(nil)
	case string:
		rd = bytes.NewReader([]byte(b))
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, rd)
	req.Header.Set("Authorization", "Bearer "+key)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i+1] == "" {
			req.Header.Del(hdr[i])
			continue
		}
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	m.srv.ServeHTTP(rec, req)
	r := reply{status: rec.Code, header: rec.Header(), raw: rec.Body.Bytes()}
	if strings.Contains(rec.Header().Get("Content-Type"), "json") {
		if err := json.Unmarshal(r.raw, &r.body); err != nil {
			m.t.Fatalf("%s %s: bad JSON %q", method, path, r.raw)
		}
	}
	return r
}

// want fails unless the reply has the status.
func (r reply) want(t *testing.T, status int) reply {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.raw)
	}
	return r
}

// wantError checks a PostHog error envelope byte for byte.
func (r reply) wantError(t *testing.T, status int, typ, code, detail string, attr any) {
	t.Helper()
	r.want(t, status)
	a, _ := json.Marshal(attr)
	want := `{"type":"` + typ + `","code":"` + code + `","detail":` + jsonStr(detail) + `,"attr":` + string(a) + `}`
	if string(r.raw) != want {
		t.Fatalf("body\n %s\nwant\n %s", r.raw, want)
	}
}

func jsonStr(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSpace(b.String())
}

func keys(m map[string]any, raw []byte) []string {
	// the order of keys as written in raw JSON (top level)
	dec := json.NewDecoder(bytes.NewReader(raw))
	var out []string
	_, _ = dec.Token()
	for dec.More() {
		tok, _ := dec.Token()
		out = append(out, tok.(string))
		var skip json.RawMessage
		_ = dec.Decode(&skip)
	}
	_ = m
	return out
}

const hf = "/api/environments/1/hog_functions/"

func (m *mock) createHog(body map[string]any) map[string]any {
	m.t.Helper()
	return m.do("POST", hf, body).want(m.t, 201).obj()
}
