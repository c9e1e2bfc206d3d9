package handler

import (
	"fmt"
	"net/http"
	"runtime/debug"

	"github.com/labstack/echo/v4"

	"github.com/mockserver-go/mockserver/internal/problem"
)

// recoverer turns a panic into a 500 in the contract's format and logs the
// stack: a bug in the mock must never take the process down.
func (h *handler) recoverer(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				h.log.Error("panic while handling a request", "method", c.Request().Method, "path", c.Request().URL.Path,
					"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				err = &problem.Error{Kind: problem.KindInternal}
			}
		}()
		return next(c)
	}
}

// cors allows browser clients from any origin, and answers preflights for
// any path before routing.
func cors(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		origin := r.Header.Get("Origin")
		if origin == "" {
			return next(c)
		}
		h := c.Response().Header()
		h.Set("Access-Control-Allow-Origin", origin)
		h.Add("Vary", "Origin")
		h.Set("Access-Control-Allow-Credentials", "true")
		h.Set("Access-Control-Expose-Headers", "X-Mock-Violations, X-Mock-Operation, X-Mock-Suggestion, Retry-After, Allow")
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS")
			if rh := r.Header.Get("Access-Control-Request-Headers"); rh != "" {
				h.Set("Access-Control-Allow-Headers", rh)
			} else {
				h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
			}
			h.Set("Access-Control-Max-Age", "600")
			return c.NoContent(http.StatusNoContent)
		}
		return next(c)
	}
}
