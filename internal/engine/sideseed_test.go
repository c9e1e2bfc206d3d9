package engine

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

// Reads of collections the store lacks keep at most sideSeedScopes seeds
// on the side and store nothing; reads of one answer the same objects.
func TestReadsOfUnseededScopes(t *testing.T) {
	t.Parallel()
	e := notesEngine(t)
	first, _ := get(t, e, "/teams/5/notes/")
	for i := range 3 * sideSeedScopes {
		if resp, _ := get(t, e, "/teams/"+strconv.Itoa(100+i)+"/notes/"); resp.Status != 200 {
			t.Fatalf("team %d: %d", 100+i, resp.Status)
		}
	}
	if keys := e.Store().Keys(); len(keys) != 0 {
		t.Errorf("reads stored %q", keys)
	}
	if n := e.side.len(); n != sideSeedScopes {
		t.Errorf("%d seeds kept on the side, want %d", n, sideSeedScopes)
	}
	again, _ := get(t, e, "/teams/5/notes/")
	if string(first.Bytes()) != string(again.Bytes()) {
		t.Errorf("the seed read again differs:\n%s\n%s", first.Bytes(), again.Bytes())
	}
	coll := e.CollectionFor(e.Doc().Resources["notes"], map[string]string{"team_id": "5"})
	if coll.Len() == 0 {
		t.Fatal("no seeded note stored")
	}
	stored, _ := get(t, e, "/teams/5/notes/")
	if string(stored.Bytes()) != string(first.Bytes()) {
		t.Errorf("the stored seed differs from the one read:\n%s\n%s", stored.Bytes(), first.Bytes())
	}
}
