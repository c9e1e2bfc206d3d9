package prefer

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Parse parses the query only when it may hold a "__" key
// (mayHold): preferences sent with escaped underscores are still
// read, and a query it skips holds no such key.
func TestPrefsFromEscapedQuery(t *testing.T) {
	for _, q := range []string{"__code=404", "%5F%5Fcode=404", "_%5fcode=404", "%5f_code=404", "limit=1&__code=404&offset=2"} {
		p, r, err := Parse(httptest.NewRequest("GET", "/x?"+q, nil))
		if err != nil || p.Code != "404" {
			t.Errorf("?%s: code %q, err %v", q, p.Code, err)
		}
		if strings.Contains(strings.ToLower(r.URL.RawQuery), "code") {
			t.Errorf("?%s: not stripped: %s", q, r.URL.RawQuery)
		}
	}
	for _, q := range []string{"", "limit=10&offset=0", "a_b=1", "_code=1", "x=__", "x=%5F", "%255F%255Fcode=1", "q=%41_%42", "_+_code=1"} {
		vals, _ := url.ParseQuery(q)
		held := false
		for k := range vals {
			held = held || strings.HasPrefix(k, "__")
		}
		if held && !mayHold(q) {
			t.Errorf("?%s holds a __ key, mayHold says no", q)
		}
		if !held {
			in := httptest.NewRequest("GET", "/x?"+q, nil)
			if p, r, err := Parse(in); err != nil || r != in || p.Code != "" {
				t.Errorf("?%s: %+v %v, request changed: %v", q, p, err, r != in)
			}
		}
	}
}

func TestDelay(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in     string
		lo, hi time.Duration
	}{
		{"150", 150 * time.Millisecond, 150 * time.Millisecond},
		{"150ms", 150 * time.Millisecond, 150 * time.Millisecond},
		{"1.5s", 1500 * time.Millisecond, 1500 * time.Millisecond},
		{"20-200", 20 * time.Millisecond, 200 * time.Millisecond},
		{"20ms-200ms", 20 * time.Millisecond, 200 * time.Millisecond},
	} {
		lo, hi, err := ParseDelay(tt.in)
		if err != nil || lo != tt.lo || hi != tt.hi {
			t.Errorf("ParseDelay(%q) = %v, %v, %v", tt.in, lo, hi, err)
		}
	}
	for _, bad := range []string{"", "x", "-5", "200-20", "31s"} {
		if _, _, err := ParseDelay(bad); err == nil {
			t.Errorf("ParseDelay(%q) accepted", bad)
		}
	}
	d1 := PickDelay(1, "k", 20*time.Millisecond, 200*time.Millisecond)
	if d1 != PickDelay(1, "k", 20*time.Millisecond, 200*time.Millisecond) || d1 < 20*time.Millisecond || d1 > 200*time.Millisecond {
		t.Fatalf("PickDelay not deterministic or out of range: %v", d1)
	}
	differs := false
	for s := uint64(2); s < 10; s++ {
		differs = differs || PickDelay(s, "k", 20*time.Millisecond, 200*time.Millisecond) != d1
	}
	if !differs {
		t.Fatal("PickDelay ignores the seed")
	}
	if d, ok := Delay(Prefs{Delay: "20-200"}, 1, "k"); !ok || d != d1 {
		t.Errorf("Delay = %v %v, want PickDelay's %v", d, ok, d1)
	}
	if _, ok := Delay(Prefs{}, 1, "k"); ok {
		t.Error("Delay without a delay preference")
	}
}
