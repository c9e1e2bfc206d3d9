package engine

import (
	"net/http"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/mediatype"
	"github.com/mockserver-go/mockserver/internal/prefer"
)

// preferDelay sets the exchange's delay from Prefer: delay.
func (e *Engine) preferDelay(c *Call) {
	if c.prefs.Delay == "" {
		return
	}
	if d, ok := prefer.Delay(c.prefs, c.seed(), c.Op.ID+"|"+c.HTTP.URL.RequestURI()); ok {
		c.ex.Delay, c.ex.DelaySet = d, true
	}
}

// seed is the seed generation uses for this call.
func (c *Call) seed() uint64 {
	if c.prefs.Seed != nil {
		return *c.prefs.Seed
	}
	return c.e.cfg.Seed
}

// generator is the fake-data generator for this call: the engine's, or one
// with the seed the request asked for.
func (c *Call) generator() *fixtures.Generator {
	if c.prefs.Seed != nil && *c.prefs.Seed != c.e.cfg.Seed {
		return c.e.gen.WithSeed(*c.prefs.Seed)
	}
	return c.e.gen
}

// dynamic reports whether the request asked for generated data over
// examples.
func (c *Call) dynamic() bool { return c.prefs.Dynamic != nil && *c.prefs.Dynamic }

// Prefs returns the call's preferences.
func (c *Call) Prefs() prefer.Prefs { return c.prefs }

// preferred answers a request that asked for a status or an example, as
// Prism does: from the contract's declared response, without touching
// state. ok is false when the normal dispatch answers (prefer.Decide).
func (e *Engine) preferred(c *Call) (resp *Response, ok bool, err error) {
	if c.prefs.Code == "" && c.prefs.Example == "" {
		return nil, false, nil
	}
	d := prefer.Decide(c.Op, c.prefs, func(status string) *openapi3.MediaType {
		r, _ := c.Op.Response(status)
		if r == nil {
			return nil
		}
		_, media := mediatype.Pick(r.Content, c.HTTP.Header.Get("Accept"))
		return media
	})
	switch {
	case d.NotFound != "":
		return preferNotFound(d.NotFound), true, nil
	case d.Status == "":
		return nil, false, nil
	}
	resp, err = e.generatedAs(c, d.Status, d.Code)
	return resp, true, err
}

// generatedAs answers the declared response for status (which may resolve
// to "default"), with the status code the client asked for when given.
func (e *Engine) generatedAs(c *Call, status, code string) (*Response, error) {
	resp, err := e.generated(c, status)
	if err == nil && code != "" {
		if n, convErr := strconv.Atoi(code); convErr == nil {
			resp.Status = n
		}
	}
	return resp, err
}

// preferNotFound is Prism's NOT_FOUND: always application/problem+json,
// whatever the contract's error format, since it is an answer of the mock
// and not of the API.
func preferNotFound(detail string) *Response {
	return mockProblem(http.StatusNotFound, "urn:mockserver:prefer_not_found", detail, nil)
}

// PreferError renders a malformed Prefer header or __ query parameter.
func PreferError(err error) *Response {
	return mockProblem(http.StatusBadRequest, "urn:mockserver:prefer_invalid", err.Error(), nil)
}
