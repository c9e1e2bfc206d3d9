package redisstore

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"
)

// objectLocks serialize this process's updates of one object, as
// store.Memory does, so that only updates from different replicas can
// conflict on the version check: with many concurrent updates of one
// object in one process, optimistic retries alone would starve some.
type objectLocks struct {
	mu    sync.Mutex
	locks map[string]*objectLock
}

type objectLock struct {
	mu   sync.Mutex
	refs int
}

// lock locks the object name and returns its unlock.
func (l *objectLocks) lock(name string) func() {
	l.mu.Lock()
	if l.locks == nil {
		l.locks = make(map[string]*objectLock)
	}
	ol := l.locks[name]
	if ol == nil {
		ol = &objectLock{}
		l.locks[name] = ol
	}
	ol.refs++
	l.mu.Unlock()
	ol.mu.Lock()
	return func() {
		ol.mu.Unlock()
		l.mu.Lock()
		if ol.refs--; ol.refs == 0 {
			delete(l.locks, name)
		}
		l.mu.Unlock()
	}
}

// backoff waits before retry attempt n (from 1) of a write that met a
// conflict: a random time up to a bound that doubles with n, so that
// replicas that conflicted do not meet again at once.
func backoff(ctx context.Context, n int) error {
	bound := min(50*time.Microsecond<<min(n, 10), 20*time.Millisecond)
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(rand.N(bound)):
		return nil
	}
}
