package mockservertest_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
	"github.com/mockserver-go/mockserver/mockservertest"
)

// newFns runs a test over both kinds of server.
var newFns = map[string]func(testing.TB, mockserver.Options) *mockservertest.Server{
	"socket":     mockservertest.NewServer,
	"in-process": mockservertest.NewInProcess,
}

// TestIsolation runs many parallel tests, each with its own server, each
// creating functions with its own names: no test may see another's data,
// through the API or through the state accessors.
func TestIsolation(t *testing.T) {
	t.Parallel()
	for kind, newFn := range newFns {
		for i := range 8 {
			t.Run(fmt.Sprintf("%s/%d", kind, i), func(t *testing.T) {
				t.Parallel()
				s := newFn(t, mockserver.Options{EmptyState: true})
				mine := fmt.Sprintf("%s-%d", kind, i)
				for j := range 3 {
					body := fmt.Sprintf(`{"name":"%s-%d","hog":"return %d"}`, mine, j, j)
					if st, b := send(t, s.Client(), "POST", s.URL+"/api/environments/1/hog_functions/", body); st != 201 {
						t.Fatalf("create: %d %s", st, b)
					}
				}
				st, b := send(t, s.Client(), "GET", s.URL+"/api/environments/1/hog_functions/?limit=100", "")
				if st != 200 {
					t.Fatalf("list: %d %s", st, b)
				}
				var page struct {
					Count   int              `json:"count"`
					Results []map[string]any `json:"results"`
				}
				if err := json.Unmarshal([]byte(b), &page); err != nil {
					t.Fatal(err)
				}
				if page.Count != 3 || len(page.Results) != 3 {
					t.Fatalf("count = %d with %d results, want only this test's 3", page.Count, len(page.Results))
				}
				for _, r := range page.Results {
					if name, _ := r["name"].(string); !strings.HasPrefix(name, mine+"-") {
						t.Errorf("listed %q, made by another test", name)
					}
				}
				if n := len(s.List("hog_functions", map[string]string{"project_id": "1"})); n != 3 {
					t.Errorf("List = %d objects, want 3", n)
				}
				if n := len(s.Requests()); n != 4 {
					t.Errorf("journal has %d requests, want this test's 4", n)
				}
				s.AssertCalled(t, "environments_hog_functions_create", 3)
			})
		}
	}
}

func TestNewServerListensOnLoopbackAndCloses(t *testing.T) {
	t.Parallel()
	s := mockservertest.NewServer(t, mockserver.Options{})
	host, _, err := net.SplitHostPort(strings.TrimPrefix(s.URL, "http://"))
	if err != nil || !net.ParseIP(host).IsLoopback() {
		t.Fatalf("URL = %q, want a loopback address", s.URL)
	}
	if st, _ := send(t, s.Client(), "GET", s.URL+"/api/projects/1/insights/", ""); st != 200 {
		t.Fatalf("status %d", st)
	}
	s.Close()
	s.Close() // idempotent, and the cleanup calls it again
	if _, err := s.Client().Get(s.URL + "/api/projects/1/insights/"); err == nil {
		t.Fatal("the server still answers after Close")
	}
}

func TestNewServerCleanupStopsIt(t *testing.T) {
	t.Parallel()
	tb := newFakeTB(t)
	var url string
	tb.run(func(tb *fakeTB) { url = mockservertest.NewServer(tb, mockserver.Options{}).URL })
	if len(tb.cleanups) != 1 {
		t.Fatalf("registered %d cleanups, want 1", len(tb.cleanups))
	}
	tb.finish()
	if _, err := http.Get(url + "/"); err == nil {
		t.Fatal("the server still answers after the test's cleanup")
	}
}

func TestStartUpErrorFailsTheTest(t *testing.T) {
	t.Parallel()
	for kind, newFn := range newFns {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			tb := newFakeTB(t)
			returned := false
			tb.run(func(tb *fakeTB) {
				newFn(tb, mockserver.Options{Spec: []byte("openapi: [not, a, document")})
				returned = true
			})
			if !tb.fatal || returned {
				t.Fatalf("fatal = %v, returned = %v: want Fatalf to stop the test", tb.fatal, returned)
			}
			if out := tb.output(); !strings.HasPrefix(out, "mockservertest: ") || len(out) < 30 {
				t.Errorf("message = %q, want the start-up error", out)
			}
			if tb.helpers == 0 {
				t.Error("the constructor did not call tb.Helper")
			}
		})
	}
}

func TestInProcessNeedsNoSocket(t *testing.T) {
	t.Parallel()
	s := mockservertest.NewInProcess(t, mockserver.Options{EmptyState: true})
	if s.URL != mockservertest.InProcessURL {
		t.Errorf("URL = %q", s.URL)
	}
	st, b := send(t, s.Client(), "POST", s.URL+"/api/environments/1/hog_functions/", `{"name":"local","hog":"return 1"}`)
	if st != 201 || !strings.Contains(b, `"name":"local"`) {
		t.Fatalf("create: %d %s", st, b)
	}
	// Any other client goes to the network, where the host does not exist.
	direct := &http.Client{Transport: &http.Transport{}} // no proxy from the environment
	_, err := direct.Get(s.URL + "/api/environments/1/hog_functions/")
	var dnsErr *net.DNSError
	if !errors.As(err, &dnsErr) {
		t.Errorf("a plain client got %v, want a DNS error (the host must not resolve)", err)
	}
	if s.Transport() == nil || s.Server == nil {
		t.Error("Transport or the underlying server is nil")
	}
	s.Close() // a no-op in process
}

func TestFaultThroughTheTestServer(t *testing.T) {
	t.Parallel()
	for kind, newFn := range newFns {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			s := newFn(t, mockserver.Options{EmptyState: true})
			if err := s.Fail("environments_hog_functions_list", mockserver.Fault{Status: 429, RetryAfter: 3}); err != nil {
				t.Fatal(err)
			}
			req, _ := http.NewRequest("GET", s.URL+"/api/environments/1/hog_functions/", nil)
			req.Header.Set("Authorization", token)
			resp, err := s.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" {
				t.Fatalf("%d Retry-After=%q", resp.StatusCode, resp.Header.Get("Retry-After"))
			}
		})
	}
}

// TestJournalBeforeAnswer: once a call returns, its request is in the
// journal, so an assertion right after it sees it (over a socket too).
func TestJournalBeforeAnswer(t *testing.T) {
	t.Parallel()
	for kind, newFn := range newFns {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			s := newFn(t, mockserver.Options{EmptyState: true})
			for i := range 40 {
				// The body is left unread: having the headers is enough.
				req, _ := http.NewRequest("GET", s.URL+"/api/environments/1/hog_functions/", nil)
				req.Header.Set("Authorization", token)
				resp, err := s.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				n := len(s.Requests())
				resp.Body.Close()
				if n != i+1 {
					t.Fatalf("after call %d the journal has %d requests", i+1, n)
				}
			}
		})
	}
}

// h2cClient speaks HTTP/2 over cleartext with prior knowledge, as
// gRPC-gateway does, and nothing else.
func h2cClient() *http.Client {
	var p http.Protocols
	p.SetUnencryptedHTTP2(true)
	return &http.Client{Transport: &http.Transport{Protocols: &p}}
}

// The socket server speaks h2c beside HTTP/1.1, through the listener that
// holds HTTP/1 writes: a small answer, one of a few KB (which an HTTP/1
// connection would hold) and a large list page all arrive whole.
func TestServerSpeaksH2C(t *testing.T) {
	t.Parallel()
	s := mockservertest.NewServer(t, mockserver.Options{EmptyState: true})
	c := h2cClient()
	t.Cleanup(c.CloseIdleConnections)
	for i := range 40 {
		body := fmt.Sprintf(`{"name":"h2c-%d","hog":"return %d"}`, i, i)
		if st, b := send(t, c, "POST", s.URL+"/api/environments/1/hog_functions/", body); st != 201 {
			t.Fatalf("create over h2c: %d %s", st, b)
		}
	}
	for _, limit := range []int{1, 3, 40} {
		req, err := http.NewRequest("GET", fmt.Sprintf("%s/api/environments/1/hog_functions/?limit=%d", s.URL, limit), nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", token)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Results []map[string]any `json:"results"`
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil || resp.ProtoMajor != 2 || len(page.Results) != limit {
			t.Errorf("limit=%d: %s, %d results, %v", limit, resp.Proto, len(page.Results), err)
		}
	}
	// HTTP/1.1 still works on the same port.
	if st, _ := send(t, s.Client(), "GET", s.URL+"/api/environments/1/hog_functions/?limit=3", ""); st != 200 {
		t.Errorf("HTTP/1.1 beside h2c: %d", st)
	}
}
