package inspector

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

func serve(t *testing.T, info Info, path string) *httptest.ResponseRecorder {
	t.Helper()
	e := echo.New()
	Mount(info)(e.Group("/__mock"))
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

func TestPageAndAssets(t *testing.T) {
	rec := serve(t, Info{Title: `Pets <script>alert(1)</script>`, Operations: 12}, "/__mock/")
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("page: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	body := rec.Body.String()
	if strings.Contains(body, "<script>alert") || !strings.Contains(body, "Pets &lt;script&gt;") {
		t.Error("title not escaped")
	}
	if !strings.Contains(body, "12 operations") || strings.Contains(body, "{{") {
		t.Error("template not filled")
	}
	if one := serve(t, Info{Title: "One", Operations: 1}, "/__mock/").Body.String(); !strings.Contains(one, ">1 operation<") {
		t.Error(`one operation is not "1 operation"`)
	}
	for _, ref := range []string{"http://", "https://", "//cdn"} {
		if strings.Contains(body, ref) {
			t.Errorf("page loads something from outside the binary: %s", ref)
		}
	}
	for path, typ := range map[string]string{"/__mock/inspector.js": "text/javascript", "/__mock/inspector.css": "text/css"} {
		rec := serve(t, Info{}, path)
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), typ) || rec.Body.Len() < 500 {
			t.Errorf("%s: %d %s %d bytes", path, rec.Code, rec.Header().Get("Content-Type"), rec.Body.Len())
		}
		if strings.Contains(rec.Body.String(), "http://") || strings.Contains(rec.Body.String(), "https://") {
			t.Errorf("%s reaches outside the server", path)
		}
	}
	if rec := serve(t, Info{}, "/__mock"); rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/__mock/" {
		t.Errorf("/__mock: %d %q", rec.Code, rec.Header().Get("Location"))
	}
}

func TestScriptUsesTheAdminAPI(t *testing.T) {
	js := serve(t, Info{}, "/__mock/inspector.js").Body.String()
	for _, want := range []string{`"requests?after=" + lastID`, `api("requests/" + id)`, `api("state")`, `api("reset", { method: "POST" })`, "setInterval(poll, 1000)",
		`api("info")`, `api("report")`, `api("faults")`, `api("faults", { method: "POST"`, `api("faults", { method: "DELETE" })`, `api("requests", { method: "DELETE" })`} {
		if !strings.Contains(js, want) {
			t.Errorf("inspector.js lacks %s", want)
		}
	}
}
