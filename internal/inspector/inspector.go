package inspector

import (
	"embed"
	"html"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

//go:embed static
var files embed.FS

// Info is what the page shows in its header.
type Info struct {
	// Title is the contract's title (several joined by " + ").
	Title string
	// Operations is the number of operations served.
	Operations int
}

// Mount returns a function that registers the page on the admin group:
// GET /__mock/ (and /__mock, redirected), /__mock/inspector.js and
// /__mock/inspector.css.
func Mount(info Info) func(g *echo.Group) {
	page := render(info)
	return func(g *echo.Group) {
		g.GET("", func(c echo.Context) error {
			return c.Redirect(http.StatusMovedPermanently, c.Request().URL.Path+"/")
		})
		g.GET("/", func(c echo.Context) error {
			c.Response().Header().Set("Cache-Control", "no-store")
			if rememberToken(c) {
				return nil
			}
			return c.HTMLBlob(http.StatusOK, page)
		})
		g.GET("/inspector.js", asset("static/inspector.js", "text/javascript; charset=utf-8"))
		g.GET("/inspector.css", asset("static/inspector.css", "text/css; charset=utf-8"))
	}
}

func asset(name, typ string) echo.HandlerFunc {
	b, err := files.ReadFile(name)
	if err != nil {
		panic("inspector: missing embedded " + name) // a build error, caught by the tests
	}
	return func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "no-cache")
		return c.Blob(http.StatusOK, typ, b)
	}
}

// render fills the page template; the title is escaped.
func render(info Info) []byte {
	b, err := files.ReadFile("static/index.html")
	if err != nil {
		panic("inspector: missing embedded index.html")
	}
	title := info.Title
	if title == "" {
		title = "mockserver"
	}
	ops := itoa(info.Operations) + " operations"
	if info.Operations == 1 {
		ops = "1 operation"
	}
	r := strings.NewReplacer("{{title}}", html.EscapeString(title), "{{operations}}", ops)
	return []byte(r.Replace(string(b)))
}

func itoa(n int) string {
	if n <= 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
