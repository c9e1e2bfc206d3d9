package resource

import (
	"strconv"
	"testing"

	"github.com/mockserver-go/mockserver/internal/store"
)

// sideSeeds keeps at most sideSeedScopes stores, the least recently used
// dropped first, and the first store kept for a key wins.
func TestSideSeedsBounded(t *testing.T) {
	t.Parallel()
	var s sideSeeds
	first := store.NewMemory()
	if got := s.put("k0", first); got != first {
		t.Fatal("put returned another store")
	}
	if got := s.put("k0", store.NewMemory()); got != first {
		t.Error("a second put replaced the store kept")
	}
	for i := 1; i < 2*sideSeedScopes; i++ {
		s.put("k"+strconv.Itoa(i), store.NewMemory())
		s.get("k0") // used all along: kept
	}
	if n := s.len(); n != sideSeedScopes {
		t.Errorf("%d stores kept, want %d", n, sideSeedScopes)
	}
	if _, ok := s.get("k0"); !ok {
		t.Error("the most used store was dropped")
	}
	if _, ok := s.get("k1"); ok {
		t.Error("the least recently used store was kept")
	}
	s.reset()
	if n := s.len(); n != 0 {
		t.Errorf("%d stores kept after reset", n)
	}
}
