package mockserver

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver/internal/store"
)

// stateOf writes a state file of n insights in one collection, made from
// one the server creates, and returns its path.
func stateOf(tb testing.TB, n int) string {
	tb.Helper()
	s, err := New(Options{StateFile: "", EmptyState: true})
	if err != nil {
		tb.Fatal(err)
	}
	obj, err := s.Put("insights", map[string]string{"project_id": "1"}, map[string]any{"name": "bench"})
	if err != nil {
		tb.Fatal(err)
	}
	raw, _ := json.Marshal(obj)
	var recs []byte
	for i := 1; i <= n; i++ {
		if i > 1 {
			recs = append(recs, ',')
		}
		recs = fmt.Appendf(recs, `{"id":"%d","obj":%s,"hidden":false,"seq":%d}`, i, withID(raw, i), i)
	}
	doc := fmt.Appendf(nil, `{"format":"mockserver-state","version":1,"collections":{"insights|project_id=1":[%s]}}`, recs)
	path := filepath.Join(tb.TempDir(), "state.json")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

func withID(raw []byte, id int) []byte {
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	m["id"] = id
	out, _ := json.Marshal(m)
	return out
}

// BenchmarkStateFile restores and saves a state of n objects side by side:
// both must grow linearly with n.
func BenchmarkStateFile(b *testing.B) {
	for _, n := range []int{5000, 20000, 40000} {
		path := stateOf(b, n)
		var s *Server
		b.Run(fmt.Sprintf("restore/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if s, err = New(Options{StateFile: path}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("save/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := s.SaveState(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// stateOfResource writes a state file of n objects of resource in one
// collection, each the object the server makes for a Put of a name, under
// its own id and name, and returns its path. With distinct, the names in
// its nested objects (its authors', its template's) are made distinct too,
// so that no object shares them with another.
func stateOfResource(tb testing.TB, resource string, n int, distinct bool) string {
	tb.Helper()
	s, err := New(Options{EmptyState: true})
	if err != nil {
		tb.Fatal(err)
	}
	obj, err := s.Put(resource, map[string]string{"project_id": "1"}, map[string]any{"name": "bench"})
	if err != nil {
		tb.Fatal(err)
	}
	_, integer := obj["id"].(float64)
	recs := fmt.Appendf(nil, `{"format":"mockserver-state","version":1,"collections":{"%s|project_id=1":[`, resource)
	for i := 1; i <= n; i++ {
		if i > 1 {
			recs = append(recs, ',')
		}
		var id any = float64(i)
		if !integer {
			id = fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
		}
		obj["id"], obj["name"] = id, fmt.Sprintf("%s %d", resource, i)
		o := any(obj)
		if distinct {
			o = varied(obj, i)
		}
		raw, err := json.Marshal(o)
		if err != nil {
			tb.Fatal(err)
		}
		recs = fmt.Appendf(recs, `{"id":"%v","obj":%s,"hidden":false,"seq":%d}`, id, raw, i)
	}
	recs = append(recs, "]}}"...)
	path := filepath.Join(tb.TempDir(), "state.json")
	if err := os.WriteFile(path, recs, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// varied is a copy of v whose nested objects' names end in " i".
func varied(v any, i int) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			switch s, ok := x.(string); {
			case ok && (k == "name" || k == "first_name" || k == "last_name" || k == "description"):
				out[k] = fmt.Sprintf("%s %d", s, i)
			default:
				out[k] = varied(x, i)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for j, x := range v {
			out[j] = varied(x, i)
		}
		return out
	}
	return v
}

// BenchmarkRestore restores and saves 100,000 PostHog insights, and as
// many hog functions, side by side: the ratio restore/save is the figure
// to read (docs/limits.md).
func BenchmarkRestore(b *testing.B) {
	const n = 100000
	for _, bench := range []struct {
		resource string
		distinct bool
	}{{"insights", false}, {"insights", true}, {"hog_functions", false}, {"hog_functions", true}} {
		resource := bench.resource
		if bench.distinct {
			resource += "-distinct"
		}
		path := stateOfResource(b, bench.resource, n, bench.distinct)
		var s *Server
		b.Run(fmt.Sprintf("restore/%s/%d", resource, n), func(b *testing.B) {
			b.ReportAllocs()
			defer reportCPU(b)()
			for b.Loop() {
				var err error
				if s, err = New(Options{StateFile: path}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("save/%s/%d", resource, n), func(b *testing.B) {
			b.ReportAllocs()
			defer reportCPU(b)()
			for b.Loop() {
				if err := s.SaveState(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// reportCPU reports the CPU time the process spent per operation
// (cpu-ms/op), garbage collection included, from now until the function
// it returns is called: on a machine shared with other work, wall time
// says more about the others than about the code.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRestoreCheck checks one restored insight against the contract:
// as CheckRestored does, and with a RestoreCheck whose memo knows every
// value but the object's id and name (a state whose objects share their
// other values) or none of them.
func BenchmarkRestoreCheck(b *testing.B) {
	s, err := New(Options{EmptyState: true})
	if err != nil {
		b.Fatal(err)
	}
	obj, err := s.Put("insights", map[string]string{"project_id": "1"}, map[string]any{"name": "bench"})
	if err != nil {
		b.Fatal(err)
	}
	eng := s.docs[0].eng
	key := "insights|project_id=1"
	id := fmt.Sprint(obj["id"])
	raw, _ := json.Marshal(obj)
	b.Run("CheckRestored", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := eng.CheckRestored(key, id, obj); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("memo-shared", func(b *testing.B) {
		b.ReportAllocs()
		rc := eng.NewRestoreCheck()
		for b.Loop() {
			if _, err := rc.Check(key, id, nil, store.NewRawObject(raw)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("memo-distinct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := eng.NewRestoreCheck().Check(key, id, nil, store.NewRawObject(raw)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
