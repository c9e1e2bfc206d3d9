package storetest

import (
	"strconv"
	"testing"

	"github.com/mockserver-go/mockserver/internal/store"
)

// Benchmark measures the operations of a request through the interface
// (get, a page, an update, a create) on a collection of 10,000 objects,
// so that implementations compare side by side with benchstat.
func Benchmark(b *testing.B, newStore func(b *testing.B) store.Store) {
	const n = 10_000
	filled := func(b *testing.B) store.Store {
		s := newStore(b)
		for i := range n {
			obj := map[string]any{"id": float64(i), "name": "function " + strconv.Itoa(i), "enabled": i%2 == 0}
			if _, err := s.Create(b.Context(), key, strconv.Itoa(i), obj); err != nil {
				b.Fatal(err)
			}
		}
		return s
	}
	b.Run("Get", func(b *testing.B) {
		s := filled(b)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := s.Get(b.Context(), key, "5000"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("List", func(b *testing.B) {
		s := filled(b)
		if _, _, err := s.List(b.Context(), key, byName, 0, 1); err != nil { // builds the order's index
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if recs, _, err := s.List(b.Context(), key, byName, n/2, 100); err != nil || len(recs) != 100 {
				b.Fatal(len(recs), err)
			}
		}
	})
	b.Run("Update", func(b *testing.B) {
		s := filled(b)
		i := 0.0
		b.ReportAllocs()
		for b.Loop() {
			i++
			if _, err := s.Update(b.Context(), key, "5000", false, func(ch *store.Change) error {
				ch.Obj["enabled"] = i
				return nil
			}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Create", func(b *testing.B) {
		s := newStore(b)
		obj := map[string]any{"name": "function", "enabled": true}
		b.ReportAllocs()
		for b.Loop() {
			id, err := s.NextID(b.Context(), key)
			if err == nil {
				_, err = s.Create(b.Context(), key, strconv.FormatInt(id, 10), obj)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}
