//go:build unix

package mockserver_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy/pathpattern"
	"github.com/mockserver-go/mockserver"
)

// BenchmarkLoad measures the time and peak heap from a document's bytes
// to the first answer, for mockserver (New, then one GET through the
// server) beside kin-openapi alone (load, validate, build a router, find
// the route of the same GET), in one run so that their ratio holds on a
// busy machine (docs/performance.md; the budget is 1.25×):
//
//	go test -run '^$' -bench '^BenchmarkLoad$' -count 6 . | benchstat -col /side -
//
// peak-heap-MB is the most heap in use (live and garbage) seen while the
// iteration ran, sampled every 200 µs from a clean heap; cpu-ms/op is the
// process's CPU time (every goroutine's, the collector's included), steadier
// than ns/op on a machine shared with other work.
func BenchmarkLoad(b *testing.B) {
	docs := []struct{ name, file, path, auth string }{
		{"zuora", "testdata/corpus/large/zuora.com.json.gz", "/events/event-triggers", "Basic dXNlcjpwYXNz"},
		{"mailchimp", "testdata/corpus/large/mailchimp.com.json.gz", "/lists", "Basic dXNlcjpwYXNz"},
		{"stripe", "testdata/corpus/large/stripe.com.json.gz", "/v1/customers", "Bearer sk_test_bench"},
		{"kubernetes", "testdata/corpus/large/kubernetes-v1.31.0.swagger.json.gz", "/api/v1/namespaces", "Bearer bench"},
		{"twilio", "testdata/corpus/large/twilio.com-api_v2010.json.gz", "/2010-04-01/Accounts.json", "Basic dXNlcjpwYXNz"},
		{"hetzner", "testdata/corpus/large/hetzner.cloud.json.gz", "/servers", "Bearer bench"},
		{"docker", "testdata/corpus/large/docker-engine-v27.3.1.swagger.yaml.gz", "/containers/json", ""},
		{"salesloft", "testdata/corpus/large/salesloft.com.json.gz", "/v2/accounts.json", "Bearer bench"},
		// PostHog's whole document, YAML written by people (1.9 MB).
		{"posthog", "testdata/posthog-openapi.yaml", "/api/projects/1/hog_functions/", "Bearer phx_bench"},
	}
	for _, d := range docs {
		data := readDocument(b, d.file)
		swagger2 := isSwagger2(data)
		b.Run("side=kin/doc="+d.name, func(b *testing.B) {
			measureLoad(b, func() { kinFirstRoute(b, data, d.path, swagger2) })
		})
		b.Run("side=mockserver/doc="+d.name, func(b *testing.B) {
			measureLoad(b, func() { mockFirstAnswer(b, mockserver.Options{Spec: data}, d.path, d.auth) })
		})
	}
}

// kinFirstRoute is what kin-openapi alone does for a server that
// validates requests: load the document, validate it (examples included,
// as mockserver checks them), build its router's path table and route.
// The table is built as legacy.NewRouter builds it, without the second
// validation NewRouter would run.
func kinFirstRoute(b *testing.B, data []byte, path string, swagger2 bool) {
	doc, err := kinDocument(data, swagger2)
	if err != nil {
		b.Fatal(err)
	}
	// A real-world document fails kin-openapi's validation somewhere (its
	// examples, mostly): the work is done all the same, and mockserver
	// turns the failures into warnings.
	_ = doc.Validate(context.Background(), openapi3.EnableMultiError())
	root := &pathpattern.Node{}
	for p, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if err := root.Add(method+" "+p, &routers.Route{Spec: doc, Path: p, PathItem: item, Method: method, Operation: op}, nil); err != nil {
				b.Fatal(err)
			}
		}
	}
	if node, _ := root.Match(http.MethodGet + " " + path); node == nil {
		b.Fatalf("kin-openapi finds no route for GET %s", path)
	}
}

// kinDocument is kin-openapi's load of a document: a Swagger 2.0 one
// (swagger2) converted with openapi2conv, as mockserver converts it.
func kinDocument(data []byte, swagger2 bool) (*openapi3.T, error) {
	if !swagger2 {
		return openapi3.NewLoader().LoadFromData(data)
	}
	var doc2 openapi2.T
	if err := openapi2.UnmarshalFromData(data, &doc2); err != nil {
		return nil, err
	}
	doc, err := openapi2conv.ToV3(&doc2)
	if err != nil {
		return nil, err
	}
	return doc, openapi3.NewLoader().ResolveRefsIn(doc, nil)
}

// mockFirstAnswer starts a server and sends it one GET.
func mockFirstAnswer(b *testing.B, opts mockserver.Options, path, auth string) {
	s, err := mockserver.New(opts)
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "http://mock.test"+path, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	if w.Code >= 500 || w.Code == http.StatusNotFound {
		b.Fatalf("GET %s: %d %s", path, w.Code, w.Body)
	}
}

// measureLoad runs load once per iteration from a collected heap and
// reports the peak heap seen besides the time.
func measureLoad(b *testing.B, load func()) {
	b.ReportAllocs()
	var peak uint64
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		stop := samplePeakHeap()
		before := cpuTime(b)
		b.StartTimer()
		load()
		b.StopTimer()
		cpu += cpuTime(b) - before
		peak = max(peak, stop())
		b.StartTimer()
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}

// samplePeakHeap watches the heap in use until the returned function is
// called, which returns the most it saw.
func samplePeakHeap() func() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	var peak uint64
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			peak = max(peak, read())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return max(peak, read())
	}
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// readDocument reads a file of testdata, gunzipping a .gz one.
func readDocument(tb testing.TB, name string) []byte {
	tb.Helper()
	f, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	if !strings.HasSuffix(name, ".gz") {
		return f
	}
	r, err := gzip.NewReader(bytes.NewReader(f))
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return data
}
