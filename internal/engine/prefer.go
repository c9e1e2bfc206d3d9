package engine

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/errorbody"
	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// Prism compatibility: a request may steer its own answer with the Prefer
// header (RFC 7240) or, where a client cannot set headers, with query
// parameters of the same names prefixed by "__":
//
//	Prefer: code=404              __code=404     answer the declared 404 (or "default" with status 404)
//	Prefer: example=cat           __example=cat  answer that named example
//	Prefer: dynamic=true|false    __dynamic=...  true: generated data even when examples exist; false: examples first
//	Prefer: seed=42               __seed=42      generate with this seed (deterministic for the request)
//	Prefer: delay=150ms           __delay=150    wait before answering (ms or a duration, or a range 20ms-200ms)
//
// The Prefer header wins over the query parameter for the same key. The
// query parameters are removed before the request is validated, so they are
// never reported as unknown parameters. Other preferences (return=minimal,
// ...) are ignored, as RFC 7240 asks.

// Prefs are the preferences a request expressed.
type Prefs struct {
	// Code is the status asked for ("" when none).
	Code string
	// Example is the name of the example asked for ("" when none).
	Example string
	// Dynamic is nil when not given.
	Dynamic *bool
	// Seed is nil when not given.
	Seed *uint64
	// Delay is the raw delay preference ("" when none).
	Delay string
}

// preferKeys are the preferences the engine understands.
var preferKeys = [...]string{"code", "example", "dynamic", "seed", "delay"}

// MaxPreferDelay bounds a delay asked for with Prefer: delay.
const MaxPreferDelay = 30 * time.Second

// ParsePrefs reads the preferences of a request and returns the request
// with the __code, __example, __dynamic, __seed and __delay query
// parameters removed (the same request when it had none). A malformed value
// of a known preference is an error that names it.
func ParsePrefs(r *http.Request) (Prefs, *http.Request, error) {
	var p Prefs
	raw := map[string]string{}
	var q url.Values
	stripped := false
	if mayHoldPrefs(r.URL.RawQuery) {
		q = r.URL.Query()
	}
	for _, k := range preferKeys {
		if vs, ok := q["__"+k]; ok {
			if len(vs) > 0 {
				raw[k] = vs[0]
			}
			q.Del("__" + k)
			stripped = true
		}
	}
	for _, h := range r.Header.Values("Prefer") {
		for _, part := range strings.FieldsFunc(h, func(r rune) bool { return r == ',' || r == ';' }) {
			k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
			k = strings.ToLower(strings.TrimSpace(k))
			v = strings.Trim(strings.TrimSpace(v), `"`)
			for _, known := range preferKeys {
				if k == known {
					raw[k] = v
				}
			}
		}
	}
	if v, ok := raw["code"]; ok {
		if n, err := strconv.Atoi(v); err != nil || n < 100 || n > 599 {
			//lint:ignore ST1005 the message names the Prefer header, and is sent to the client as it is
			return p, r, fmt.Errorf("Prefer code=%q is not an HTTP status code (100-599)", v)
		}
		p.Code = v
	}
	if v, ok := raw["example"]; ok {
		if v == "" {
			//lint:ignore ST1005 the message names the Prefer header, and is sent to the client as it is
			return p, r, fmt.Errorf("Prefer example= needs the name of an example")
		}
		p.Example = v
	}
	if v, ok := raw["dynamic"]; ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			//lint:ignore ST1005 the message names the Prefer header, and is sent to the client as it is
			return p, r, fmt.Errorf("Prefer dynamic=%q is not true or false", v)
		}
		p.Dynamic = &b
	}
	if v, ok := raw["seed"]; ok {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			//lint:ignore ST1005 the message names the Prefer header, and is sent to the client as it is
			return p, r, fmt.Errorf("Prefer seed=%q is not a non-negative integer", v)
		}
		p.Seed = &n
	}
	if v, ok := raw["delay"]; ok {
		if _, _, err := ParseDelay(v); err != nil {
			return p, r, err
		}
		p.Delay = v
	}
	if !stripped {
		return p, r, nil
	}
	r2 := r.Clone(r.Context())
	r2.URL.RawQuery = q.Encode()
	r2.RequestURI = r2.URL.RequestURI()
	return p, r2, nil
}

// mayHoldPrefs reports whether a raw query may carry a "__" parameter: a
// key decoded to "__..." is written with "__" or with an escaped
// underscore ("%5F"). A query without either needs no parsing here.
func mayHoldPrefs(rawQuery string) bool {
	return strings.Contains(rawQuery, "__") || strings.Contains(rawQuery, "%5F") || strings.Contains(rawQuery, "%5f")
}

// ParseDelay reads a delay preference: milliseconds ("150"), a duration
// ("150ms", "1.5s") or a range of either ("20-200", "20ms-200ms"), at most
// MaxPreferDelay.
func ParseDelay(s string) (lo, hi time.Duration, err error) {
	one := func(x string) (time.Duration, error) {
		x = strings.TrimSpace(x)
		if n, err := strconv.ParseUint(x, 10, 32); err == nil {
			return time.Duration(n) * time.Millisecond, nil
		}
		d, err := time.ParseDuration(x)
		if err != nil || d < 0 {
			return 0, fmt.Errorf("bad duration")
		}
		return d, nil
	}
	//lint:ignore ST1005 the message names the Prefer header, and is sent to the client as it is
	bad := fmt.Errorf("Prefer delay=%q: want milliseconds (150), a duration (150ms) or a range (20ms-200ms), at most %s", s, MaxPreferDelay)
	a, b, isRange := strings.Cut(s, "-")
	if lo, err = one(a); err != nil {
		return 0, 0, bad
	}
	hi = lo
	if isRange {
		if hi, err = one(b); err != nil || hi < lo {
			return 0, 0, bad
		}
	}
	if hi > MaxPreferDelay {
		return 0, 0, bad
	}
	return lo, hi, nil
}

// PickDelay draws a delay in [lo, hi] from the seed and a key (the
// operation and the request URI): the same inputs always give the same
// delay.
func PickDelay(seed uint64, key string, lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte(strconv.FormatUint(seed, 10) + "|" + key))
	return lo + time.Duration(h.Sum64()%uint64(hi-lo+1))
}

// preferDelay sets the exchange's delay from Prefer: delay.
func (e *Engine) preferDelay(c *Call) {
	if c.prefs.Delay == "" {
		return
	}
	lo, hi, err := ParseDelay(c.prefs.Delay)
	if err != nil {
		return
	}
	c.ex.Delay = PickDelay(c.seed(), c.Op.ID+"|"+c.HTTP.URL.RequestURI(), lo, hi)
	c.ex.DelaySet = true
}

// seed is the seed generation uses for this call.
func (c *Call) seed() uint64 {
	if c.prefs.Seed != nil {
		return *c.prefs.Seed
	}
	return c.E.cfg.Seed
}

// generator is the fake-data generator for this call: the engine's, or one
// with the seed the request asked for.
func (c *Call) generator() *fixtures.Generator {
	if c.prefs.Seed != nil && *c.prefs.Seed != c.E.cfg.Seed {
		return fixtures.New(*c.prefs.Seed, c.E.doc.T.GetSchemaValidationOptions()...)
	}
	return c.E.gen
}

// dynamic reports whether the request asked for generated data over
// examples.
func (c *Call) dynamic() bool { return c.prefs.Dynamic != nil && *c.prefs.Dynamic }

// Prefs returns the call's preferences.
func (c *Call) Prefs() Prefs { return c.prefs }

// preferred answers a request that asked for a status or an example, as
// Prism does: from the contract's declared response, without touching
// state. ok is false when the request asked for neither (or for the status
// the operation answers anyway, with no example), so the normal dispatch
// runs.
func (e *Engine) preferred(c *Call) (resp *Response, ok bool, err error) {
	p := c.prefs
	if p.Code == "" && p.Example == "" {
		return nil, false, nil
	}
	status := c.Op.Success
	if p.Code != "" {
		if _, key := c.Op.Response(p.Code); key == "" {
			return preferNotFound(fmt.Sprintf("Requested status code %s is not defined in the document for %s %s, and it has no default response. Declared: %s.",
				p.Code, c.Op.Method, c.Op.Path, joinStatuses(c.Op.Statuses))), true, nil
		}
		if p.Code == c.Op.Success && p.Example == "" {
			return nil, false, nil
		}
		status = p.Code
	}
	if p.Example != "" {
		r, _ := c.Op.Response(status)
		var names []string
		if r != nil {
			if _, media := pickMedia(r.Content, c.HTTP.Header.Get("Accept")); media != nil {
				names = exampleNames(media)
			}
		}
		found := false
		for _, n := range names {
			found = found || n == p.Example
		}
		if !found {
			decl := "none"
			if len(names) > 0 {
				decl = strings.Join(names, ", ")
			}
			return preferNotFound(fmt.Sprintf("Response for status %s of %s %s has no example named %q. Declared examples: %s.",
				status, c.Op.Method, c.Op.Path, p.Example, decl)), true, nil
		}
	}
	resp, err = e.generatedAs(c, status, p.Code)
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

// exampleNames lists the named examples of a media type, sorted.
func exampleNames(media *openapi3.MediaType) []string {
	names := make([]string, 0, len(media.Examples))
	for n, ex := range media.Examples {
		if ex != nil && ex.Value != nil {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// namedExample returns the value of the media type's example named name.
func namedExample(media *openapi3.MediaType, name string) (any, bool) {
	ex := media.Examples[name]
	if ex == nil || ex.Value == nil {
		return nil, false
	}
	return ex.Value.Value, true
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

// mockProblem renders an answer of the mock itself as problem+json.
func mockProblem(status int, typ, detail string, vs []problem.Violation) *Response {
	h, b := errorbody.Mock(status, typ, detail, vs)
	return &Response{Status: status, Header: h, Body: b}
}

// strictSelfCheck turns failures of the mock's own response into a 500
// (Prism's --errors), listing what is wrong.
func (e *Engine) strictSelfCheck(c *Call, resp *Response, before int) *Response {
	if !e.cfg.StrictResponses {
		return resp
	}
	var vs []problem.Violation
	for _, v := range c.ex.Violations[before:] {
		if v.In == "response" {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return resp
	}
	detail := fmt.Sprintf("The mock's %d response for %s %s does not conform to the contract: %s", resp.Status, c.Op.Method, c.Op.Path, vs[0].String())
	return mockProblem(http.StatusInternalServerError, "urn:mockserver:invalid_response", detail, vs)
}

// markDeprecated adds Prism's Deprecation header to answers of deprecated
// operations.
func markDeprecated(op *spec.Operation, resp *Response) {
	if op == nil || op.Op == nil || !op.Op.Deprecated || resp == nil {
		return
	}
	if resp.Header == nil {
		resp.Header = http.Header{}
	}
	resp.Header.Set("Deprecation", "true")
}
