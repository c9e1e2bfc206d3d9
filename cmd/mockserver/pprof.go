//go:build pprof

package main

import (
	"log"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof/ on http.DefaultServeMux
	"os"
)

// A binary built with -tags pprof (the load test's PROFILE=1) serves
// net/http/pprof on MOCKSERVER_PPROF (host:port), so that the load test
// can take a CPU profile of a replica under load. Release builds carry
// none of it.
func init() {
	addr := os.Getenv("MOCKSERVER_PPROF")
	if addr == "" {
		return
	}
	go func() { log.Print(http.ListenAndServe(addr, nil)) }()
}
