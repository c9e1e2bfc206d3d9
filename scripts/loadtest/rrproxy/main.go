// Command rrproxy is the round-robin reverse proxy of the load test's
// "replicas" mode: each request goes to the next backend in turn, over
// kept-alive connections, as a load balancer in front of replicas would.
//
//	rrproxy -addr 127.0.0.1:4130 http://127.0.0.1:4121 http://127.0.0.1:4122 ...
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"sync/atomic"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:4130", "address to listen on")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: rrproxy [-addr host:port] BACKEND_URL...")
		os.Exit(2)
	}
	var backends []*url.URL
	for _, a := range flag.Args() {
		u, err := url.Parse(a)
		if err != nil || u.Host == "" {
			fmt.Fprintf(os.Stderr, "rrproxy: backend %q: not an http://host:port URL\n", a)
			os.Exit(2)
		}
		backends = append(backends, u)
	}
	var next atomic.Uint64
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 256 // one per client connection: no redials under load
	p := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(backends[(next.Add(1)-1)%uint64(len(backends))])
		},
		Transport: tr,
	}
	log.Fatal(http.ListenAndServe(*addr, p))
}
