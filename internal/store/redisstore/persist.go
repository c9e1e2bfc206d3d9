package redisstore

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/mockserver-go/mockserver/internal/store"
)

// Reset implements store.Store: every replica sees the new, empty
// generation from the next command on.
func (s *Store) Reset(ctx context.Context) error {
	return s.resetGen(ctx)
}

// resetGen switches to a new empty generation, then deletes the old one's keys.
func (s *Store) resetGen(ctx context.Context) error {
	v, err := s.run(ctx, switchScript, "")
	if err != nil {
		return err
	}
	old, _ := v.(string)
	s.states.Clear()
	s.cache.clear()
	return s.deletePrefix(ctx, old)
}

// deletePrefix deletes every key that starts with p: the keys of a
// generation no longer current (if that fails, they remain, unused).
func (s *Store) deletePrefix(ctx context.Context, p string) error {
	iter := s.rdb.Scan(ctx, 0, globEscape(p)+"*", 1000).Iterator()
	var batch []string
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.rdb.Unlink(ctx, batch...).Err()
		batch = batch[:0]
		return err
	}
	for iter.Next(ctx) {
		if batch = append(batch, iter.Val()); len(batch) == 1000 {
			if err := flush(); err != nil {
				return fmt.Errorf("redis store: deleting old keys: %w", err)
			}
		}
	}
	if err := iter.Err(); err != nil {
		return fmt.Errorf("redis store: deleting old keys: %w", err)
	}
	if err := flush(); err != nil {
		return fmt.Errorf("redis store: deleting old keys: %w", err)
	}
	return nil
}

// globEscape quotes the characters SCAN MATCH patterns give a meaning.
func globEscape(p string) string {
	var b strings.Builder
	for _, r := range p {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Export implements store.Store. Each collection is read atomically; a
// Reset or Import in the middle starts the export again.
func (s *Store) Export(ctx context.Context) ([]byte, error) {
	for range maxAttempts {
		doc, ok, err := s.export(ctx)
		if err != nil {
			return nil, err
		}
		if ok {
			return json.Marshal(doc)
		}
	}
	return nil, fmt.Errorf("redis store: export: %w", errBusy)
}

// export reads the state; ok is false if the generation changed meanwhile.
func (s *Store) export(ctx context.Context) (doc store.StateDoc, ok bool, err error) {
	doc = store.StateDoc{Format: store.StateFormat, Version: store.StateVersion, Collections: map[string][]store.StateRecord{}}
	v, err := s.run(ctx, colsScript)
	if err != nil {
		return doc, false, err
	}
	cols, _ := v.([]any)
	gen, _ := cols[0].(string)
	for _, c := range cols[1:] {
		key, _ := c.(string)
		v, err := s.run(ctx, dumpScript, key)
		if err != nil {
			return doc, false, err
		}
		out, _ := v.([]any)
		if g, _ := out[0].(string); g != gen {
			return doc, false, nil
		}
		recs := make([]store.StateRecord, 0, (len(out)-4)/2)
		for i := 4; i+1 < len(out); i += 2 {
			id, _ := out[i].(string)
			raw, _ := out[i+1].(string)
			f := strings.SplitN(raw, " ", 4)
			if len(f) != 4 {
				return doc, false, fmt.Errorf("redis store: export: collection %q, object %q: malformed record", key, id)
			}
			seq, err := strconv.ParseUint(f[0], 10, 64)
			if err != nil {
				return doc, false, fmt.Errorf("redis store: export: collection %q, object %q: %w", key, id, err)
			}
			recs = append(recs, store.StateRecord{ID: id, Obj: json.RawMessage(f[3]), Hidden: f[2] == "1", Seq: seq})
		}
		slices.SortFunc(recs, func(a, b store.StateRecord) int { return cmp.Compare(a.Seq, b.Seq) })
		doc.Collections[key] = recs
	}
	return doc, true, nil
}

// Import implements store.Store. The document is checked by
// store.Memory's Import (the same errors), written into a new
// generation, which then becomes current in one command: the replicas
// see the old state or the new one, never a mix.
func (s *Store) Import(ctx context.Context, data []byte) error {
	m := store.NewMemory()
	if err := m.Import(ctx, data); err != nil {
		return err
	}
	snap := m.Snapshot()
	n := 1
	for _, recs := range snap {
		n += len(recs)
	}
	// One INCRBY reserves the generation and every record's version.
	v, err := s.run(ctx, reserveScript, n)
	if err != nil {
		return fmt.Errorf("redis store: import: %w", err)
	}
	last, _ := v.(int64)
	gen := last - int64(n) + 1
	ver := gen
	base := s.prefix + strconv.FormatInt(gen, 10) + ":"
	pipe := s.rdb.Pipeline()
	for key, recs := range snap {
		k := colBase(base, key)
		var seq uint64
		var next int64
		for _, r := range recs {
			data, err := json.Marshal(r.Object())
			if err != nil {
				return fmt.Errorf("redis store: import: collection %q, object %q: %w", key, r.ID, err)
			}
			ver++
			hid := 0
			if r.Hidden {
				hid = 1
			} else {
				pipe.ZAdd(ctx, k+"v", redisZ(r.Seq, r.ID))
			}
			pipe.HSet(ctx, k+"o", r.ID, fmt.Sprintf("%d %d %d %s", r.Seq, ver, hid, data))
			seq = max(seq, r.Seq)
			if id, err := strconv.ParseInt(r.ID, 10, 64); err == nil && id < maxIndex {
				next = max(next, id)
			}
		}
		pipe.Set(ctx, k+"q", seq, 0)
		pipe.Set(ctx, k+"n", next, 0)
		pipe.SAdd(ctx, base+"cols", key)
		if pipe.Len() >= 1000 {
			if _, err := pipe.Exec(ctx); err != nil {
				return s.abandon(ctx, base, err)
			}
		}
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return s.abandon(ctx, base, err)
	}
	v, err = s.run(ctx, switchScript, strconv.FormatInt(gen, 10))
	if err != nil {
		return s.abandon(ctx, base, err)
	}
	s.states.Clear()
	s.cache.clear()
	old, _ := v.(string)
	return s.deletePrefix(ctx, old)
}

// abandon deletes a generation an Import could not finish.
func (s *Store) abandon(ctx context.Context, base string, err error) error {
	if derr := s.deletePrefix(context.WithoutCancel(ctx), base); derr != nil {
		return fmt.Errorf("redis store: import: %w (and its partial state under %q remains: %v)", err, base, derr)
	}
	return fmt.Errorf("redis store: import: %w", err)
}

// colBase is the base of collection key's keys in a generation (base),
// as the scripts' ck builds it.
func colBase(base, key string) string {
	return base + "c:" + strconv.Itoa(len(key)) + ":" + key + ":"
}

func redisZ(seq uint64, id string) redis.Z { return redis.Z{Score: float64(seq), Member: id} }
