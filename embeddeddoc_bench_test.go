package mockserver

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/mockserver-go/mockserver/internal/posthog"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// BenchmarkEmbeddedLoad is the embedded contract's load, which a process
// pays once (embeddedDoc keeps it), from the snapshot the server starts
// from beside the loadable YAML it was made from, in one run:
//
//	go test -run '^$' -bench '^BenchmarkEmbeddedLoad$' -count 6 . | benchstat -col /form -
func BenchmarkEmbeddedLoad(b *testing.B) {
	behaviours, hooks := posthog.Register()
	opts := spec.LoadOptions{Location: embeddedLocation, Behaviours: names(behaviours), Hooks: names(hooks), SkipValidation: true}
	b.Run("form=yaml", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := spec.Load(embeddedLoadable, opts); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("form=snapshot", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := loadEmbedded(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkEmbeddedFirstAnswer is what a process does after the load to
// its first answer: New on the loaded embedded contract and one GET.
func BenchmarkEmbeddedFirstAnswer(b *testing.B) {
	if _, err := embeddedDoc(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		s, err := New(Options{})
		if err != nil {
			b.Fatal(err)
		}
		req := httptest.NewRequest(http.MethodGet, "http://mock.test/api/projects/1/hog_functions/", nil)
		req.Header.Set("Authorization", "Bearer phx_bench")
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("%d %s", w.Code, w.Body)
		}
	}
}
