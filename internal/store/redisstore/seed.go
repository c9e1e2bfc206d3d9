package redisstore

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"
)

// Seeding lock timing: the lock expires seedTTL after it was last
// extended (every seedTTL/3 while the fill runs), so that a replica that
// dies mid-fill holds the others up for seedTTL at most; waiters poll.
const (
	seedTTL  = 30 * time.Second
	seedPoll = 10 * time.Millisecond
)

// Seed implements store.Store: one replica fills, the others wait.
func (s *Store) Seed(ctx context.Context, key string, fill func(context.Context) error) error {
	token := rand.Text()
	for {
		v, err := s.run(ctx, seedScript, key, token, seedTTL.Milliseconds())
		if err != nil {
			return err
		}
		switch v {
		case "done":
			return nil
		case "fill":
			return s.fill(ctx, key, token, fill)
		}
		select { // "wait"
		case <-ctx.Done():
			return fmt.Errorf("redis store: waiting for %q to be seeded: %w", key, ctx.Err())
		case <-time.After(seedPoll):
		}
	}
}

// fill runs fill holding the lock (token), extending it while it runs.
func (s *Store) fill(ctx context.Context, key, token string, fill func(context.Context) error) error {
	stop := make(chan struct{})
	extended := make(chan struct{})
	go func() {
		defer close(extended)
		t := time.NewTicker(seedTTL / 3)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				_, _ = s.run(context.WithoutCancel(ctx), seedEndScript, key, token, 0, seedTTL.Milliseconds())
			}
		}
	}()
	err := fill(ctx)
	close(stop)
	<-extended
	// The end runs even if ctx ended: a lock left behind would hold the
	// other replicas up until it expires.
	ectx := context.WithoutCancel(ctx)
	if err != nil {
		if _, cerr := s.run(ectx, seedEndScript, key, token, -1, 0); cerr != nil {
			return errors.Join(err, cerr)
		}
		return err
	}
	v, err := s.run(ectx, seedEndScript, key, token, 1, 0)
	if err != nil {
		return err
	}
	if n, _ := v.(int64); n == 0 {
		// The lock expired or the state was reset during the fill: what it
		// wrote may be partial, so drop it unless another replica is
		// filling already; the next Seed fills again.
		_, err := s.run(ectx, seedEndScript, key, token, -1, 0)
		return errors.Join(fmt.Errorf("redis store: seeding %q: the lock was lost (the fill took longer than %v, or the state was reset)", key, seedTTL), err)
	}
	return nil
}
