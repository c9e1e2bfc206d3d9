package resource

import (
	"container/list"
	"sync"

	"github.com/mockserver-go/mockserver/internal/store"
)

// sideSeedScopes is how many collections' seeds made on the side for reads
// (scope) are kept: enough for the scopes a test suite reads without
// writing, few enough that a client reading under ever new scope values
// holds a bounded amount of memory.
const sideSeedScopes = 64

// sideSeeds keeps the seeds made on the side for reads of collections the
// store does not hold, the least recently used dropped first, so that the
// reads of one such collection find the same records (and the views cached
// on them) without the collection being stored. The zero value is ready.
type sideSeeds struct {
	mu    sync.Mutex
	order list.List // of sideSeed, the most recently used first
	byKey map[string]*list.Element
}

type sideSeed struct {
	key string
	st  *store.Memory
}

// get returns the side store kept for collection key, if any.
func (s *sideSeeds) get(key string) (*store.Memory, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	el, ok := s.byKey[key]
	if !ok {
		return nil, false
	}
	s.order.MoveToFront(el)
	return el.Value.(sideSeed).st, true
}

// put keeps st as the side store of collection key (one made meanwhile by
// a concurrent read wins: both hold the same seed) and returns the store
// kept.
func (s *sideSeeds) put(key string, st *store.Memory) *store.Memory {
	s.mu.Lock()
	defer s.mu.Unlock()
	if el, ok := s.byKey[key]; ok {
		s.order.MoveToFront(el)
		return el.Value.(sideSeed).st
	}
	if s.byKey == nil {
		s.byKey = make(map[string]*list.Element)
	}
	s.byKey[key] = s.order.PushFront(sideSeed{key, st})
	for s.order.Len() > sideSeedScopes {
		last := s.order.Back()
		s.order.Remove(last)
		delete(s.byKey, last.Value.(sideSeed).key)
	}
	return st
}

// len is the number of side stores kept.
func (s *sideSeeds) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.order.Len()
}

// reset drops every side store.
func (s *sideSeeds) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.order.Init()
	s.byKey = nil
}
