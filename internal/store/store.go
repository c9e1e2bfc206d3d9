package store

import (
	"slices"
	"sync"
)

// Store holds the mock's state: collections of JSON objects keyed by a
// caller-built string (e.g. "hog_functions|project_id=1"). Use New; the zero
// value is not usable. All methods are safe for concurrent use.
type Store struct {
	mu       sync.RWMutex
	cols     map[string]*Collection
	hotLimit int // records each collection keeps decoded (hot.go)
}

// New returns an empty store.
func New() *Store {
	return &Store{cols: make(map[string]*Collection), hotLimit: hotLimit}
}

// SetHotLimit sets how many records each collection keeps decoded (the
// others are kept encoded; see hot.go) to n, at least 1, for the
// collections created from then on (by Collection, Reset or Import). The
// default suits collections of any size; a small limit lets tests run
// every record through the encoded form.
func (s *Store) SetHotLimit(n int) {
	s.mu.Lock()
	s.hotLimit = max(n, 1)
	s.mu.Unlock()
}

// Collection returns the collection for key, creating it empty if needed.
func (s *Store) Collection(key string) *Collection {
	s.mu.RLock()
	c := s.cols[key]
	s.mu.RUnlock()
	if c != nil {
		return c
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c = s.cols[key]; c == nil {
		c = newCollection(key, s.hotLimit)
		s.cols[key] = c
	}
	return c
}

// Lookup returns the collection for key if it exists, without creating it.
func (s *Store) Lookup(key string) (*Collection, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.cols[key]
	return c, ok
}

// Keys returns the keys of all collections, sorted.
func (s *Store) Keys() []string {
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
// collection, whose contents are no longer reachable through the store.
func (s *Store) Reset() {
	s.mu.Lock()
	s.cols = make(map[string]*Collection)
	s.mu.Unlock()
}

// Snapshot returns a deep copy of the state: for every collection key, all
// records (hidden ones included, with Hidden set) in creation order. The
// copies share nothing with the store. Each collection is copied atomically;
// the store as a whole is copied collection by collection.
func (s *Store) Snapshot() map[string][]*Record {
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
func (s *Store) records() map[string][]*Record {
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
