package mockserver

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestCORSPreflightOnAnyPath(t *testing.T) {
	srv, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/projects/1/hog_functions/", "/no/such/path"} {
		r := serve(t, srv, http.MethodOptions, path, "", "Origin", "http://localhost:3000",
			"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization, content-type, x-custom")
		if r.Code != http.StatusNoContent {
			t.Errorf("%s: preflight %d", path, r.Code)
		}
		if r.Header().Get("Access-Control-Allow-Origin") != "http://localhost:3000" ||
			r.Header().Get("Access-Control-Allow-Headers") != "authorization, content-type, x-custom" ||
			r.Header().Get("Access-Control-Allow-Methods") == "" {
			t.Errorf("%s: preflight headers %v", path, r.Header())
		}
	}
	// Actual requests carry the origin and expose the mock's headers.
	r := serve(t, srv, http.MethodGet, "/api/projects/1/hog_functions/", "", "Origin", "http://localhost:3000", "Authorization", "Bearer phx_x")
	if r.Code != 200 || r.Header().Get("Access-Control-Allow-Origin") != "http://localhost:3000" || r.Header().Get("Access-Control-Expose-Headers") == "" {
		t.Errorf("simple request: %d %v", r.Code, r.Header())
	}
}

func TestCORSOff(t *testing.T) {
	srv, err := New(Options{DisableCORS: true})
	if err != nil {
		t.Fatal(err)
	}
	r := serve(t, srv, http.MethodOptions, "/api/projects/1/hog_functions/", "", "Origin", "http://localhost:3000", "Access-Control-Request-Method", "POST")
	if r.Header().Get("Access-Control-Allow-Origin") != "" || r.Code == http.StatusNoContent {
		t.Errorf("CORS off still answers the preflight: %d %v", r.Code, r.Header())
	}
	r = serve(t, srv, http.MethodGet, "/api/projects/1/hog_functions/", "", "Origin", "http://localhost:3000", "Authorization", "Bearer phx_x")
	if r.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS off still allows the origin: %v", r.Header())
	}
}

func TestCORSPreflightWithDocuments(t *testing.T) {
	a := tempSpecFile(t, petsYAML("A", ""))
	m, err := New(Options{Documents: []Document{{Name: "a", SpecFile: a}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/a/pets", "/elsewhere"} {
		r := serve(t, m, http.MethodOptions, path, "", "Origin", "http://x.test", "Access-Control-Request-Method", "GET")
		if r.Code != http.StatusNoContent || r.Header().Get("Access-Control-Allow-Origin") != "http://x.test" {
			t.Errorf("%s: %d %v", path, r.Code, r.Header())
		}
	}
}

// A page on another site must not reach the admin endpoints: CORS headers
// there would let it read the journal, and POST /__mock/stop is a simple
// request that needs no preflight. Over a socket, as a browser sends it.
func TestAdminRefusesOtherSitesPages(t *testing.T) {
	t.Parallel()
	for _, token := range []string{"", "s3cret"} {
		var stopped atomic.Bool
		srv, err := New(Options{AdminToken: token, OnStop: func() { stopped.Store(true) }})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv)
		t.Cleanup(ts.Close)
		send := func(method, path string, hdr ...string) (*http.Response, string) {
			t.Helper()
			req, err := http.NewRequest(method, ts.URL+path, strings.NewReader("x=1"))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "text/plain")
			if token != "" {
				// The browser sends the inspector's cookie along.
				req.Header.Set("Cookie", "mockserver_admin_token="+token)
			}
			for i := 0; i+1 < len(hdr); i += 2 {
				req.Header.Set(hdr[i], hdr[i+1])
			}
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp, string(b)
		}
		evil := []string{"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors"}
		resp, body := send(http.MethodPost, "/__mock/stop", evil...)
		if resp.StatusCode != http.StatusForbidden || stopped.Load() {
			t.Errorf("token %q: cross-site stop answered %d %s (stopped: %v)", token, resp.StatusCode, body, stopped.Load())
		}
		for _, path := range []string{"/__mock/requests", "/__mock/state", "/__mock/report"} {
			resp, body = send(http.MethodGet, path, "Origin", "https://evil.example")
			if resp.StatusCode != http.StatusForbidden || resp.Header.Get("Access-Control-Allow-Origin") != "" ||
				resp.Header.Get("Access-Control-Allow-Credentials") != "" || !strings.Contains(body, "evil.example") {
				t.Errorf("token %q: cross-origin GET %s: %d %v %s", token, path, resp.StatusCode, resp.Header, body)
			}
		}
		// A no-cors request carries no Origin, only Sec-Fetch-Site.
		if resp, _ = send(http.MethodPost, "/__mock/reset", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("token %q: no-cors reset answered %d", token, resp.StatusCode)
		}
		// The preflight gets no CORS headers: the browser sends nothing more.
		resp, _ = send(http.MethodOptions, "/__mock/faults", "Origin", "https://evil.example", "Access-Control-Request-Method", "POST")
		if resp.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("token %q: admin preflight allowed: %v", token, resp.Header)
		}
		// The inspector's own page, a program, and a link followed from
		// another site still work.
		if resp, body = send(http.MethodGet, "/__mock/requests", "Origin", ts.URL, "Sec-Fetch-Site", "same-origin"); resp.StatusCode != http.StatusOK {
			t.Errorf("token %q: same-origin GET: %d %s", token, resp.StatusCode, body)
		}
		if resp, body = send(http.MethodGet, "/__mock/requests"); resp.StatusCode != http.StatusOK {
			t.Errorf("token %q: program GET: %d %s", token, resp.StatusCode, body)
		}
		if resp, body = send(http.MethodGet, "/__mock/", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document"); resp.StatusCode != http.StatusOK {
			t.Errorf("token %q: link to the inspector: %d %s", token, resp.StatusCode, body)
		}
		if resp, _ = send(http.MethodGet, "/__mock/", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "iframe"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("token %q: inspector framed by another site: %d", token, resp.StatusCode)
		}
		if resp, _ = send(http.MethodPost, "/__mock/stop", "Origin", ts.URL); resp.StatusCode != http.StatusAccepted || !stopped.Load() {
			t.Errorf("token %q: same-origin stop answered %d", token, resp.StatusCode)
		}
	}
}

// Cookies cross origins only when asked for.
func TestCORSCredentialsOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	for _, creds := range []bool{false, true} {
		srv, err := New(Options{CORSCredentials: creds})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv)
		t.Cleanup(ts.Close)
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/projects/1/hog_functions/", nil)
		req.Header.Set("Origin", "https://app.example")
		req.Header.Set("Authorization", "Bearer phx_x")
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.Header.Get("Access-Control-Allow-Origin") != "https://app.example" {
			t.Errorf("credentials %v: Allow-Origin %q", creds, resp.Header.Get("Access-Control-Allow-Origin"))
		}
		if got := resp.Header.Get("Access-Control-Allow-Credentials"); (got == "true") != creds {
			t.Errorf("credentials %v: Allow-Credentials %q", creds, got)
		}
	}
}
