package inspector

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// CookieName is the cookie that carries the admin token (--admin-token)
// for a browser, set by the first visit of the page with ?token=.
const CookieName = "mockserver_admin_token"

// Credential returns the admin token a browser sent instead of the
// X-Mock-Admin-Token header: the cookie the page set, or ?token= on the
// page itself (GET /__mock/), which a person types or pastes once.
func Credential(r *http.Request) string {
	if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/__mock/") {
		if t := r.URL.Query().Get("token"); t != "" {
			return t
		}
	}
	if ck, err := r.Cookie(CookieName); err == nil {
		return ck.Value
	}
	return ""
}

// rememberToken answers a page visit with ?token= (already checked by the
// admin endpoints' guard): it stores the token in an HttpOnly, SameSite
// cookie limited to /__mock, which the page's fetches then send, and
// redirects to the page without the token in its URL (history, logs).
func rememberToken(c echo.Context) bool {
	t := c.QueryParam("token")
	if t == "" {
		return false
	}
	c.SetCookie(&http.Cookie{Name: CookieName, Value: t, Path: "/__mock", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	q := c.Request().URL.Query()
	q.Del("token")
	target := c.Request().URL.Path
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	_ = c.Redirect(http.StatusSeeOther, target)
	return true
}
