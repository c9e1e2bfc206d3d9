package posthog_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver"
)

// throttled is a mock with --rate-limit and a clock the test moves.
func throttled(t *testing.T) (*mock, *time.Time) {
	t.Helper()
	now := clock
	m := newMock(t, mockserver.Options{EmptyState: true, RateLimit: true, Now: func() time.Time { return now }})
	return m, &now
}

func (m *mock) burst(n int, path string, hdr ...string) {
	m.t.Helper()
	for i := 0; i < n; i++ {
		if r := m.do("GET", path, nil, hdr...); r.status != 200 {
			m.t.Fatalf("request %d of %d to %s: %d %s", i+1, n, path, r.status, r.raw)
		}
	}
}

func wantThrottled(t *testing.T, r reply, wait int) {
	t.Helper()
	unit := " seconds."
	if wait == 1 {
		unit = " second."
	}
	r.wantError(t, 429, "throttled_error", "throttled", "Request was throttled. Expected available in "+strconv.Itoa(wait)+unit, nil)
	if got := r.header.Get("Retry-After"); got != strconv.Itoa(wait) {
		t.Fatalf("Retry-After %q, want %d", got, wait)
	}
}

func TestRateLimitOffByDefault(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	m.burst(500, hf)
}

// §3.4: 480/minute per key on hog functions; the window slides; refused
// requests do not count; other keys and unauthenticated requests have
// their own fate.
func TestRateLimitBurst(t *testing.T) {
	m, now := throttled(t)
	start := *now
	m.burst(480, hf)
	wantThrottled(t, m.do("GET", hf, nil), 60)
	*now = start.Add(15 * time.Second)
	wantThrottled(t, m.do("POST", hf, map[string]any{"hog": "x"}), 45)
	*now = start.Add(59*time.Second + 200*time.Millisecond)
	wantThrottled(t, m.do("GET", hf, nil), 1) // 0.8s, rounded up, singular

	// Another key has its own bucket; no credential is a 401, not a 429.
	m.do("GET", hf, nil, "Authorization", "Bearer phx_other").want(t, 200)
	m.do("GET", hf, nil, "Authorization", "").want(t, 401)

	// A minute after the first request the window is empty again: the
	// refused requests above did not count.
	*now = start.Add(time.Minute)
	m.burst(480, hf)
	wantThrottled(t, m.do("GET", hf, nil), 60)

	// Reset forgets the history.
	m.srv.Reset()
	m.do("GET", hf, nil).want(t, 200)
}

// §3.4: insights use the ClickHouse throttles (240/minute, 1200/hour),
// one bucket for every insights path, separate from the default one.
func TestRateLimitInsights(t *testing.T) {
	m, now := throttled(t)
	start := *now
	m.burst(120, ins)
	m.burst(120, "/api/environments/1/insights/")
	wantThrottled(t, m.do("GET", ins, nil), 60)
	m.do("GET", hf, nil).want(t, 200) // hog functions: the default bucket

	// Sustained: 1200/hour. The request refused above by the burst rate
	// still counted in the sustained one (DRF checks every throttle and
	// each records what it allowed), so the hour is full one request early.
	for i := 1; i <= 3; i++ {
		*now = start.Add(time.Duration(i) * time.Minute)
		m.burst(240, ins)
	}
	*now = start.Add(4 * time.Minute)
	m.burst(239, ins)
	wantThrottled(t, m.do("GET", ins, nil), 3360) // the oldest request leaves the hour 56 minutes from now
	*now = start.Add(5 * time.Minute)
	wantThrottled(t, m.do("GET", ins+"?refresh=true", nil), 3300)
	*now = start.Add(time.Hour)
	m.burst(240, ins)
}
