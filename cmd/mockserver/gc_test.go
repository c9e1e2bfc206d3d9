package main

import (
	"errors"
	"math"
	"runtime/debug"
	"testing"
)

// Not parallel: the collector's settings belong to the whole process.
func TestWithoutGCRestoresSettings(t *testing.T) {
	percent := debug.SetGCPercent(77)
	limit := debug.SetMemoryLimit(1 << 40)
	t.Cleanup(func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	})
	failed := errors.New("load failed")
	_, err := withoutGC(func() (int, error) {
		if p := debug.SetGCPercent(math.MaxInt32); p != math.MaxInt32 {
			t.Errorf("GC percent during the load = %d, want %d (off)", p, math.MaxInt32)
		}
		if l := debug.SetMemoryLimit(-1); l != loadMemoryLimit {
			t.Errorf("memory limit during the load = %d, want %d", l, loadMemoryLimit)
		}
		return 0, failed
	})
	if err != failed {
		t.Fatalf("err = %v, want the load's", err)
	}
	if p := debug.SetGCPercent(77); p != 77 {
		t.Errorf("GC percent after a failed load = %d, want 77 restored", p)
	}
	if l := debug.SetMemoryLimit(-1); l != 1<<40 {
		t.Errorf("memory limit after a failed load = %d, want %d restored", l, int64(1<<40))
	}
	// A lower limit the user set (GOMEMLIMIT) is kept during the load.
	debug.SetMemoryLimit(1 << 20)
	_, _ = withoutGC(func() (int, error) {
		if l := debug.SetMemoryLimit(-1); l != 1<<20 {
			t.Errorf("memory limit during the load = %d, want the lower %d kept", l, 1<<20)
		}
		return 0, nil
	})
}
