package redisstore_test

import (
	"errors"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/internal/store/redisstore"
)

// byN orders by the number "n" ascending.
var byN = &store.Order{Name: "n", Key: func(obj map[string]any) string {
	n, _ := obj["n"].(float64)
	return string(store.AppendNumber(nil, n))
}}

// TestReplicas: three stores on one Redis and prefix, as three replicas
// of the mock, behave as one store.
func TestReplicas(t *testing.T) {
	t.Run("miniredis", func(t *testing.T) { testReplicas(t, miniClient(t)) })
	t.Run("redis-server", func(t *testing.T) { testReplicas(t, serverClient(t)) })
}

func testReplicas(t *testing.T, rdb *redis.Client) {
	ctx := t.Context()
	// The third replica does not know order byN until it lists by it.
	r := []*redisstore.Store{newStore(t, rdb, "r:", byN), newStore(t, rdb, "r:", byN), newStore(t, rdb, "r:")}
	const key = "things"

	// A create through one is read by the others.
	if _, err := r[0].Create(ctx, key, "a", map[string]any{"n": 5}); err != nil {
		t.Fatal(err)
	}
	for i, s := range r[1:] {
		if rec, err := s.Get(ctx, key, "a"); err != nil || rec.Object()["n"] != 5.0 {
			t.Fatalf("replica %d: Get of an object created by replica 0: %+v, %v", i+1, rec, err)
		}
	}
	// Ids are unique across replicas.
	seen := map[int64]bool{}
	for i := range 30 {
		n, err := r[i%3].NextID(ctx, key)
		if err != nil || seen[n] {
			t.Fatalf("NextID through replica %d: %d, %v (seen before: %v)", i%3, n, err, seen[n])
		}
		seen[n] = true
	}

	// 64 goroutines, spread over the replicas, each updating a field of
	// its own of one object, lose nothing.
	const workers, each = 64, 5
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			field := "f" + strconv.Itoa(w)
			for range each {
				_, err := r[w%3].Update(ctx, key, "a", false, func(ch *store.Change) error {
					f, _ := ch.Obj[field].(float64)
					ch.Obj[field] = f + 1
					return nil
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	rec, err := r[2].Get(ctx, key, "a")
	if err != nil {
		t.Fatal(err)
	}
	for w := range workers {
		if got := rec.Object()["f"+strconv.Itoa(w)]; got != float64(each) {
			t.Fatalf("field f%d = %v after %d updates through replica %d: updates were lost", w, got, each, w%3)
		}
	}

	// An order's index, built through one replica, is kept by writes
	// through every replica, the one that does not know it included.
	for i, n := range []float64{3, 9, 1} {
		if _, err := r[i].Create(ctx, key, "o"+strconv.Itoa(i), map[string]any{"n": n}); err != nil {
			t.Fatal(err)
		}
	}
	list := func(s *redisstore.Store) []string {
		t.Helper()
		recs, _, err := s.List(ctx, key, byN, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range recs {
			ids = append(ids, r.ID)
		}
		return ids
	}
	if got, want := list(r[0]), []string{"o2", "o0", "a", "o1"}; !slices.Equal(got, want) {
		t.Fatalf("by n: %v, want %v", got, want)
	}
	if _, err := r[2].Update(ctx, key, "o1", false, func(ch *store.Change) error { ch.Obj["n"] = 0.0; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := r[1].Create(ctx, key, "o3", map[string]any{"n": 4}); err != nil {
		t.Fatal(err)
	}
	for i, s := range r {
		if got, want := list(s), []string{"o1", "o2", "o0", "o3", "a"}; !slices.Equal(got, want) {
			t.Fatalf("by n through replica %d after writes through replicas 2 and 1: %v, want %v", i, got, want)
		}
	}

	// A reset through one is seen by all.
	if err := r[1].Reset(ctx); err != nil {
		t.Fatal(err)
	}
	for i, s := range r {
		if _, err := s.Get(ctx, key, "a"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("replica %d: Get after a reset through replica 1: %v", i, err)
		}
		if recs, total, err := s.List(ctx, key, byN, 0, 10); err != nil || total != 0 || len(recs) != 0 {
			t.Fatalf("replica %d: List after a reset: %d, %v", i, total, err)
		}
	}
	if n, err := r[2].NextID(ctx, key); err != nil || n != 1 {
		t.Fatalf("NextID after a reset = %d, %v; want 1", n, err)
	}
	// Nothing of the old generation is left in Redis.
	keys, err := rdb.Keys(ctx, "r:*").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if k != "r:gen" && k != "r:ctr" && !slices.Contains(keysOfGen(rdb, t), k) {
			t.Errorf("key %q of an old generation left after Reset", k)
		}
	}
}

// keysOfGen lists the keys of the current generation of prefix "r:".
func keysOfGen(rdb *redis.Client, t *testing.T) []string {
	gen, err := rdb.Get(t.Context(), "r:gen").Result()
	if err != nil {
		t.Fatal(err)
	}
	keys, err := rdb.Keys(t.Context(), "r:"+gen+":*").Result()
	if err != nil {
		t.Fatal(err)
	}
	return keys
}
