package redisstore_test

import (
	"errors"
	"slices"
	"strconv"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/mockserver-go/mockserver/internal/store"
)

// TestRecordCache: a record read again while current is the same *Record
// (what the engine cached on it serves again); a replica whose cached
// version is stale reads, updates and deletes the current one; and a
// Redis emptied under running replicas never makes them answer a record
// they cached before.
func TestRecordCache(t *testing.T) {
	t.Run("miniredis", func(t *testing.T) { testRecordCache(t, miniClient(t)) })
	t.Run("redis-server", func(t *testing.T) { testRecordCache(t, serverClient(t)) })
}

func testRecordCache(t *testing.T, rdb *redis.Client) {
	ctx := t.Context()
	a, b := newStore(t, rdb, "c:"), newStore(t, rdb, "c:")
	const key = "things"
	if _, err := a.Create(ctx, key, "x", map[string]any{"n": 1}); err != nil {
		t.Fatal(err)
	}
	first, err := b.Get(ctx, key, "x")
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := b.Get(ctx, key, "x"); again != first {
		t.Error("a current record read again is a new *Record")
	}
	if recs, _, _ := b.List(ctx, key, nil, 0, 10); len(recs) != 1 || recs[0] != first {
		t.Error("a current record listed is a new *Record")
	}

	// a updates; b's cached version is stale from then on.
	update := func(s store.Store, field string, v float64) {
		t.Helper()
		if _, err := s.Update(ctx, key, "x", false, func(ch *store.Change) error { ch.Obj[field] = v; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	update(a, "n", 2)
	if recs, _, err := b.List(ctx, key, nil, 0, 10); err != nil || len(recs) != 1 || recs[0].Object()["n"] != 2.0 {
		t.Fatalf("List of a page with an object another replica updated: %v, %v", recs, err)
	}
	if rec, err := b.Get(ctx, key, "x"); err != nil || rec.Object()["n"] != 2.0 {
		t.Fatalf("Get of an object another replica updated: %v, %v", rec.Object(), err)
	}
	update(a, "n", 3)
	update(b, "m", 1) // from its stale version: the write answers the current one
	rec, err := a.Get(ctx, key, "x")
	if err != nil || rec.Object()["n"] != 3.0 || rec.Object()["m"] != 1.0 {
		t.Fatalf("an update from a stale cached version lost a change: %v, %v", rec.Object(), err)
	}
	// Soft-deleted through a: b, holding the visible version, must not
	// update it (not found), as its cache says nothing of that.
	if _, err := a.Update(ctx, key, "x", false, func(ch *store.Change) error { ch.Hidden = true; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Update(ctx, key, "x", false, func(ch *store.Change) error { ch.Obj["n"] = 9.0; return nil }); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("update of an object another replica hid: %v, want ErrNotFound", err)
	}
	if err := a.Delete(ctx, key, "x"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Get(ctx, key, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get of an object another replica deleted: %v", err)
	}
	if err := b.Delete(ctx, key, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Delete of an object another replica deleted: %v", err)
	}

	// Redis emptied (restarted without persistence) twice, the same
	// writes after each: the second object gets a version b's cache never
	// saw, though a counter started again would give it the first one's.
	for n := range 2 {
		if err := rdb.FlushAll(ctx).Err(); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Create(ctx, key, "y", map[string]any{"n": n}); err != nil {
			t.Fatal(err)
		}
		if rec, err := b.Get(ctx, key, "y"); err != nil || rec.Object()["n"] != float64(n) {
			t.Fatalf("after Redis was emptied (%d), Get answers %v, %v; want n %d", n+1, rec.Object(), err, n)
		}
	}
}

// TestPageCache: a page listed again while nothing was written in its
// collection is the page held (the same *Records); any write through
// another replica (create, update, soft or hard delete), a reset, an
// import or a Redis emptied makes the next List read the new page.
func TestPageCache(t *testing.T) {
	t.Run("miniredis", func(t *testing.T) { testPageCache(t, miniClient(t)) })
	t.Run("redis-server", func(t *testing.T) { testPageCache(t, serverClient(t)) })
}

func testPageCache(t *testing.T, rdb *redis.Client) {
	ctx := t.Context()
	a, b := newStore(t, rdb, "p:"), newStore(t, rdb, "p:")
	const key = "things"
	byN := &store.Order{Name: "n", Key: func(obj map[string]any) string {
		n, _ := obj["n"].(float64)
		return strconv.Itoa(int(n))
	}}
	list := func(o *store.Order, want ...string) []*store.Record {
		t.Helper()
		recs, total, err := b.List(ctx, key, o, 0, 10)
		var got []string
		for _, r := range recs {
			got = append(got, r.ID+"="+strconv.Itoa(int(r.Object()["n"].(float64))))
		}
		if err != nil || total != len(want) || !slices.Equal(got, want) {
			t.Fatalf("List (order %v): %v of %d, %v; want %v", o != nil, got, total, err, want)
		}
		return recs
	}
	for i, id := range []string{"x", "y"} {
		if _, err := a.Create(ctx, key, id, map[string]any{"n": float64(i + 1)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, o := range []*store.Order{nil, byN} {
		first := list(o, "x=1", "y=2")
		if again := list(o, "x=1", "y=2"); again[0] != first[0] || again[1] != first[1] {
			t.Error("a page listed again with nothing written has new *Records")
		}
	}
	if _, err := a.Create(ctx, key, "z", map[string]any{"n": 0.0}); err != nil {
		t.Fatal(err)
	}
	list(nil, "x=1", "y=2", "z=0")
	list(byN, "z=0", "x=1", "y=2")
	if _, err := a.Update(ctx, key, "x", false, func(ch *store.Change) error { ch.Obj["n"] = 5.0; return nil }); err != nil {
		t.Fatal(err)
	}
	list(nil, "x=5", "y=2", "z=0")
	list(byN, "z=0", "y=2", "x=5")
	if _, err := a.Update(ctx, key, "y", false, func(ch *store.Change) error { ch.Hidden = true; return nil }); err != nil {
		t.Fatal(err)
	}
	list(byN, "z=0", "x=5")
	if err := a.Delete(ctx, key, "z"); err != nil {
		t.Fatal(err)
	}
	list(nil, "x=5")
	list(byN, "x=5")
	exported, err := a.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	list(nil)
	list(byN)
	if err := a.Import(ctx, exported); err != nil {
		t.Fatal(err)
	}
	list(nil, "x=5")
	list(byN, "x=5")
	if err := rdb.FlushAll(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	list(nil)
	if _, err := a.Create(ctx, key, "x", map[string]any{"n": 7.0}); err != nil {
		t.Fatal(err)
	}
	list(nil, "x=7")
	list(byN, "x=7")
	// Two imports, neither collection written since: the second is read.
	exported2, err := a.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Import(ctx, exported); err != nil {
		t.Fatal(err)
	}
	list(nil, "x=5")
	if err := a.Import(ctx, exported2); err != nil {
		t.Fatal(err)
	}
	list(nil, "x=7")
}
