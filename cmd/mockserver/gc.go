package main

import (
	"context"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// loadMemoryLimit bounds the heap while the collector is paused (pauseGC).
// The embedded contract's load allocates about 10 MiB and never reaches it.
// The full PostHog document's allocates about 125 MiB, of which up to about
// 57 MiB is live at once: at 96 MiB it is collected a few times and peaks at
// about 107 MB of RSS (256 MiB let it peak at 153 MB, past the 150 MB budget of
// docs/performance.md;
// 64 MiB, close to what is live, made it collect nearly without pause).
const loadMemoryLimit = 96 << 20

// pauseGC turns the garbage collector off for the contract's load and
// returns the function that turns it back on (safe to call more than
// once, from any goroutine). A load leaves only garbage (the YAML trees),
// collected in one go by the debug.FreeOSMemory after start-up, so
// collecting during the load is work done before the first request for
// nothing. Turning it back on only after that collection keeps
// the first requests from paying for it in mark assists, which a heap
// far past its goal would ask of them. Meanwhile a soft memory limit (or
// a lower GOMEMLIMIT) still collects if the heap grows past it.
//
// The collector is turned off with the largest percentage rather than -1:
// -1 first waits for a collection in progress (one may have started as
// the package inits finished) to end. A collector already off that way
// (by a run alongside, as in tests) is left to whoever turned it off, so
// the two never restore each other's settings.
func pauseGC() (resume func()) {
	percent := debug.SetGCPercent(math.MaxInt32)
	if percent == math.MaxInt32 {
		return func() {}
	}
	limit := debug.SetMemoryLimit(-1) // -1 reads the limit
	debug.SetMemoryLimit(min(limit, loadMemoryLimit))
	return sync.OnceFunc(func() {
		debug.SetMemoryLimit(limit)
		debug.SetGCPercent(percent)
	})
}

// gcTuner keeps at least headroom bytes of heap growth between two
// collections. Go's default (GOGC=100) lets the heap grow by as much as is
// live; a mock's live heap is small (the contract, its state, the journal:
// 20–30 MiB under load), so it collects every few hundred requests and the
// collector's marking becomes a large share of a request's CPU.
// While the live heap is under headroom, the tuner raises GOGC so that the
// next collection comes headroom bytes later (live + headroom, about
// 95 MiB of heap at most); from headroom up it is Go's default. It trades
// that memory under load for CPU; idle memory is unchanged.
type gcTuner struct {
	headroom uint64
	set      func(percent int) // debug.SetGCPercent, replaced in tests
	percent  int               // last value set, 0 before the first
}

// percentFor is the GOGC that gives headroom bytes of growth over live.
func (t *gcTuner) percentFor(live uint64) int {
	if live == 0 || live >= t.headroom {
		return 100
	}
	return int(min(t.headroom*100/live, 10000))
}

// adjust sets GOGC for the live heap, unless it is within a tenth of the
// value set last (setting it stops the world briefly).
func (t *gcTuner) adjust(live uint64) {
	p := t.percentFor(live)
	if t.percent != 0 && p*10 >= t.percent*9 && p*10 <= t.percent*11 {
		return
	}
	t.set(p)
	t.percent = p
}

// tuneGC runs a gcTuner until ctx ends, reading the live heap every
// interval. It does nothing with headroom 0 (--gc-headroom 0) or when
// GOGC is set in the environment: the user's choice wins.
func tuneGC(ctx context.Context, headroom uint64, interval time.Duration) {
	if headroom == 0 || os.Getenv("GOGC") != "" {
		return
	}
	t := &gcTuner{headroom: headroom, set: func(p int) { debug.SetGCPercent(p) }}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			t.adjust(sample[0].Value.Uint64())
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
