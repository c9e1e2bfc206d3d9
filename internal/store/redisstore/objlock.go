package redisstore

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/mockserver-go/mockserver/internal/store"
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

// pending is an update waiting in its object's queue: whoever holds the
// object's lock next runs it (with the others queued) and sets done, rec
// and err, which its caller reads once it holds the lock in turn.
type pending struct {
	includeHidden bool
	fn            func(*store.Change) error

	done     bool
	rec      *store.Record
	err      error
	panicked any // what fn panicked with: its caller panics with it
}

// errPanicked stands for a function that panicked while its batch is
// written: it changes nothing, and its caller panics (pending.panicked).
var errPanicked = errors.New("update function panicked")

// run runs u's function, turning a panic into errPanicked: the function
// may run in another request's goroutine, whose batch must go on.
func (u *pending) run(ch *store.Change) (err error) {
	defer func() {
		if r := recover(); r != nil {
			u.panicked, err = r, errPanicked
		}
	}()
	return u.fn(ch)
}

// updateQueues hold, per object, the updates waiting for its lock, so
// that the holder writes them all in one round trip: with many clients
// updating one object through one replica, the updates would otherwise
// wait for each other's round trip one by one.
type updateQueues struct {
	mu     sync.Mutex
	queues map[string][]*pending
}

// add queues u for the object name; call it before taking the lock.
func (q *updateQueues) add(name string, u *pending) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.queues == nil {
		q.queues = make(map[string][]*pending)
	}
	q.queues[name] = append(q.queues[name], u)
}

// take returns the updates queued for the object name, in the order they
// came, and empties its queue; call it holding the lock.
func (q *updateQueues) take(name string) []*pending {
	q.mu.Lock()
	defer q.mu.Unlock()
	batch := q.queues[name]
	delete(q.queues, name)
	return batch
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
