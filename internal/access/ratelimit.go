package access

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// rateExt is the vendor extension that declares request rates, at the
// document, path item or operation level (the most specific wins).
const rateExt = "x-mock-rate-limit"

// rateRule is one named rate of x-mock-rate-limit: N requests per period.
type rateRule struct {
	Name   string
	Rate   string // as written, e.g. "480/minute"
	N      int
	Period time.Duration
}

// bucket names the request history a rule counts in: rules with the same
// name and rate share it, wherever they are declared (PostHog's throttle
// scopes: every insights path shares its 240/minute).
func (r rateRule) bucket() string { return r.Name + "=" + r.Rate }

// rateLimiter throttles requests per credential as Django REST Framework's
// SimpleRateThrottle does: a sliding window of request times per bucket;
// a request is refused when any window is full. Each rate records the
// requests it allowed, even one another rate refused (DRF checks every
// throttle); a request no rate allowed counts nowhere.
type rateLimiter struct {
	byOp map[string][]rateRule // operation id -> rules (none: not limited)

	mu      sync.Mutex
	history map[string][]time.Time // credential + bucket -> times, oldest first
}

// newRateLimiter reads x-mock-rate-limit for every operation. A malformed
// value is an error naming where it is.
func newRateLimiter(doc *spec.Doc) (*rateLimiter, error) {
	l := &rateLimiter{byOp: map[string][]rateRule{}, history: map[string][]time.Time{}}
	docRules, _, err := parseRateExt(doc.T.Extensions)
	if err != nil {
		return nil, fmt.Errorf("%s (document): %w", rateExt, err)
	}
	for _, op := range doc.Operations {
		rules := docRules
		if op.PathItem != nil {
			r, set, err := parseRateExt(op.PathItem.Extensions)
			if err != nil {
				return nil, fmt.Errorf("%s (path %s): %w", rateExt, op.Path, err)
			}
			if set {
				rules = r
			}
		}
		if op.Op != nil {
			r, set, err := parseRateExt(op.Op.Extensions)
			if err != nil {
				return nil, fmt.Errorf("%s (%s %s): %w", rateExt, op.Method, op.Path, err)
			}
			if set {
				rules = r
			}
		}
		if len(rules) > 0 {
			l.byOp[op.ID] = rules
		}
	}
	return l, nil
}

// parseRateExt decodes {name: "N/unit", ...}, or false / "off" for no
// limit. set reports whether the extension is present.
func parseRateExt(ext map[string]any) (rules []rateRule, set bool, err error) {
	raw, ok := ext[rateExt]
	if !ok {
		return nil, false, nil
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return nil, true, err
	}
	var off any
	if json.Unmarshal(b, &off) == nil {
		switch v := off.(type) {
		case bool:
			if !v {
				return nil, true, nil
			}
			return nil, true, fmt.Errorf("want {name: N/unit, ...} or false, got true")
		case string:
			if v == "off" || v == "none" {
				return nil, true, nil
			}
		}
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, true, fmt.Errorf("want {name: N/unit, ...} (e.g. {burst: 480/minute, sustained: 4800/hour}) or false: %w", err)
	}
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		r, err := parseRate(m[name])
		if err != nil {
			return nil, true, fmt.Errorf("%s: %w", name, err)
		}
		r.Name = name
		rules = append(rules, r)
	}
	return rules, true, nil
}

var rateUnits = map[string]time.Duration{
	"s": time.Second, "sec": time.Second, "second": time.Second,
	"m": time.Minute, "min": time.Minute, "minute": time.Minute,
	"h": time.Hour, "hour": time.Hour,
	"d": 24 * time.Hour, "day": 24 * time.Hour,
}

// parseRate reads "480/minute" (units: second, minute, hour, day, their
// plurals, or s, m, h, d).
func parseRate(s string) (rateRule, error) {
	n, unit, ok := strings.Cut(strings.TrimSpace(s), "/")
	count, err := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err != nil || count <= 0 {
		return rateRule{}, fmt.Errorf("rate %q: want N/unit with N a positive integer (e.g. 480/minute)", s)
	}
	unit = strings.ToLower(strings.TrimSpace(unit))
	d, ok := rateUnits[unit]
	if !ok {
		d, ok = rateUnits[strings.TrimSuffix(unit, "s")]
	}
	if !ok {
		return rateRule{}, fmt.Errorf("rate %q: unknown unit %q (want second, minute, hour or day)", s, unit)
	}
	return rateRule{Rate: strconv.Itoa(count) + "/" + unit, N: count, Period: d}, nil
}

// allow records a request of key under the rules at now. When a window is
// full it returns how long until the request would be allowed (the
// longest of the full windows' waits), as DRF computes it.
func (l *rateLimiter) allow(key string, rules []rateRule, now time.Time) (wait time.Duration, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ok = true
	for _, r := range rules {
		bk := key + "\x00" + r.bucket()
		h := l.history[bk]
		cut := 0
		for cut < len(h) && !h[cut].After(now.Add(-r.Period)) {
			cut++
		}
		h = h[cut:]
		if len(h) >= r.N {
			ok = false
			if w := r.Period - now.Sub(h[0]); w > wait {
				wait = w
			}
		} else {
			h = append(h, now)
		}
		if len(h) == 0 {
			delete(l.history, bk)
		} else {
			l.history[bk] = h
		}
	}
	return wait, ok
}

func (l *rateLimiter) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.history = map[string][]time.Time{}
}

// throttle refuses a request (KindThrottled, with Retry-After) when rate
// limiting is on (Config.RateLimit) and the request's credential used up a
// rate of its operation. Requests without a credential are not throttled
// (PostHog throttles personal API keys only).
func (a *Access) throttle(op *spec.Operation, cred *Credential) *problem.Error {
	if !a.cfg.RateLimit || cred == nil || cred.Value == "" {
		return nil
	}
	rules := a.limiter.byOp[op.ID]
	if len(rules) == 0 {
		return nil
	}
	wait, ok := a.limiter.allow(cred.Value, rules, a.now())
	if ok {
		return nil
	}
	secs := int(math.Ceil(wait.Seconds()))
	if secs < 1 {
		secs = 1
	}
	return Throttled(secs)
}

// Throttled is the refusal of a request that may be retried in wait
// seconds: its Retry-After header, and the {wait} and {seconds} ("second"
// for 1, as Django REST Framework words it) of its detail.
func Throttled(wait int) *problem.Error {
	unit := "seconds"
	if wait == 1 {
		unit = "second"
	}
	w := strconv.Itoa(wait)
	return &problem.Error{Kind: problem.KindThrottled, Vars: map[string]string{"wait": w, "seconds": unit},
		Headers: map[string]string{"Retry-After": w}}
}
