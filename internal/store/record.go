package store

import (
	"sync"
	"sync/atomic"
)

// Record is an immutable snapshot of one stored object. Never mutate Obj
// (use Clone for a private copy); Update replaces the record instead.
type Record struct {
	ID      string
	Obj     map[string]any
	Hidden  bool   // soft-deleted: not listed, not found by Get unless asked
	Seq     uint64 // creation sequence within the collection (default order)
	Version uint64 // 1 on Insert, bumped on every change

	cache *recordCache // per-version serialization cache; nil for hand-built records
}

// recordCache holds derived forms of one record version (encoded bytes,
// rendered views), keyed by the caller's choice (e.g. "json",
// "json:fields=a,b").
type recordCache struct {
	mu      sync.Mutex
	entries []*cacheEntry // few keys per record: a slice beats a map
}

type cacheEntry struct {
	key   string
	once  sync.Once
	val   any
	ready atomic.Bool // val is built
}

func newRecord(id string, obj map[string]any, hidden bool, seq, version uint64) *Record {
	return &Record{ID: id, Obj: obj, Hidden: hidden, Seq: seq, Version: version, cache: new(recordCache)}
}

// with returns a new version of r with the given object and hidden flag.
func (r *Record) with(obj map[string]any, hidden bool) *Record {
	return newRecord(r.ID, obj, hidden, r.Seq, r.Version+1)
}

// CachedJSON returns the bytes stored under key for this record version,
// calling build to produce them the first time. build runs at most once per
// key and record version, even under concurrent calls; later callers wait for
// it. Since a change creates a new Record, the cache never serves stale
// bytes. The returned slice is shared: do not modify it. build must not call
// CachedJSON with the same key on the same record. On a Record not produced
// by the store (no cache), build is called every time.
func (r *Record) CachedJSON(key string, build func() []byte) []byte {
	b, _ := r.Cached(key, func() any { return build() }).([]byte)
	return b
}

// Cached is CachedJSON for any value derived from this record version (a
// rendered view, its encoding and its check). The value is shared: do not
// modify it. Use keys distinct from CachedJSON's.
func (r *Record) Cached(key string, build func() any) any {
	c := r.cache
	if c == nil {
		return build()
	}
	c.mu.Lock()
	var ce *cacheEntry
	for _, e := range c.entries {
		if e.key == key {
			ce = e
			break
		}
	}
	if ce == nil {
		ce = &cacheEntry{key: key}
		c.entries = append(c.entries, ce)
	}
	c.mu.Unlock()
	ce.once.Do(func() {
		ce.val = build()
		ce.ready.Store(true)
	})
	return ce.val
}

// Peek returns the value Cached stored under key for this record version,
// if it is built, without building it.
func (r *Record) Peek(key string) (any, bool) {
	c := r.cache
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.entries {
		if e.key == key && e.ready.Load() {
			return e.val, true
		}
	}
	return nil, false
}
