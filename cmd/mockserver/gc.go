package main

import (
	"math"
	"runtime/debug"
)

// loadMemoryLimit bounds the heap while the collector is off (withoutGC).
// The embedded contract's load allocates about 10 MiB; the full PostHog
// document's about 125 MiB, of which up to about 57 MiB is live at once.
// Neither reaches it. A lower limit would make the full document's load
// collect nearly without pause, as the limit nears what is live.
const loadMemoryLimit = 256 << 20

// withoutGC runs f, the contract's load, with the garbage collector off.
// A load leaves only garbage (the YAML trees), which the
// debug.FreeOSMemory after start-up collects in one go, so collecting
// during the load is work done before the first request for nothing
// (issue 7). A soft memory limit (or a lower GOMEMLIMIT) still collects if
// the heap grows past it. Both settings are restored when f returns.
//
// The collector is turned off with the largest percentage rather than -1:
// -1 first waits for a collection in progress (one often starts as the
// package inits finish) to end.
func withoutGC[T any](f func() (T, error)) (T, error) {
	percent := debug.SetGCPercent(math.MaxInt32)
	limit := debug.SetMemoryLimit(-1) // -1 reads the limit
	debug.SetMemoryLimit(min(limit, loadMemoryLimit))
	defer func() {
		debug.SetMemoryLimit(limit)
		debug.SetGCPercent(percent)
	}()
	return f()
}
