package admin

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/mockserver-go/mockserver/internal/problem"
)

// sameOrigin refuses browser requests that another site's page makes: a
// page the developer happens to open must not read the journal (request
// bodies, headers) or stop, reset or break the mock. It holds whether or
// not an admin token is set: a cookie-borne token would be sent along.
//
// Programs (curl, tests, SDKs) send neither Origin nor Sec-Fetch-Site and
// pass. A browser sends Origin on every cross-origin request but a GET
// navigation, and Sec-Fetch-Site on every request; a link from another
// site to the inspector (a GET that opens a document) still works, since
// the page that linked cannot read what it opens.
func sameOrigin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if why := crossSite(r); why != "" {
			return &problem.Error{Kind: problem.KindPermissionDenied,
				Detail: "The admin endpoints refuse requests from other sites' pages (" + why + "); call them from a program, or open the inspector at this server's own address."}
		}
		return next(c)
	}
}

// crossSite says why r comes from another origin's page, or "" when it
// does not.
func crossSite(r *http.Request) string {
	if o := r.Header.Get("Origin"); o != "" && !sameHost(o, r.Host) {
		return "Origin " + clipOrigin(o) + " is not " + r.Host
	}
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" && !topLevelRead(r) {
		return "Sec-Fetch-Site: cross-site"
	}
	return ""
}

// sameHost reports whether origin (scheme://host[:port]) names host, the
// address the request was sent to. "null" (a sandboxed or file: page)
// names no host.
func sameHost(origin, host string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	want := strings.ToLower(host)
	got := strings.ToLower(u.Host)
	if got == want {
		return true
	}
	// Browsers leave out the default port; a Host header may keep it.
	switch u.Scheme {
	case "http":
		return got+":80" == want
	case "https":
		return got+":443" == want
	}
	return false
}

// topLevelRead is a GET or HEAD that opens a document in a window (not a
// frame): following a link to the inspector.
func topLevelRead(r *http.Request) bool {
	return (r.Method == http.MethodGet || r.Method == http.MethodHead) &&
		r.Header.Get("Sec-Fetch-Mode") == "navigate" && r.Header.Get("Sec-Fetch-Dest") == "document"
}

// clipOrigin keeps an echoed Origin short: it comes from the client.
func clipOrigin(o string) string {
	const max = 100
	if len(o) > max {
		return o[:max] + "…"
	}
	return o
}
