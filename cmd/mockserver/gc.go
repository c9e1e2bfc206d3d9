package main

import (
	"math"
	"runtime/debug"
	"sync"
)

// loadMemoryLimit bounds the heap while the collector is paused (pauseGC).
// The embedded contract's load allocates about 10 MiB and never reaches it.
// The full PostHog document's allocates about 125 MiB, of which up to about
// 57 MiB is live at once: at 96 MiB it is collected a few times and peaks at
// about 107 MB of RSS (256 MiB let it peak at 153 MB, past issue 7's 150 MB;
// 64 MiB, close to what is live, made it collect nearly without pause).
const loadMemoryLimit = 96 << 20

// pauseGC turns the garbage collector off for the contract's load and
// returns the function that turns it back on (safe to call more than
// once, from any goroutine). A load leaves only garbage (the YAML trees),
// collected in one go by the debug.FreeOSMemory after start-up, so
// collecting during the load is work done before the first request for
// nothing (issue 7). Turning it back on only after that collection keeps
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
