package store

import (
	"context"
	"slices"
	"sync"
)

// Memory is the Store that keeps the state in this process's memory; its
// Collection methods give direct access to it (for tests, and for code that
// needs no other Store). Use NewMemory; the zero value is not usable. All
// methods are safe for concurrent use.
type Memory struct {
	seedMu   sync.Mutex // held while a Seed fills a collection, and by Reset and Import
	mu       sync.RWMutex
	cols     map[string]*Collection
	hotLimit int // records each collection keeps decoded (hot.go)
	sh       *shared
}

var (
	_ Store       = (*Memory)(nil)
	_ Peeker      = (*Memory)(nil)
	_ PeekReader  = (*Memory)(nil)
	_ PeekUpdater = (*Memory)(nil)
	_ Versioner   = (*Memory)(nil)
)

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory {
	return &Memory{cols: make(map[string]*Collection), hotLimit: hotLimit, sh: &shared{}}
}

// SetHotLimit sets how many records each collection keeps decoded (the
// others are kept encoded; see hot.go) to n, at least 1, for the
// collections created from then on (by Collection, Reset or Import). The
// default suits collections of any size; a small limit lets tests run
// every record through the encoded form.
func (s *Memory) SetHotLimit(n int) {
	s.mu.Lock()
	s.hotLimit = max(n, 1)
	s.mu.Unlock()
}

// Collection returns the collection for key, creating it empty if needed.
func (s *Memory) Collection(key string) *Collection {
	s.mu.RLock()
	c := s.cols[key]
	s.mu.RUnlock()
	if c != nil {
		return c
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c = s.cols[key]; c == nil {
		c = s.newCollection(key)
		s.cols[key] = c
	}
	return c
}

// Lookup returns the collection for key if it exists, without creating it.
func (s *Memory) Lookup(key string) (*Collection, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.cols[key]
	return c, ok
}

// Keys returns the keys of all collections, sorted.
func (s *Memory) Keys() []string {
	s.mu.RLock()
	keys := make([]string, 0, len(s.cols))
	for k := range s.cols {
		keys = append(keys, k)
	}
	s.mu.RUnlock()
	slices.Sort(keys)
	return keys
}

// Reset drops every collection. It is safe while requests run: an operation
// on a *Collection obtained before Reset completes normally on the detached
// collection, whose contents are no longer reachable through the store. It
// never fails.
func (s *Memory) Reset(context.Context) error {
	s.seedMu.Lock() // not in the middle of a fill
	defer s.seedMu.Unlock()
	s.mu.Lock()
	old := s.cols
	s.cols = make(map[string]*Collection)
	s.sh.objects.Store(0)
	s.mu.Unlock()
	detach(old)
	if l := s.sh.log.Load(); l != nil {
		(*l).Append([]byte(`{"op":"reset"}`))
	}
	return nil
}

// newCollection returns an empty collection of the store, and tells the
// change log it exists (an empty collection is seeded, unlike a missing
// one). s.mu must be held.
func (s *Memory) newCollection(key string) *Collection {
	c := newCollection(key, s.hotLimit)
	c.sh = s.sh
	c.changed()
	c.mu.Lock()
	c.logf(logLine{Op: "col", Key: key})
	c.mu.Unlock()
	return c
}

// detach marks collections dropped from the state: their later changes
// (by requests that got them before) are not logged. Every change logged
// before is, so a reset's line follows them.
func detach(cols map[string]*Collection) {
	for _, c := range cols {
		c.mu.Lock()
		c.detached = true
		c.mu.Unlock()
	}
}

// Seed implements Store. A collection that exists costs a map lookup;
// fills run one at a time, and a collection being filled counts as
// existing for no one but Collection, Lookup and the fill itself.
func (s *Memory) Seed(ctx context.Context, key string, fill func(context.Context) error) error {
	if c, ok := s.Lookup(key); ok && !c.filling.Load() {
		return nil
	}
	s.seedMu.Lock()
	defer s.seedMu.Unlock()
	s.mu.Lock()
	if _, ok := s.cols[key]; ok { // filled while we waited
		s.mu.Unlock()
		return nil
	}
	c := s.newCollection(key)
	c.filling.Store(true)
	s.cols[key] = c
	s.mu.Unlock()
	if err := fill(ctx); err != nil {
		s.mu.Lock()
		if s.cols[key] == c {
			delete(s.cols, key)
		}
		s.mu.Unlock()
		return err
	}
	c.filling.Store(false)
	return nil
}

// Exists implements Peeker.
func (s *Memory) Exists(_ context.Context, key string) (bool, error) {
	_, ok := s.Lookup(key)
	return ok, nil
}

// PeekGet implements PeekReader.
func (s *Memory) PeekGet(ctx context.Context, key, id string) (*Record, bool, error) {
	if c, ok := s.Lookup(key); !ok || c.filling.Load() {
		return nil, false, nil
	}
	rec, err := s.Get(ctx, key, id)
	return rec, true, err
}

// PeekList implements PeekReader.
func (s *Memory) PeekList(ctx context.Context, key string, o *Order, offset, limit int) ([]*Record, int, bool, error) {
	if c, ok := s.Lookup(key); !ok || c.filling.Load() {
		return nil, 0, false, nil
	}
	recs, total, err := s.List(ctx, key, o, offset, limit)
	return recs, total, true, err
}

// CollectionVersion implements Versioner.
func (s *Memory) CollectionVersion(key string) uint64 {
	if c, ok := s.Lookup(key); ok {
		return c.Version()
	}
	return 0
}

// PeekUpdate implements PeekUpdater.
func (s *Memory) PeekUpdate(_ context.Context, key, id string, includeHidden bool, fn func(*Change) error) (*Record, bool, error) {
	c, ok := s.Lookup(key)
	if !ok || c.filling.Load() {
		return nil, false, nil
	}
	rec, err := c.update(id, includeHidden, fn)
	return rec, true, err
}

// Get implements Store.
func (s *Memory) Get(_ context.Context, key, id string) (*Record, error) {
	if c, ok := s.Lookup(key); ok {
		if rec, ok := c.GetAny(id); ok {
			return rec, nil
		}
	}
	return nil, ErrNotFound
}

// List implements Store, in O(log n + limit) in creation order; in another
// order, the first List sorts the collection (see Collection.SortedPage).
func (s *Memory) List(_ context.Context, key string, o *Order, offset, limit int) ([]*Record, int, error) {
	c, ok := s.Lookup(key)
	if !ok {
		return nil, 0, nil
	}
	if o != nil {
		recs, total := c.SortedPage(o, offset, limit)
		return recs, total, nil
	}
	recs, total := c.Page(offset, limit)
	return recs, total, nil
}

// NextID implements Store.
func (s *Memory) NextID(_ context.Context, key string) (int64, error) {
	return s.Collection(key).NextInt(), nil
}

// Create implements Store.
func (s *Memory) Create(_ context.Context, key, id string, obj map[string]any) (*Record, error) {
	return s.Collection(key).Insert(id, obj)
}

// Update implements Store; fn runs once.
func (s *Memory) Update(_ context.Context, key, id string, includeHidden bool, fn func(*Change) error) (*Record, error) {
	c, ok := s.Lookup(key)
	if !ok {
		return nil, ErrNotFound
	}
	return c.update(id, includeHidden, fn)
}

// Delete implements Store.
func (s *Memory) Delete(_ context.Context, key, id string) error {
	if c, ok := s.Lookup(key); ok && c.Delete(id) {
		return nil
	}
	return ErrNotFound
}

// Snapshot returns a deep copy of the state: for every collection key, all
// records (hidden ones included, with Hidden set) in creation order. The
// copies share nothing with the store. Each collection is copied atomically;
// the store as a whole is copied collection by collection.
func (s *Memory) Snapshot() map[string][]*Record {
	out := make(map[string][]*Record)
	for key, recs := range s.records() {
		copies := make([]*Record, len(recs))
		for i, r := range recs {
			copies[i] = NewRecord(r.ID, CloneObject(r.Object()), r.Hidden, r.Seq, r.Version)
		}
		out[key] = copies
	}
	return out
}

// records returns the immutable records of every collection, hidden included,
// in creation order. No lock is held on return.
func (s *Memory) records() map[string][]*Record {
	s.mu.RLock()
	cols := make([]*Collection, 0, len(s.cols))
	for _, c := range s.cols {
		cols = append(cols, c)
	}
	s.mu.RUnlock()
	out := make(map[string][]*Record, len(cols))
	for _, c := range cols {
		c.mu.RLock()
		out[c.key] = c.allLocked()
		c.mu.RUnlock()
	}
	return out
}
