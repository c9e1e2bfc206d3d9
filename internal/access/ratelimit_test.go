package access

import (
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// ratesFile declares rate limits: the document's default, a path's own
// windows, an operation without limits, and an open operation.
const ratesFile = "../../testdata/specs/rates.yaml"

// rateDoc is ratesFile's text, for variants of it.
func rateDoc(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(ratesFile)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func rateAccess(t *testing.T, doc string, now *time.Time, on bool) (*Access, *spec.Doc, error) {
	t.Helper()
	d, err := spec.Load([]byte(doc), spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(d, Config{RateLimit: on, Now: func() time.Time { return *now }})
	return a, d, err
}

// rateCheck is the outcome of one request: "OK", or its refusal's kind.
func rateCheck(t *testing.T, a *Access, d *spec.Doc, method, path, key string) (string, *problem.Error) {
	t.Helper()
	r := httptest.NewRequest(method, path, nil)
	if key != "" {
		r.Header.Set("X-Key", key)
	}
	m, ok := d.Match(method, path)
	if !ok || m.Op == nil {
		t.Fatalf("%s %s: no operation", method, path)
	}
	_, perr := a.Check(r, nil, m.Op, m.Params)
	if perr == nil {
		return "OK", nil
	}
	return string(perr.Kind), perr
}

// Rates are data: the document's default, a path item's override (its own
// buckets), an operation's "false", and nothing for anonymous operations.
func TestRateLimitFromTheDocument(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	a, d, err := rateAccess(t, rateDoc(t), &now, true)
	if err != nil {
		t.Fatal(err)
	}
	outcomes := func(method, path, key string, n int) string {
		var out []string
		for range n {
			got, _ := rateCheck(t, a, d, method, path, key)
			out = append(out, got)
		}
		return strings.Join(out, ",")
	}
	if got := outcomes("GET", "/a", "k1", 3); got != "OK,OK,throttled" {
		t.Errorf("/a: %s", got)
	}
	_, perr := rateCheck(t, a, d, "GET", "/a", "k1")
	if perr == nil || perr.Headers["Retry-After"] != "60" || perr.Vars["wait"] != "60" || perr.Vars["seconds"] != "seconds" {
		t.Errorf("429: %+v", perr)
	}
	if got := outcomes("GET", "/a", "k2", 1); got != "OK" {
		t.Errorf("another key: %s", got)
	}
	// /b: 1/second and 3/day; /a's bucket is not touched.
	if got := outcomes("GET", "/b", "k3", 2); got != "OK,throttled" {
		t.Errorf("/b: %s", got)
	}
	if _, perr := rateCheck(t, a, d, "GET", "/b", "k3"); perr == nil || perr.Headers["Retry-After"] != "1" || perr.Vars["seconds"] != "second" {
		t.Errorf("1/second: %+v", perr)
	}
	now = now.Add(time.Second)
	outcomes("GET", "/b", "k3", 1)
	now = now.Add(time.Second)
	outcomes("GET", "/b", "k3", 1)
	now = now.Add(time.Second)
	if _, perr := rateCheck(t, a, d, "GET", "/b", "k3"); perr == nil || perr.Headers["Retry-After"] != "86397" {
		t.Errorf("daily: %+v", perr)
	}
	if got := outcomes("POST", "/b", "k3", 5); got != "OK,OK,OK,OK,OK" {
		t.Errorf("POST /b (x-mock-rate-limit: false): %s", got)
	}
	if got := outcomes("GET", "/open", "", 5); got != "OK,OK,OK,OK,OK" {
		t.Errorf("anonymous: %s", got)
	}
	if got := outcomes("GET", "/a", "k4", 2); got != "OK,OK" {
		t.Errorf("k4: %s", got)
	}
	a.Reset()
	if got := outcomes("GET", "/a", "k1", 2); got != "OK,OK" {
		t.Errorf("after Reset: %s", got)
	}

	// Off unless Config.RateLimit.
	off, d, err := rateAccess(t, rateDoc(t), &now, false)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if got, _ := rateCheck(t, off, d, "GET", "/a", "k1"); got != "OK" {
			t.Fatalf("rate limit off: %s", got)
		}
	}
}

func TestRateLimitBadValues(t *testing.T) {
	t.Parallel()
	now := time.Now()
	for _, bad := range []string{"{burst: 10/fortnight}", "{burst: 0/minute}", "{burst: many}", "true", "[1]"} {
		doc := strings.Replace(rateDoc(t), "{burst: 2/minute}", bad, 1)
		if _, _, err := rateAccess(t, doc, &now, true); err == nil || !strings.Contains(err.Error(), "x-mock-rate-limit (document)") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func TestParseRate(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		n    int
		per  time.Duration
		fail string
	}{
		{"480/minute", 480, time.Minute, ""},
		{" 2 / Hours ", 2, time.Hour, ""},
		{"1/s", 1, time.Second, ""},
		{"3/days", 3, 24 * time.Hour, ""},
		{"0/minute", 0, 0, "positive integer"},
		{"ten/minute", 0, 0, "positive integer"},
		{"5", 0, 0, "positive integer"},
		{"5/fortnight", 0, 0, `unknown unit "fortnight"`},
	} {
		r, err := parseRate(c.in)
		switch {
		case c.fail != "":
			if err == nil || !strings.Contains(err.Error(), c.fail) {
				t.Errorf("%q: %v, want an error with %q", c.in, err, c.fail)
			}
		case err != nil || r.N != c.n || r.Period != c.per:
			t.Errorf("%q: %+v %v, want %d per %v", c.in, r, err, c.n, c.per)
		}
	}
}
