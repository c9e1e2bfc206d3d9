package inspector_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
	"github.com/mockserver-go/mockserver/internal/inspector"
)

const adminToken = "s3cret-admin"

func tokenServer(t *testing.T) *mockserver.Server {
	t.Helper()
	srv, err := mockserver.New(mockserver.Options{AdminToken: adminToken})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

func visit(srv http.Handler, method, target string, cookie *http.Cookie, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	if cookie != nil {
		r.AddCookie(cookie)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, r)
	return w
}

// With --admin-token, a browser opens /__mock/?token=… once: the page
// stores the token in a cookie and drops it from the URL; its fetches then
// pass. The query token is only accepted on the page.
func TestPageWithAdminToken(t *testing.T) {
	srv := tokenServer(t)
	if w := visit(srv, "GET", "/__mock/", nil); w.Code != 401 {
		t.Fatalf("page without the token: %d", w.Code)
	}
	if w := visit(srv, "GET", "/__mock/?token=wrong", nil); w.Code != 401 || w.Header().Get("Set-Cookie") != "" {
		t.Fatalf("wrong token: %d %q", w.Code, w.Header().Get("Set-Cookie"))
	}
	w := visit(srv, "GET", "/__mock/?token="+adminToken, nil)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/__mock/" {
		t.Fatalf("first visit: %d %q", w.Code, w.Header().Get("Location"))
	}
	cookies := (&http.Response{Header: w.Header()}).Cookies()
	if len(cookies) != 1 || cookies[0].Name != inspector.CookieName || cookies[0].Value != adminToken || !cookies[0].HttpOnly ||
		cookies[0].SameSite != http.SameSiteStrictMode || cookies[0].Path != "/__mock" {
		t.Fatalf("cookie: %+v", cookies)
	}
	ck := cookies[0]
	for _, c := range []struct{ method, path string }{{"GET", "/__mock/"}, {"GET", "/__mock/inspector.js"}, {"GET", "/__mock/requests"},
		{"GET", "/__mock/state"}, {"POST", "/__mock/reset"}} {
		if w := visit(srv, c.method, c.path, ck); w.Code != 200 {
			t.Errorf("%s %s with the cookie: %d %s", c.method, c.path, w.Code, w.Body)
		}
	}
	if w := visit(srv, "GET", "/__mock/requests", &http.Cookie{Name: inspector.CookieName, Value: "forged"}); w.Code != 401 {
		t.Errorf("forged cookie: %d", w.Code)
	}
	if w := visit(srv, "GET", "/__mock/requests?token="+adminToken, nil); w.Code != 401 {
		t.Errorf("query token outside the page: %d", w.Code)
	}
	if w := visit(srv, "GET", "/__mock/requests", nil, "X-Mock-Admin-Token", adminToken); w.Code != 200 {
		t.Errorf("header: %d", w.Code)
	}
	if w := visit(srv, "GET", "/__mock/?token="+adminToken+"&x=1", nil); !strings.HasSuffix(w.Header().Get("Location"), "/__mock/?x=1") {
		t.Errorf("other query parameters are kept: %q", w.Header().Get("Location"))
	}
}

// The page works in a real browser opened with ?token=.
func TestInspectorInChromiumWithAdminToken(t *testing.T) {
	c := startChromium(t)
	ts := httptest.NewServer(tokenServer(t))
	defer ts.Close()
	if s := send(t, ts.URL, "GET", "/api/projects/1/hog_functions/", ""); s != 200 {
		t.Fatalf("list: %d", s)
	}
	if err := c.call("Page.enable", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.call("Page.navigate", map[string]any{"url": ts.URL + "/__mock/?token=" + adminToken}, nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, c, "the request in the list", `document.querySelectorAll("#requests li.req").length === 1`)
	var href string
	if err := c.eval(`location.href`, &href); err != nil || strings.Contains(href, "token") {
		t.Fatalf("the token stays in the URL: %q %v", href, err)
	}
	if s := send(t, ts.URL, "POST", "/api/projects/1/hog_functions/", `{"name":5}`); s != 400 {
		t.Fatalf("invalid create: %d", s)
	}
	waitFor(t, c, "the new request", `document.querySelectorAll("#requests li.req").length === 2`)
	// Every view's endpoint takes the cookie too.
	waitFor(t, c, "the info, report and faults", `document.querySelector("#fault-op option") !== null &&
		document.querySelector("#violation-count").textContent === "1" && document.querySelector("#faults-empty").textContent.startsWith("No fault")`)
}
