package redisstore

import (
	"context"
	"crypto/rand"
	"fmt"
	"slices"

	"github.com/redis/go-redis/v9"

	"github.com/mockserver-go/mockserver/internal/store"
)

// learn makes o known to this replica, so that its writes maintain o's
// index, and returns its name.
func (s *Store) learn(o *store.Order) string {
	s.mu.RLock()
	known := s.orders[o.Name] != nil
	s.mu.RUnlock()
	if !known {
		s.mu.Lock()
		if s.orders[o.Name] == nil {
			s.orders[o.Name] = o
		}
		s.mu.Unlock()
	}
	return o.Name
}

// unknownState never matches a collection's: the next write script
// answers with the current one.
var unknownState = orderState{ov: "-"}

// state returns the order state of collection key last seen, and the
// orders it indexes. Indexes of orders this replica does not know are
// dropped first (see doc.go): the state returned is then unknownState.
func (s *Store) state(ctx context.Context, key string) (orderState, []*store.Order, error) {
	st := orderState{ov: "0"}
	if v, ok := s.states.Load(key); ok {
		st = v.(orderState)
	}
	if len(st.names) == 0 {
		return st, nil, nil
	}
	known := make([]*store.Order, 0, len(st.names))
	var unknown []any
	s.mu.RLock()
	for _, n := range st.names {
		if o := s.orders[n]; o != nil {
			known = append(known, o)
		} else {
			unknown = append(unknown, n)
		}
	}
	s.mu.RUnlock()
	if len(unknown) > 0 {
		if _, err := s.run(ctx, dropOrdersScript, append([]any{key, st.ov}, unknown...)...); err != nil {
			return st, nil, err
		}
		s.states.Store(key, unknownState)
		return unknownState, nil, nil
	}
	return st, known, nil
}

// saw records the order state a script answered with: {'ov', ov, names...}.
func (s *Store) saw(key string, out []any) {
	st := orderState{ov: "-"}
	if len(out) >= 2 {
		st.ov, _ = out[1].(string)
		for _, n := range out[2:] {
			name, _ := n.(string)
			st.names = append(st.names, name)
		}
		slices.Sort(st.names)
	}
	s.states.Store(key, st)
}

// indexChunk is how many members one ZADD of an index build sends.
const indexChunk = 1000

// buildIndex builds the index of order o of collection key from a dump
// of its records, into a temporary key, then installs it unless the
// collection was written meanwhile (the caller retries then).
func (s *Store) buildIndex(ctx context.Context, key string, o *store.Order) error {
	v, err := s.run(ctx, dumpScript, key)
	if err != nil {
		return err
	}
	out, _ := v.([]any)
	if exists, _ := out[1].(int64); exists == 0 {
		return nil // the next page script answers for a missing collection
	}
	gen, _ := out[0].(string)
	w, _ := out[2].(string)
	tmp := s.prefix + "tmp:" + rand.Text()
	var members []redis.Z
	for i := 4; i+1 < len(out); i += 2 {
		id, _ := out[i].(string)
		rec, err := decode(id, out[i+1])
		if err != nil {
			return err
		}
		if !rec.Hidden {
			members = append(members, redis.Z{Member: member(o, rec.Object(), rec.Seq, id)})
		}
	}
	if len(members) > 0 {
		pipe := s.rdb.Pipeline()
		for chunk := range slices.Chunk(members, indexChunk) {
			pipe.ZAdd(ctx, tmp, chunk...)
		}
		pipe.PExpire(ctx, tmp, dialTimeout*12) // dropped if this replica dies before installing it
		if _, err := pipe.Exec(ctx); err != nil {
			return fmt.Errorf("redis store: building an index of %q: %w", key, err)
		}
	}
	_, err = s.run(ctx, installOrderScript, key, o.Name, w, tmp, gen)
	return err
}
