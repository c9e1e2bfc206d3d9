package handler_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"testing"

	"github.com/mockserver-go/mockserver/internal/engine"
	"github.com/mockserver-go/mockserver/internal/handler"
	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/posthog"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// benchServer wires the embedded contract the way the root package's New
// does (PostHog behaviours and hooks, self-check on, journal on).
func benchServer(b testing.TB) (http.Handler, *engine.Engine) {
	b.Helper()
	data, err := os.ReadFile("../../openapi.yaml")
	if err != nil {
		b.Fatal(err)
	}
	doc, err := spec.Load(data, spec.LoadOptions{Location: "openapi.yaml", Behaviours: posthog.Names()})
	if err != nil {
		b.Fatal(err)
	}
	behaviours, hooks := posthog.Register()
	eng, err := engine.New(engine.Config{Doc: doc, Behaviours: behaviours, Hooks: hooks, SelfCheck: true})
	if err != nil {
		b.Fatal(err)
	}
	h := handler.New(handler.Config{Engine: eng, Journal: journal.New(0), CORS: true})
	return h, eng
}

// createHog makes a hog function through the API and returns its id.
func createHog(b *testing.B, h http.Handler) string {
	b.Helper()
	body := `{"name":"bench","type":"destination","hog":"return event","enabled":true}`
	w := serve(h, http.MethodPost, "/api/environments/1/hog_functions/", body, true)
	if w.Code != http.StatusCreated {
		b.Fatalf("create: %d %s", w.Code, w.Body)
	}
	var obj map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &obj); err != nil {
		b.Fatal(err)
	}
	return obj["id"].(string)
}

func serve(h http.Handler, method, path, body string, auth bool) *httptest.ResponseRecorder {
	var r *http.Request
	if body != "" {
		r = httptest.NewRequest(method, path, bytes.NewBufferString(body))
		r.Header.Set("Content-Type", "application/json")
	} else {
		r = httptest.NewRequest(method, path, nil)
	}
	if auth {
		r.Header.Set("Authorization", "Bearer x")
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// BenchmarkRequest is the whole request in-process (no socket): the load
// test's five scenarios through echo, the engine, self-check and journal.
func BenchmarkRequest(b *testing.B) {
	h, _ := benchServer(b)
	id := createHog(b, h)
	hog := "/api/environments/1/hog_functions/" + id + "/"
	cases := []struct {
		name, method, path, body string
		auth                     bool
		want                     int
	}{
		{"get_hog", http.MethodGet, hog, "", true, 200},
		{"patch_hog", http.MethodPatch, hog, `{"name":"n","enabled":true}`, true, 200},
		{"list_insights", http.MethodGet, "/api/environments/1/insights/?limit=10&offset=0", "", true, 200},
		{"patch_invalid", http.MethodPatch, hog, `{"enabled":"notabool"}`, true, 400},
		{"get_noauth", http.MethodGet, hog, "", false, 401},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			if w := serve(h, tc.method, tc.path, tc.body, tc.auth); w.Code != tc.want {
				b.Fatalf("status %d, want %d: %s", w.Code, tc.want, w.Body)
			}
			b.ReportAllocs()
			for b.Loop() {
				serve(h, tc.method, tc.path, tc.body, tc.auth)
			}
		})
	}
}

// BenchmarkScale reads one object and a page of 100 from collections of
// 100 and of 100,000 objects: both should cost the same. Hog functions are
// listed in the contract's declared order (x-mock-resource order), insights
// in creation order.
func BenchmarkScale(b *testing.B) {
	for _, n := range []int{100, 100_000} {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			h, eng := benchServer(b)
			id := createHog(b, h)
			fill(b, eng, "hog_functions", n)
			fill(b, eng, "insights", n)
			logHeap(b)
			get := "/api/environments/1/hog_functions/" + id + "/"
			page := "?limit=100&offset=" + strconv.Itoa(n/2-50)
			cases := []struct{ name, path string }{
				{"get_hog", get},
				{"list100_insights", "/api/environments/1/insights/" + page},
				{"list100_hog_functions_ordered", "/api/environments/1/hog_functions/" + page},
			}
			for _, tc := range cases {
				b.Run(tc.name, func(b *testing.B) {
					// Serve once (renderings cached) and collect the fill's
					// garbage, so that the loop pays only for itself.
					if w := serve(h, http.MethodGet, tc.path, "", true); w.Code != 200 {
						b.Fatal(w.Code)
					}
					runtime.GC()
					b.ReportAllocs()
					cpu := cpuTime()
					w := &sink{}
					for b.Loop() {
						r := httptest.NewRequest(http.MethodGet, tc.path, nil)
						r.Header.Set("Authorization", "Bearer x")
						*w = sink{header: make(http.Header, 4)}
						h.ServeHTTP(w, r)
						if w.code != 200 || w.n == 0 {
							b.Fatal(w.code, w.n)
						}
					}
					b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
				})
			}
		})
	}
}

// sink is a ResponseWriter that, like a server writing to its connection
// through a fixed buffer, keeps nothing of the body: unlike
// httptest.ResponseRecorder, whose growing buffer would double a page's
// allocations (and so the garbage collector's work, which is what grows
// with the store).
type sink struct {
	header http.Header
	code   int
	n      int
}

func (w *sink) Header() http.Header { return w.header }

func (w *sink) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}

func (w *sink) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.n += len(p)
	return len(p), nil
}

// cpuTime is the CPU time the process has used, in nanoseconds, garbage
// collection included. Per request, it is less disturbed than the wall
// time by other processes competing for the cores.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// logHeap logs the live heap (bytes and objects) after a collection: what
// every garbage collection cycle has to mark.
func logHeap(b *testing.B) {
	b.Helper()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.Logf("live heap after fill: %.1f MB in %d objects", float64(m.HeapAlloc)/1e6, m.HeapObjects)
}

// fill grows a resource's project-1 collection to n objects, copies of its
// first one with new ids, straight into the store (as fixtures would).
func fill(b testing.TB, eng *engine.Engine, resource string, n int) {
	b.Helper()
	res := eng.Doc().Resources[resource]
	coll := eng.CollectionFor(res, map[string]string{"project_id": "1"})
	recs, _ := coll.Page(0, 1)
	if len(recs) == 0 {
		b.Fatalf("%s: no seeded object", resource)
	}
	tmpl := recs[0].Object()
	for i := coll.Len(); i < n; i++ {
		obj := make(map[string]any, len(tmpl))
		for k, v := range tmpl {
			obj[k] = v
		}
		key := "0190e5a2-0000-7000-8000-" + strconv.FormatInt(int64(1e11+i), 10)
		var id any = key
		if res.IDKind == "integer" {
			next := coll.NextInt()
			key, id = strconv.FormatInt(next, 10), float64(next)
		}
		obj[res.IDField] = id
		if _, err := coll.Insert(key, obj); err != nil {
			b.Fatal(err)
		}
	}
	if coll.Len() != n {
		b.Fatalf("%s: %d objects, want %d", resource, coll.Len(), n)
	}
}
