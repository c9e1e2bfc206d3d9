package redisstore_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/internal/store/redisstore"
	"github.com/mockserver-go/mockserver/internal/store/storetest"
)

// newStore returns a store on rdb under a prefix of its own.
func newStore(t testing.TB, rdb *redis.Client, prefix string, orders ...*store.Order) *redisstore.Store {
	t.Helper()
	s, err := redisstore.New(context.Background(), redisstore.Options{Client: rdb, Prefix: prefix, Orders: orders})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// miniClient starts a miniredis for the test and returns a client of it.
func miniClient(t testing.TB) *redis.Client {
	t.Helper()
	mr := miniredis.RunT(t)
	rdb := redis.NewClient(&redis.Options{Addr: mr.Addr()})
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

func TestConformsMiniredis(t *testing.T) {
	rdb := miniClient(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		// One Redis for every test, each under its own prefix: the
		// prefixes keep them apart.
		return newStore(t, rdb, "test:"+t.Name()+":")
	})
}

func TestNewUnreachable(t *testing.T) {
	mr := miniredis.RunT(t)
	addr := mr.Addr()
	mr.Close()
	_, err := redisstore.New(t.Context(), redisstore.Options{URL: "redis://user:secret@" + addr + "/0"})
	if err == nil || !strings.Contains(err.Error(), "does not answer") || strings.Contains(err.Error(), "secret") {
		t.Fatalf("New on a stopped server: %v; want a clear error without the password", err)
	}
	_, err = redisstore.New(t.Context(), redisstore.Options{URL: "http://" + addr})
	if err == nil || !strings.Contains(err.Error(), "URL") {
		t.Fatalf("New with a bad URL: %v", err)
	}
}

// TestServerErrors: an error of Redis is the method's error, neither
// ErrNotFound nor ErrExists, and the store works again once Redis does.
func TestServerErrors(t *testing.T) {
	mr := miniredis.RunT(t)
	rdb := redis.NewClient(&redis.Options{Addr: mr.Addr()})
	t.Cleanup(func() { rdb.Close() })
	s := newStore(t, rdb, "err:")
	ctx := t.Context()
	if _, err := s.Create(ctx, "k", "a", map[string]any{"n": 1}); err != nil {
		t.Fatal(err)
	}
	mr.SetError("LOADING Redis is loading the dataset in memory")
	_, err := s.Get(ctx, "k", "a")
	if err == nil || errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get with Redis failing: %v", err)
	}
	if _, err := s.Update(ctx, "k", "a", false, func(ch *store.Change) error { ch.Obj["n"] = 2; return nil }); err == nil || errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Update with Redis failing: %v", err)
	}
	if _, _, err := s.List(ctx, "k", nil, 0, 10); err == nil {
		t.Fatal("List with Redis failing succeeded")
	}
	mr.SetError("")
	rec, err := s.Get(ctx, "k", "a")
	if err != nil || rec.Object()["n"] != 1.0 {
		t.Fatalf("after Redis is back: %+v, %v (want the object unchanged)", rec, err)
	}
}

func BenchmarkMemory(b *testing.B) {
	storetest.Benchmark(b, func(*testing.B) store.Store { return store.NewMemory() })
}

func BenchmarkMiniredis(b *testing.B) {
	storetest.Benchmark(b, func(b *testing.B) store.Store { return newStore(b, miniClient(b), "bench:") })
}

// TestUpdatePanics: an update function that panics while its update is
// written with others (queued behind one that holds the object) panics
// in its own caller, changes nothing, and the others are written; the
// object is not left locked.
func TestUpdatePanics(t *testing.T) {
	ctx := t.Context()
	s := newStore(t, miniClient(t), "panic:")
	if _, err := s.Create(ctx, "k", "a", map[string]any{"n": 0.0}); err != nil {
		t.Fatal(err)
	}
	inc := func(ch *store.Change) error { ch.Obj["n"] = ch.Obj["n"].(float64) + 1; return nil }
	release := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { // holds the object until the others queued
		_, err := s.Update(ctx, "k", "a", false, func(ch *store.Change) error { <-release; return inc(ch) })
		if err != nil {
			t.Error(err)
		}
	})
	time.Sleep(20 * time.Millisecond)
	var recovered atomic.Value
	for i := range 6 {
		wg.Go(func() {
			if i == 3 {
				defer func() { recovered.Store(recover()) }()
				_, _ = s.Update(ctx, "k", "a", false, func(*store.Change) error { panic("boom") })
				return
			}
			if _, err := s.Update(ctx, "k", "a", false, inc); err != nil {
				t.Error(err)
			}
		})
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	if got := recovered.Load(); got != "boom" {
		t.Errorf("the panicking update's caller recovered %v, want boom", got)
	}
	rec, err := s.Update(ctx, "k", "a", false, inc)
	if err != nil || rec.Object()["n"] != 7.0 {
		t.Fatalf("after the batch: %v, %v; want n 7 (1 + 5 + this one)", rec, err)
	}
}
