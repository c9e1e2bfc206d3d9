package redisstore

import (
	"testing"

	"github.com/alicebob/miniredis/v2"
)

// TestPoolSize: a store opens up to defaultPoolSize connections unless
// its URL sets pool_size.
func TestPoolSize(t *testing.T) {
	mr := miniredis.RunT(t)
	for query, want := range map[string]int{"": defaultPoolSize, "?pool_size=5": 5} {
		s, err := New(t.Context(), Options{URL: "redis://" + mr.Addr() + "/0" + query})
		if err != nil {
			t.Fatal(err)
		}
		if got := s.rdb.Options().PoolSize; got != want {
			t.Errorf("URL query %q: pool size %d, want %d", query, got, want)
		}
		s.Close()
	}
}
