package proxy

import (
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver/internal/errorbody"
	"github.com/mockserver-go/mockserver/internal/exchange"
	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/spec/spectest"
	"github.com/mockserver-go/mockserver/internal/validate"
)

// fakeEngine is the engine as the proxy sees it (proxy.Engine): the
// document, its validator, and refusals rendered by the error stage. It
// checks an answer as the self-check does (an undeclared status, else the
// declared JSON schema) and applies the faults queued with fail, first
// in, first out, to any operation.
type fakeEngine struct {
	doc    *spec.Doc
	val    *validate.Validator
	errs   *errorbody.Renderer
	mu     sync.Mutex
	faults []exchange.Fault
}

func testEngine(t *testing.T) *fakeEngine {
	t.Helper()
	doc := spectest.Load(t, "../../testdata/ci/pets.yaml")
	val := validate.New(doc)
	return &fakeEngine{doc: doc, val: val, errs: errorbody.New(doc, val, fixtures.NewForDocument(1, doc.T))}
}

func (f *fakeEngine) Doc() *spec.Doc                 { return f.doc }
func (f *fakeEngine) Validator() *validate.Validator { return f.val }

func (f *fakeEngine) ErrorResponse(op *spec.Operation, pe *problem.Error) *exchange.Response {
	b := f.errs.Render(op, pe)
	body, _ := json.Marshal(b.Value)
	return &exchange.Response{Status: b.Status, Header: b.Header, Body: body, Value: b.Value}
}

func (f *fakeEngine) CheckResponse(op *spec.Operation, status int, value any) []problem.Violation {
	if !op.Declares(status) {
		return []problem.Violation{{In: "response", Code: "undeclared_status", Got: strconv.Itoa(status)}}
	}
	if s := spec.JSONResponseSchema(op, strconv.Itoa(status)); s != nil {
		return f.val.Schema(s, value, true, "response", "")
	}
	return nil
}

// fail queues faults for the next calls.
func (f *fakeEngine) fail(faults ...exchange.Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = append(f.faults, faults...)
}

func (f *fakeEngine) TakeFault(_ *http.Request, op *spec.Operation, _ map[string]string, ex *exchange.Exchange) *exchange.Response {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.faults) == 0 {
		return nil
	}
	next := f.faults[0]
	f.faults = f.faults[1:]
	ex.Delay = next.Delay
	if next.Status == 0 {
		return nil
	}
	return f.ErrorResponse(op, &problem.Error{Kind: problem.KindInternal, Status: next.Status})
}

// upstream is a fake real API: some answers conform, others drift.
func upstream(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	js := func(w http.ResponseWriter, status int, body string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
	mux.HandleFunc("GET /pets/", func(w http.ResponseWriter, r *http.Request) {
		js(w, 200, `{"count":2,"next":null,"results":[{"id":1,"name":"Tom","kind":"cat"},{"id":2,"name":"Rex","kind":"dog","api_key":"phx_abcdefghijklmnop"}]}`)
	})
	mux.HandleFunc("POST /pets/", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var in map[string]any
		_ = json.Unmarshal(b, &in)
		in["id"] = 10
		out, _ := json.Marshal(in)
		w.Header().Set("X-Upstream", "yes")
		w.Header().Add("Set-Cookie", "a=1")
		w.Header().Add("Set-Cookie", "b=2")
		js(w, 201, string(out))
	})
	mux.HandleFunc("GET /pets/{id}/", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "1":
			js(w, 200, `{"id":1,"name":"Tom","kind":"cat","owner":{"name":"Ann"}}`)
		case "2": // unknown enum, missing required, undocumented fields
			js(w, 200, `{"id":2,"kind":"hamster","color":"brown","owner":{"name":"Ann","age":3}}`)
		case "3":
			js(w, 418, `{"detail":"teapot"}`)
		case "4":
			js(w, 200, `{"id":"four","name":"Tom","kind":"cat"}`)
		case "5":
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, "<html>oops</html>")
		case "6":
			js(w, 200, `{"id":6,`)
		case "7":
			time.Sleep(300 * time.Millisecond)
			js(w, 200, `{"id":7,"name":"Slow","kind":"cat"}`)
		case "8":
			js(w, 200, "")
		default:
			js(w, 404, `{"message":"Not found."}`)
		}
	})
	mux.HandleFunc("DELETE /pets/{id}/", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func newProxy(t *testing.T, up string, rec *Recorder) *Proxy {
	t.Helper()
	return newProxyTimeout(t, up, rec, 5*time.Second)
}

func newProxyTimeout(t *testing.T, up string, rec *Recorder, timeout time.Duration) *Proxy {
	t.Helper()
	eng := testEngine(t)
	p, err := New(Config{Engine: eng, Upstream: up, Timeout: timeout, Recorder: rec})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func do(p *Proxy, method, target, body string, hdr map[string]string) (*exchange.Response, *exchange.Exchange) {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	return p.Handle(r, []byte(body))
}

type vkey struct{ in, field, code string }

func keys(vs []problem.Violation) map[vkey]bool {
	out := map[vkey]bool{}
	for _, v := range vs {
		out[vkey{v.In, v.Field, v.Code}] = true
	}
	return out
}

func TestProxyReportsEveryKindOfDrift(t *testing.T) {
	p := newProxy(t, upstream(t).URL, nil)
	cases := []struct {
		name, method, target, body string
		status                     int
		want                       []vkey
	}{
		{"conforming item", "GET", "/pets/1/", "", 200, nil},
		{"conforming list", "GET", "/pets/?limit=2", "", 200, nil},
		{"drifting item", "GET", "/pets/2/", "", 200, []vkey{
			{"response", "kind", "enum"},
			{"response", "name", "required"},
			{"response", "color", "undocumented_field"},
			{"response", "owner__age", "undocumented_field"},
		}},
		{"undeclared status", "GET", "/pets/3/", "", 418, []vkey{{"response", "", "undeclared_status"}}},
		{"schema mismatch", "GET", "/pets/4/", "", 200, []vkey{{"response", "id", "type"}}},
		{"wrong media type", "GET", "/pets/5/", "", 200, []vkey{{"response", "Content-Type", "content_type"}}},
		{"broken JSON", "GET", "/pets/6/", "", 200, []vkey{{"response", "", "parse_error"}}},
		{"missing body", "GET", "/pets/8/", "", 200, []vkey{{"response", "", "missing_body"}}},
		{"invalid request still forwarded", "GET", "/pets/?limit=0", "", 200, []vkey{{"query", "limit", "minimum"}}},
		{"undocumented path forwarded", "GET", "/owners/", "", 404, []vkey{{"route", "", "unknown_route"}}},
		{"undocumented method forwarded", "PUT", "/pets/1/", "{}", 405, []vkey{{"method", "", "method_not_allowed"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, ex := do(p, tc.method, tc.target, tc.body, map[string]string{"Content-Type": "application/json"})
			if resp.Status != tc.status {
				t.Errorf("status = %d, want %d (body %s)", resp.Status, tc.status, resp.Body)
			}
			got := keys(ex.Violations)
			for _, w := range tc.want {
				if !got[w] {
					t.Errorf("missing violation %+v; got %+v", w, ex.Violations)
				}
			}
			if len(ex.Violations) != len(tc.want) {
				t.Errorf("got %d violations, want %d: %+v", len(ex.Violations), len(tc.want), ex.Violations)
			}
		})
	}
}

func TestProxyReturnsUpstreamAnswerUnchanged(t *testing.T) {
	var gotAuth, gotPath string
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth, gotPath = r.Header.Get("Authorization"), r.URL.RequestURI()
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Upstream", "yes")
		w.Header().Add("Set-Cookie", "a=1")
		w.Header().Add("Set-Cookie", "b=2")
		w.Header().Set("Connection", "close")
		w.WriteHeader(201)
		_, _ = w.Write([]byte(strings.Replace(string(b), `{`, `{"id":10,`, 1)))
	}))
	defer up.Close()
	p := newProxy(t, up.URL+"/base/", nil)
	body := `{"name":"Tom","kind":"cat"}`
	resp, ex := do(p, "POST", "/pets/?x=1", body, map[string]string{"Content-Type": "application/json", "Authorization": "Bearer phx_supersecretvalue"})
	if resp.Status != 201 || string(resp.Body) != `{"id":10,"name":"Tom","kind":"cat"}` {
		t.Fatalf("answer = %d %s", resp.Status, resp.Body)
	}
	if resp.Header.Get("X-Upstream") != "yes" || len(resp.Header.Values("Set-Cookie")) != 2 {
		t.Errorf("headers not passed through: %v", resp.Header)
	}
	if resp.Header.Get("Connection") != "" {
		t.Errorf("hop-by-hop header kept: %v", resp.Header)
	}
	if gotAuth != "Bearer phx_supersecretvalue" {
		t.Errorf("upstream got Authorization %q, want it forwarded", gotAuth)
	}
	if gotPath != "/base/pets/?x=1" {
		t.Errorf("upstream path = %q, want /base/pets/?x=1", gotPath)
	}
	if len(ex.Violations) != 0 || ex.Op == nil || ex.Op.ID != "pets_create" {
		t.Errorf("exchange = %+v", ex)
	}
}

func TestProxyUpstreamFailures(t *testing.T) {
	// A port nothing listens on: refused.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + ln.Addr().String()
	_ = ln.Close()
	tlsUp := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	tlsUp.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	tlsUp.StartTLS()
	defer tlsUp.Close()
	plain := upstream(t)

	cases := []struct {
		name, up, target string
		status           int
		code, detail     string
	}{
		{"refused", refused, "/pets/1/", 502, "upstream_unreachable", "refused"},
		{"timeout", plain.URL, "/pets/7/", 504, "upstream_timeout", "did not answer in time"},
		{"tls", tlsUp.URL, "/pets/1/", 502, "upstream_unreachable", "TLS certificate"},
		{"tls to plain http", strings.Replace(plain.URL, "http:", "https:", 1), "/pets/1/", 502, "upstream_unreachable", "HTTP response to HTTPS client"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			timeout := 5 * time.Second
			if tc.status == 504 {
				timeout = 100 * time.Millisecond
			}
			p := newProxyTimeout(t, tc.up, nil, timeout)
			resp, ex := do(p, "GET", tc.target+"?personal_api_key=phx_leakleakleakleak", "", nil)
			if resp.Status != tc.status {
				t.Fatalf("status = %d, want %d: %s", resp.Status, tc.status, resp.Body)
			}
			var body map[string]any
			if err := json.Unmarshal(resp.Body, &body); err != nil {
				t.Fatalf("body is not the contract's JSON error: %s", resp.Body)
			}
			for _, k := range []string{"type", "code", "detail"} {
				if _, ok := body[k]; !ok {
					t.Errorf("error body lacks %q: %s", k, resp.Body)
				}
			}
			detail, _ := body["detail"].(string)
			if !strings.Contains(detail, tc.detail) && !strings.Contains(ex.Violations[len(ex.Violations)-1].Message, tc.detail) {
				t.Errorf("detail %q / violation %+v do not say %q", detail, ex.Violations, tc.detail)
			}
			last := ex.Violations[len(ex.Violations)-1]
			if last.In != "upstream" || last.Code != tc.code {
				t.Errorf("violation = %+v, want upstream %s", last, tc.code)
			}
			if strings.Contains(string(resp.Body), "leakleak") || strings.Contains(last.String(), "leakleak") {
				t.Errorf("secret leaked: %s / %s", resp.Body, last)
			}
		})
	}
}

func TestNewRejectsBadUpstream(t *testing.T) {
	eng := testEngine(t)
	for _, up := range []string{"", "us.posthog.com", "ftp://x", "https://u:p@x", "https://x/?a=1"} {
		if _, err := New(Config{Engine: eng, Upstream: up}); err == nil {
			t.Errorf("New(%q) accepted", up)
		}
	}
}

// Faults apply in proxy mode: a status fault answers without reaching the
// upstream, a delay-only fault lets the request through with the delay.
func TestProxyFaults(t *testing.T) {
	var hits atomic.Int32
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":1,"name":"Tom","kind":"cat"}`)
	}))
	t.Cleanup(up.Close)
	eng := testEngine(t)
	p, err := New(Config{Engine: eng, Upstream: up.URL, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	eng.fail(exchange.Fault{Status: 404}, exchange.Fault{Status: 404}, exchange.Fault{Delay: 150 * time.Millisecond})
	for i := range 2 {
		resp, ex := do(p, "GET", "/pets/1/", "", nil)
		if resp.Status != 404 || ex.Op == nil || ex.Op.ID != "pets_retrieve" {
			t.Fatalf("fault %d: %d %+v", i, resp.Status, ex)
		}
	}
	if hits.Load() != 0 {
		t.Fatalf("a status fault reached the upstream %d times", hits.Load())
	}
	resp, ex := do(p, "GET", "/pets/1/", "", nil)
	if resp.Status != 200 || hits.Load() != 1 || ex.Delay != 150*time.Millisecond {
		t.Fatalf("delay fault: %d, hits %d, delay %s", resp.Status, hits.Load(), ex.Delay)
	}
	if resp, ex = do(p, "GET", "/pets/1/", "", nil); resp.Status != 200 || ex.Delay != 0 || hits.Load() != 2 {
		t.Fatalf("after the faults: %d delay %s hits %d", resp.Status, ex.Delay, hits.Load())
	}
}
