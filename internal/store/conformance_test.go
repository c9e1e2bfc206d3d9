package store_test

import (
	"testing"

	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/internal/store/storetest"
)

func TestMemoryConforms(t *testing.T) {
	storetest.Run(t, func(*testing.T) store.Store { return store.NewMemory() })
}

// TestMemoryConformsCold runs the suite with every record but the newest
// kept encoded (hot.go), so that each method also meets cold records.
func TestMemoryConformsCold(t *testing.T) {
	storetest.Run(t, func(*testing.T) store.Store {
		m := store.NewMemory()
		m.SetHotLimit(1)
		return m
	})
}

func BenchmarkMemory(b *testing.B) {
	storetest.Benchmark(b, func(*testing.B) store.Store { return store.NewMemory() })
}
