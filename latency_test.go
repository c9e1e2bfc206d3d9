package mockserver

import (
	"net/http/httptest"
	"testing"
	"time"
)

func TestLatencyIsDeterministicUnderTheSeed(t *testing.T) {
	r := httptest.NewRequest("GET", "/api/projects/1/hog_functions/?limit=5", nil)
	lat := latency(Options{Seed: 1, Latency: 20 * time.Millisecond, LatencyMax: 200 * time.Millisecond})
	d := lat("op", "", r)
	if d < 20*time.Millisecond || d > 200*time.Millisecond || d != lat("op", "", r) {
		t.Fatalf("range delay %v: out of range or not repeatable", d)
	}
	differs := false
	for s := uint64(2); s < 12 && !differs; s++ {
		differs = latency(Options{Seed: s, Latency: 20 * time.Millisecond, LatencyMax: 200 * time.Millisecond})("op", "", r) != d
	}
	if !differs {
		t.Error("the seed does not change the drawn delay")
	}
	if got := lat("op", "5ms", r); got != 5*time.Millisecond {
		t.Errorf("x-mock-delay should override --latency: %v", got)
	}
	if got := latency(Options{})("op", "", r); got != 0 {
		t.Errorf("no latency configured: %v", got)
	}
	if got := latency(Options{})("op", "10ms-10ms", r); got != 10*time.Millisecond {
		t.Errorf("x-mock-delay alone: %v", got)
	}
	for _, bad := range []string{"fast", "200ms-20ms", "-1s"} {
		if _, _, err := ParseLatency(bad); err == nil {
			t.Errorf("ParseLatency(%q) accepted", bad)
		}
	}
}
