package store

import (
	"slices"
	"strconv"
	"sync"
	"testing"
)

func TestStoreCollections(t *testing.T) {
	t.Parallel()
	s := NewMemory()
	if _, ok := s.Lookup("a"); ok {
		t.Fatal("Lookup created a collection")
	}
	a := s.Collection("b|x=1")
	if s.Collection("b|x=1") != a {
		t.Fatal("Collection returned a different collection for the same key")
	}
	s.Collection("a")
	if got, ok := s.Lookup("b|x=1"); !ok || got != a || a.Key() != "b|x=1" {
		t.Fatal("Lookup did not find the collection")
	}
	if got := s.Keys(); !slices.Equal(got, []string{"a", "b|x=1"}) {
		t.Fatalf("Keys = %v", got)
	}
	a.Insert("1", nil)
	s.Reset(t.Context())
	if len(s.Keys()) != 0 {
		t.Fatalf("Keys after Reset = %v", s.Keys())
	}
	if s.Collection("b|x=1").Len() != 0 {
		t.Fatal("state survived Reset")
	}
}

func TestSnapshotIsDeepCopy(t *testing.T) {
	t.Parallel()
	s := NewMemory()
	c := s.Collection("k")
	c.Insert("a", map[string]any{"list": []any{map[string]any{"v": 1.0}}})
	c.Insert("b", nil)
	c.SetHidden("b", true)
	snap := s.Snapshot()
	recs := snap["k"]
	if len(recs) != 2 || recs[0].ID != "a" || recs[1].ID != "b" || !recs[1].Hidden || recs[1].Version != 2 {
		t.Fatalf("Snapshot = %+v", recs)
	}
	recs[0].Object()["list"].([]any)[0].(map[string]any)["v"] = 2.0
	if r, _ := c.Get("a"); r.Object()["list"].([]any)[0].(map[string]any)["v"] != 1.0 {
		t.Fatal("Snapshot shares memory with the store")
	}
}

// TestResetWhileRunning runs requests against the store while it is reset,
// exported and imported; the race detector is the judge.
func TestResetWhileRunning(t *testing.T) {
	t.Parallel()
	s := NewMemory()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 300 {
				c := s.Collection("k" + strconv.Itoa(w%3))
				id := strconv.FormatInt(c.NextInt(), 10)
				c.Insert(id, map[string]any{"w": float64(w)})
				c.Update(id, false, func(o map[string]any) error { o["i"] = float64(i); return nil })
				c.Page(0, 5)
				if i%7 == 0 {
					c.SetHidden(id, true)
				}
				if i%11 == 0 {
					c.Delete(id)
				}
			}
		})
	}
	wg.Go(func() {
		for range 30 {
			s.Reset(t.Context())
			data, err := s.Export(t.Context())
			if err != nil {
				t.Error(err)
				return
			}
			if err := s.Import(t.Context(), data); err != nil {
				t.Error(err)
			}
			s.Snapshot()
			s.Keys()
		}
	})
	wg.Wait()
}
