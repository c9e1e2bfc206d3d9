package handler

import (
	"compress/flate"
	"compress/gzip"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/mockserver-go/mockserver/internal/problem"
)

// middlewares are echo's own, configured to keep the contract's error
// format: a panic, a body over the limit and a body that is not the gzip
// it claims to be all end in errorHandler as a *problem.Error or an error
// that bodyError recognises.
func (h *handler) middlewares(e *echo.Echo) {
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		DisableStackAll: true, // the panicking goroutine's stack, not every goroutine's
		StackSize:       16 << 10,
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			h.log.Error("panic while handling a request", "method", c.Request().Method, "path", c.Request().URL.Path,
				"panic", err.Error(), "stack", string(stack))
			return &problem.Error{Kind: problem.KindInternal}
		},
	}))
	if h.cfg.CORS {
		e.Use(middleware.CORSWithConfig(corsConfig(h.cfg.CORSCredentials)))
	}
	// Decompress before BodyLimit: the limit counts the decoded bytes, so
	// a small gzip body cannot expand past it.
	e.Use(middleware.DecompressWithConfig(middleware.DecompressConfig{Skipper: noBody}))
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Skipper: noBody, Limit: strconv.FormatInt(h.cfg.MaxBody, 10)}))
}

// noBody skips the body middleware for a request without a body: a
// caller of ServeHTTP may pass a client's request, whose Body is nil,
// and neither middleware expects one.
func noBody(c echo.Context) bool {
	b := c.Request().Body
	return b == nil || b == http.NoBody
}

// corsConfig allows browser clients from any origin on the contract's
// paths. Credentials (cookies) are allowed only when asked for, and the
// admin endpoints get no CORS headers at all: a page on another site must
// not read the journal or stop the mock (package admin also refuses its
// requests).
func corsConfig(credentials bool) middleware.CORSConfig {
	return middleware.CORSConfig{
		Skipper: func(c echo.Context) bool {
			r := c.Request()
			if isAdmin(r) || r.Header.Get("Origin") == "" {
				return true // not a browser's cross-origin request: nothing to add
			}
			// Only preflights are answered here: a plain OPTIONS request
			// (no Access-Control-Request-Method) is the contract's to answer.
			return r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") == ""
		},
		// Every origin is allowed, and named in the answer (rather than
		// "*") so that credentials work when they are allowed.
		AllowOriginFunc:  func(string) (bool, error) { return true, nil },
		AllowCredentials: credentials,
		AllowMethods:     []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"},
		// No AllowHeaders: echo answers with the headers the preflight asks for.
		ExposeHeaders: []string{"X-Mock-Violations", "X-Mock-Operation", "X-Mock-Suggestion", "Retry-After", "Allow"},
		MaxAge:        600,
	}
}

func isAdmin(r *http.Request) bool {
	return r.URL.Path == AdminPrefix || strings.HasPrefix(r.URL.Path, AdminPrefix+"/")
}

// bodyError turns an error met while reading a request body (echo's
// BodyLimit, Decompress, or the connection) into the answer the client
// gets: 413 over the limit, else 400. It returns nil for other errors.
func (h *handler) bodyError(err error) *problem.Error {
	if errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
		limit := strconv.FormatInt(h.cfg.MaxBody, 10)
		return &problem.Error{Kind: problem.KindPayloadTooLarge, Vars: map[string]string{"limit": limit},
			Violations: []problem.Violation{{In: "body", Code: "payload_too_large", Expected: "at most " + limit + " bytes",
				Got: "more", Message: "The request body is larger than the server's limit (--max-body)."}}}
	}
	var corrupt flate.CorruptInputError
	var ne net.Error
	if !errors.Is(err, gzip.ErrHeader) && !errors.Is(err, gzip.ErrChecksum) && !errors.Is(err, io.ErrUnexpectedEOF) &&
		!errors.As(err, &corrupt) && !errors.As(err, &ne) {
		return nil
	}
	return unreadable(err)
}

// unreadable is the 400 for a body that could not be read (or decoded).
func unreadable(err error) *problem.Error {
	why := err.Error()
	var ne net.Error
	switch {
	case errors.Is(err, gzip.ErrHeader) || errors.Is(err, gzip.ErrChecksum):
		why = "Content-Encoding says gzip, but " + why
	case errors.As(err, &ne) && ne.Timeout():
		// net's own text names the server's socket addresses.
		why = "it did not arrive within the server's read timeout"
	case errors.As(err, &ne):
		why = "the connection failed while it was sent"
	}
	return &problem.Error{Kind: problem.KindParseError, Vars: map[string]string{"reason": "the body could not be read: " + why},
		Violations: []problem.Violation{{In: "body", Code: "parse_error", Message: "The request body could not be read: " + why}}}
}
