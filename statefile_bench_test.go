package mockserver

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
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
