package main

import (
	"math"
	"runtime/debug"
	"slices"
	"testing"
)

// Not parallel: the collector's settings belong to the whole process.
func TestPauseGCResumes(t *testing.T) {
	percent := debug.SetGCPercent(77)
	limit := debug.SetMemoryLimit(1 << 40)
	t.Cleanup(func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	})
	resume := pauseGC()
	if p := debug.SetGCPercent(math.MaxInt32); p != math.MaxInt32 {
		t.Errorf("GC percent while paused = %d, want %d (off)", p, math.MaxInt32)
	}
	if l := debug.SetMemoryLimit(-1); l != loadMemoryLimit {
		t.Errorf("memory limit while paused = %d, want %d", l, loadMemoryLimit)
	}
	// A second pause (a run alongside) leaves resuming to the first.
	pauseGC()()
	if p := debug.SetGCPercent(math.MaxInt32); p != math.MaxInt32 {
		t.Errorf("GC percent after a nested pause and resume = %d, want %d (still off)", p, math.MaxInt32)
	}
	resume()
	if p := debug.SetGCPercent(77); p != 77 {
		t.Errorf("GC percent after resume = %d, want 77 restored", p)
	}
	if l := debug.SetMemoryLimit(-1); l != 1<<40 {
		t.Errorf("memory limit after resume = %d, want %d restored", l, int64(1<<40))
	}
	// A second call (run's deferred one) changes nothing.
	debug.SetGCPercent(55)
	resume()
	if p := debug.SetGCPercent(77); p != 55 {
		t.Errorf("a second resume set GC percent to %d, want 55 left alone", p)
	}
	// A lower limit the user set (GOMEMLIMIT) is kept while paused.
	debug.SetMemoryLimit(1 << 20)
	resume = pauseGC()
	if l := debug.SetMemoryLimit(-1); l != 1<<20 {
		t.Errorf("memory limit while paused = %d, want the lower %d kept", l, 1<<20)
	}
	resume()
}

// The tuner keeps headroom bytes of growth while the live heap is small,
// Go's default from headroom up, and leaves GOGC alone for small changes.
func TestGCTunerKeepsHeadroom(t *testing.T) {
	var set []int
	tu := &gcTuner{headroom: 64 << 20, set: func(p int) { set = append(set, p) }}
	for _, c := range []struct {
		live uint64
		want int
	}{{16 << 20, 400}, {32 << 20, 200}, {64 << 20, 100}, {1 << 30, 100}, {1 << 10, 10000}, {0, 100}} {
		if got := tu.percentFor(c.live); got != c.want {
			t.Errorf("percentFor(%d) = %d, want %d", c.live, got, c.want)
		}
	}
	tu.adjust(16 << 20) // 400
	tu.adjust(17 << 20) // 376: within a tenth, kept
	tu.adjust(32 << 20) // 200
	tu.adjust(1 << 30)  // 100
	tu.adjust(2 << 30)  // 100 again: nothing to do
	if want := []int{400, 200, 100}; !slices.Equal(set, want) {
		t.Errorf("GOGC set to %v, want %v", set, want)
	}
}
