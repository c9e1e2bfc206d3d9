package prefer

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
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

// keys are the preferences the mock understands.
var keys = [...]string{"code", "example", "dynamic", "seed", "delay"}

// MaxDelay bounds a delay asked for with Prefer: delay.
const MaxDelay = 30 * time.Second

// Parse reads the preferences of a request and returns the request
// with the __code, __example, __dynamic, __seed and __delay query
// parameters removed (the same request when it had none). A malformed value
// of a known preference is an error that names it.
func Parse(r *http.Request) (Prefs, *http.Request, error) {
	var p Prefs
	raw := map[string]string{}
	var q url.Values
	stripped := false
	if mayHold(r.URL.RawQuery) {
		q = r.URL.Query()
	}
	for _, k := range keys {
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
			for _, known := range keys {
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

// mayHold reports whether a raw query may carry a "__" parameter: a
// key decoded to "__..." is written with "__" or with an escaped
// underscore ("%5F"). A query without either needs no parsing here.
func mayHold(rawQuery string) bool {
	return strings.Contains(rawQuery, "__") || strings.Contains(rawQuery, "%5F") || strings.Contains(rawQuery, "%5f")
}

// ParseDelay reads a delay preference: milliseconds ("150"), a duration
// ("150ms", "1.5s") or a range of either ("20-200", "20ms-200ms"), at most
// MaxDelay.
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
	bad := fmt.Errorf("Prefer delay=%q: want milliseconds (150), a duration (150ms) or a range (20ms-200ms), at most %s", s, MaxDelay)
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
	if hi > MaxDelay {
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
