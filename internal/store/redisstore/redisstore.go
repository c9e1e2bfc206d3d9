package redisstore

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mockserver-go/mockserver/internal/store"
)

// Options configure a Store.
type Options struct {
	// URL of the Redis server: redis://[user:password@]host:port/db,
	// rediss:// (TLS) or unix:///path/to/socket. Ignored when Client is set.
	URL string
	// Client is a client to use instead of dialling URL (tests); the
	// Store does not close it.
	Client *redis.Client
	// Prefix starts every key, so that several mocks share one Redis.
	// Empty: "mockserver:".
	Prefix string
	// Orders are the orders this replica maintains before any List asks
	// for them (see doc.go); List adds the ones it is given.
	Orders []*store.Order
}

// Store is a store.Store on Redis. It is safe for concurrent use, by
// several processes sharing one Redis and prefix.
type Store struct {
	rdb    *redis.Client
	owned  atomic.Bool // Close closes rdb: New dialled it, or TakeOver passed it on
	prefix string

	mu     sync.RWMutex
	orders map[string]*store.Order // known orders by name
	states sync.Map                // collection -> orderState last seen
	locks  objectLocks             // Update and Delete, per object
	queues updateQueues            // updates waiting for their object's lock
	cache  recordCache
}

var (
	_ store.Store       = (*Store)(nil)
	_ store.Peeker      = (*Store)(nil)
	_ store.PeekReader  = (*Store)(nil)
	_ store.PeekUpdater = (*Store)(nil)
)

// orderState is a collection's set of indexed orders as last read: its
// id (ov, unique across collections and generations) and names.
type orderState struct {
	ov    string
	names []string
}

// dialTimeout bounds the check that the server answers at start-up.
const dialTimeout = 5 * time.Second

// defaultPoolSize is the most connections to Redis a store opens, unless
// the URL says otherwise: each request in flight holds one for its round
// trip, and go-redis's default (10 per CPU) made requests queue for one
// under 30 concurrent clients on 2 CPUs, which cost a GET about a quarter
// more CPU (scripts/loadtest, URL ?pool_size=64 against none).
const defaultPoolSize = 64

// New returns a store on the Redis of opts, after checking that it
// answers: an unreachable server is an error here, not at the first
// request.
func New(ctx context.Context, opts Options) (*Store, error) {
	s := &Store{rdb: opts.Client, prefix: opts.Prefix, orders: make(map[string]*store.Order)}
	if s.prefix == "" {
		s.prefix = "mockserver:"
	}
	for _, o := range opts.Orders {
		s.orders[o.Name] = o
	}
	if s.rdb == nil {
		ro, err := redis.ParseURL(opts.URL)
		if err != nil {
			return nil, fmt.Errorf("redis store: URL %q: %w", redactURL(opts.URL), err)
		}
		if ro.PoolSize == 0 { // not set by the URL (?pool_size=)
			ro.PoolSize = defaultPoolSize
		}
		s.rdb = redis.NewClient(ro)
		s.owned.Store(true)
	}
	pctx, cancel := context.WithTimeout(ctx, dialTimeout)
	defer cancel()
	if err := s.rdb.Ping(pctx).Err(); err != nil {
		s.Close()
		return nil, fmt.Errorf("redis store: %s does not answer: %w", redactURL(opts.URL), err)
	}
	return s, nil
}

// redactURL hides the password of a URL in messages.
func redactURL(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return u
	}
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		if user, _, hasPw := strings.Cut(rest[:at], ":"); hasPw {
			return scheme + "://" + user + ":xxxxx" + rest[at:]
		}
	}
	return u
}

// Close closes the connections New opened, unless TakeOver passed them
// on.
func (s *Store) Close() error {
	if s.owned.Swap(false) {
		return s.rdb.Close()
	}
	return nil
}

// Share returns a store on s's connections with opts' prefix and orders
// (opts.URL and opts.Client are ignored), for a server that replaces
// another (hot reload) without dialling again. The connections stay s's:
// the new store's Close leaves them open until TakeOver.
func (s *Store) Share(ctx context.Context, opts Options) (*Store, error) {
	opts.URL, opts.Client = "", s.rdb
	return New(ctx, opts)
}

// TakeOver makes s close prev's connections, which s shares (Share):
// from then on prev's Close leaves them open, so that requests still on
// prev finish while s serves in its place.
func (s *Store) TakeOver(prev *Store) {
	if s.rdb == prev.rdb && prev.owned.Swap(false) {
		s.owned.Store(true)
	}
}

// Prefix returns the prefix of the store's keys.
func (s *Store) Prefix() string { return s.prefix }

func (s *Store) run(ctx context.Context, sc *redis.Script, args ...any) (any, error) {
	v, err := sc.Run(ctx, s.rdb, nil, append([]any{s.prefix}, args...)...).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("redis store: %w", err)
	}
	return v, nil
}

// decode parses a stored record: "seq version hidden json".
func decode(id string, raw any) (*store.Record, error) {
	str, _ := raw.(string)
	fields := strings.SplitN(str, " ", 4)
	if len(fields) != 4 {
		return nil, fmt.Errorf("redis store: object %q: malformed record %.40q", id, str)
	}
	seq, err1 := strconv.ParseUint(fields[0], 10, 64)
	ver, err2 := strconv.ParseUint(fields[1], 10, 64)
	var obj map[string]any
	err3 := json.Unmarshal([]byte(fields[3]), &obj)
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, fmt.Errorf("redis store: object %q: malformed record: %w", id, err)
	}
	if obj == nil {
		obj = map[string]any{}
	}
	return store.NewRecord(id, obj, fields[2] == "1", seq, ver), nil
}

// version reads the version of a stored record without decoding it.
func version(raw string) (uint64, bool) {
	_, rest, _ := strings.Cut(raw, " ")
	v, _, ok := strings.Cut(rest, " ")
	n, err := strconv.ParseUint(v, 10, 64)
	return n, ok && err == nil
}

// known is the version of object id of collection key held in the cache,
// as the scripts take it ("" for none), and the record.
func (s *Store) known(key, id string) (string, *store.Record) {
	if rec := s.cache.get(key, id); rec != nil {
		return strconv.FormatUint(rec.Version, 10), rec
	}
	return "", nil
}

// answer turns a script's answer for object id into its record: held is
// the cached record the script was told of, returned for "="; a record
// whose version is cached is the cached one; another is decoded and
// cached.
func (s *Store) answer(key, id string, held *store.Record, raw any) (*store.Record, error) {
	switch raw := raw.(type) {
	case nil:
		s.cache.drop(key, id)
		return nil, store.ErrNotFound
	case string:
		if raw == "=" && held != nil {
			return held, nil
		}
		// A write of this process may have cached the version meanwhile.
		if v, ok := version(raw); ok {
			if rec := s.cache.get(key, id); rec != nil && rec.Version == v {
				return rec, nil
			}
		}
		rec, err := decode(id, raw)
		if err != nil {
			return nil, err
		}
		s.cache.put(key, rec)
		return rec, nil
	default:
		return nil, fmt.Errorf("redis store: object %q: unexpected answer %T", id, raw)
	}
}

// Get implements store.Store: one script, which sends the record only
// when the version cached here is not current.
func (s *Store) Get(ctx context.Context, key, id string) (*store.Record, error) {
	ver, held := s.known(key, id)
	v, err := s.run(ctx, getScript, key, id, ver)
	if err != nil {
		return nil, err
	}
	return s.answer(key, id, held, v)
}

// PeekGet implements store.PeekReader: Get and the check that the
// collection is ready in one script.
func (s *Store) PeekGet(ctx context.Context, key, id string) (*store.Record, bool, error) {
	ver, held := s.known(key, id)
	v, err := s.run(ctx, peekGetScript, key, id, ver)
	if err != nil {
		return nil, false, err
	}
	out, _ := v.([]any)
	if len(out) == 0 || out[0] != int64(1) {
		return nil, false, nil
	}
	var raw any
	if len(out) > 1 {
		raw = out[1]
	}
	rec, err := s.answer(key, id, held, raw)
	return rec, true, err
}

// Exists implements store.Peeker: one script, in the current generation.
func (s *Store) Exists(ctx context.Context, key string) (bool, error) {
	v, err := s.run(ctx, existsScript, key)
	if err != nil {
		return false, err
	}
	n, _ := v.(int64)
	return n == 1, nil
}

// maxIndex bounds ranges: Redis takes 64-bit indexes, Lua only the ones
// a double holds exactly.
const maxIndex = 1 << 50

// List implements store.Store: O(log n + limit) in Redis.
func (s *Store) List(ctx context.Context, key string, o *store.Order, offset, limit int) ([]*store.Record, int, error) {
	recs, total, _, err := s.list(ctx, key, o, offset, limit, false)
	return recs, total, err
}

// PeekList implements store.PeekReader: List and the check that the
// collection is ready in one script.
func (s *Store) PeekList(ctx context.Context, key string, o *store.Order, offset, limit int) ([]*store.Record, int, bool, error) {
	return s.list(ctx, key, o, offset, limit, true)
}

// list is List; with peek, only in a ready collection (ready says).
func (s *Store) list(ctx context.Context, key string, o *store.Order, offset, limit int, peek bool) (recs []*store.Record, total int, ready bool, err error) {
	offset = min(max(offset, 0), maxIndex)
	stop := offset - 1
	if limit > 0 {
		stop = offset + min(limit, maxIndex) - 1
	}
	name := ""
	if o != nil {
		name = s.learn(o)
	}
	p := 0
	if peek {
		p = 1
	}
	pk := pageKey{key, name, offset, stop}
	page := s.cache.page(pk)
	args := []any{key, name, offset, stop, p, page.token}
	held := make(map[string]*store.Record, len(page.recs))
	for _, rec := range page.recs {
		held[rec.ID] = rec
		args = append(args, rec.ID, strconv.FormatUint(rec.Version, 10))
	}
	for attempt := 0; ; attempt++ {
		v, err := s.run(ctx, pageScript, args...)
		if err != nil {
			return nil, 0, false, err
		}
		out, _ := v.([]any)
		total, _ := out[0].(int64)
		switch {
		case total == -3:
			return page.recs, page.total, true, nil
		case total == -2:
			return nil, 0, false, nil
		case total >= 0:
			token := ""
			if len(out) > 1 {
				token, _ = out[1].(string)
			}
			recs := make([]*store.Record, 0, (len(out)-2)/2)
			for i := 2; i+1 < len(out); i += 2 {
				id, _ := out[i].(string)
				if out[i+1] == nil {
					continue // deleted between the index and the hash: cannot be, in one script
				}
				rec, err := s.answer(key, id, held[id], out[i+1])
				if err != nil {
					return nil, 0, false, err
				}
				recs = append(recs, rec)
			}
			if limit > 0 && limit <= maxHeldPage && token != "" {
				s.cache.putPage(pk, heldPage{recs, int(total), token})
			}
			return recs, int(total), true, nil
		}
		if attempt == maxAttempts {
			return nil, 0, false, fmt.Errorf("redis store: collection %q: the index of order %q could not be built: %w", key, o.Name, errBusy)
		}
		if err := s.buildIndex(ctx, key, o); err != nil {
			return nil, 0, false, err
		}
	}
}

// maxHeldPage is the longest page whose records a List keeps to send
// their versions the next time (cache.go): a page of a list a client
// pages through, not a whole collection read for a filter.
const maxHeldPage = 100

// NextID implements store.Store: an INCR, unique across replicas.
func (s *Store) NextID(ctx context.Context, key string) (int64, error) {
	v, err := s.run(ctx, nextIDScript, key)
	if err != nil {
		return 0, err
	}
	n, _ := v.(int64)
	return n, nil
}

// maxAttempts bounds the retries of a write whose check failed (another
// write of the same object, or an index built, in between).
const maxAttempts = 64

var errBusy = errors.New("too many concurrent writes")

// Create implements store.Store.
func (s *Store) Create(ctx context.Context, key, id string, obj map[string]any) (*store.Record, error) {
	obj = store.NormalizeObject(obj)
	data, err := json.Marshal(obj)
	if err != nil {
		return nil, fmt.Errorf("redis store: object %q: %w", id, err)
	}
	num := ""
	if n, err := strconv.ParseInt(id, 10, 64); err == nil && n > 0 && n < maxIndex {
		num = id
	}
	for range maxAttempts {
		st, known, err := s.state(ctx, key)
		if err != nil {
			return nil, err
		}
		args := []any{key, id, data, num, st.ov}
		for _, o := range known {
			args = append(args, o.Name, escapedKey(o, obj))
		}
		v, err := s.run(ctx, createScript, args...)
		if err != nil {
			return nil, err
		}
		out, _ := v.([]any)
		switch out[0] {
		case "ok":
			seq, _ := out[1].(int64)
			ver, _ := out[2].(int64)
			rec := store.NewRecord(id, obj, false, uint64(seq), uint64(ver))
			s.cache.put(key, rec)
			return rec, nil
		case "exists":
			return nil, store.ErrExists
		default:
			s.saw(key, out)
		}
	}
	return nil, fmt.Errorf("redis store: creating %q in %q: %w", id, key, errBusy)
}

// Update implements store.Store: optimistic, fn runs again on a
// conflict. It starts from the version cached here, if any, without
// reading: the write checks it, and answers the current version when it
// is stale.
func (s *Store) Update(ctx context.Context, key, id string, includeHidden bool, fn func(*store.Change) error) (*store.Record, error) {
	rec, _, err := s.update(ctx, key, id, includeHidden, fn, false)
	return rec, err
}

// PeekUpdate implements store.PeekUpdater: Update whose scripts check
// that the collection is ready, so that a PATCH needs no Seed first.
func (s *Store) PeekUpdate(ctx context.Context, key, id string, includeHidden bool, fn func(*store.Change) error) (*store.Record, bool, error) {
	return s.update(ctx, key, id, includeHidden, fn, true)
}

// errNotReady is a peeking write's answer in a collection that is not
// ready: nothing was written.
var errNotReady = errors.New("collection not ready")

// update is Update; with peek, only in a ready collection (ready says).
// Concurrent updates of one object in this process are written in
// batches (batch.go): whoever holds the object's lock writes every
// update queued for it, its own included, in one script.
func (s *Store) update(ctx context.Context, key, id string, includeHidden bool, fn func(*store.Change) error, peek bool) (rec *store.Record, ready bool, err error) {
	name := key + "\x00" + id
	if peek {
		name += "\x00peek"
	}
	u := &pending{includeHidden: includeHidden, fn: fn}
	s.queues.add(name, u)
	func() {
		defer s.locks.lock(name)()
		if !u.done { // else the lock's previous holder wrote it
			s.writeBatch(ctx, key, id, s.queues.take(name), peek)
		}
	}()
	if u.panicked != nil {
		// Its function panicked, perhaps in another request's goroutine:
		// the panic goes on in this one, as it would without the batch.
		panic(u.panicked)
	}
	if errors.Is(u.err, errNotReady) {
		return nil, false, nil
	}
	return u.rec, true, u.err
}

// writeBatch runs the updates of batch, in order, each on the version
// the one before made, and writes the last version in one script that
// reserves a version for each; on a conflict they all run again on the
// current version. Each update gets its own record or error.
func (s *Store) writeBatch(ctx context.Context, key, id string, batch []*pending, peek bool) {
	if len(batch) > 1 {
		// The others' updates must not fail because this request ended.
		ctx = context.WithoutCancel(ctx)
	}
	defer func() {
		if r := recover(); r != nil { // not a function's (runFn): every update of the batch panics
			for _, u := range batch {
				if !u.done {
					u.done, u.panicked = true, r
				}
			}
			panic(r)
		}
	}()
	err := s.runBatch(ctx, key, id, batch, peek)
	for _, u := range batch {
		u.done = true
		if err != nil {
			u.rec, u.err = nil, err
		}
	}
}

func (s *Store) runBatch(ctx context.Context, key, id string, batch []*pending, peek bool) error {
	cur, fresh, err := s.start(ctx, key, id, peek)
	if err != nil {
		return err
	}
	for attempt := 0; attempt < maxAttempts; attempt++ {
		if cur.Hidden && !fresh && slices.ContainsFunc(batch, func(u *pending) bool { return !u.includeHidden }) {
			// A hidden object is not found only on the word of Redis.
			if cur, err = s.read(ctx, key, id, peek); err != nil {
				return err
			}
			fresh = true
			continue
		}
		last, changed := cur, 0
		for _, u := range batch {
			u.rec, u.err, u.panicked = nil, nil, nil
			if last.Hidden && !u.includeHidden {
				u.err = store.ErrNotFound
				continue
			}
			old := last.Object()
			ch := &store.Change{Cur: last, Old: old, Obj: maps.Clone(old), Hidden: last.Hidden}
			if err := u.run(ch); err != nil {
				u.err = err
				continue
			}
			// Its version is known once the batch is written.
			u.rec = store.NewRecord(id, store.NormalizeObject(ch.Obj), ch.Hidden, cur.Seq, 0)
			last = u.rec
			changed++
		}
		if changed == 0 {
			return nil
		}
		obj := last.Object()
		data, err := json.Marshal(obj)
		if err != nil {
			return fmt.Errorf("redis store: object %q: %w", id, err)
		}
		rec, next, err := s.write(ctx, key, cur, cur.Object(), obj, data, last.Hidden, peek, changed)
		if err != nil {
			return err
		}
		if rec != nil {
			// The script reserved versions rec.Version-changed+1 to
			// rec.Version, one per update in order; the last is rec
			// itself, as cached.
			v := rec.Version - uint64(changed)
			for _, u := range batch {
				if u.rec != nil {
					v++
					u.rec.Version = v
					if u.rec == last {
						u.rec = rec
					}
				}
			}
			return nil
		}
		if cur, fresh, err = s.retry(ctx, key, id, cur, next, fresh, attempt); err != nil {
			return err
		}
	}
	return fmt.Errorf("redis store: updating %q in %q: %w", id, key, errBusy)
}

// Delete implements store.Store.
func (s *Store) Delete(ctx context.Context, key, id string) error {
	defer s.locks.lock(key + "\x00" + id)()
	cur, fresh, err := s.start(ctx, key, id, false)
	if err != nil {
		return err
	}
	for attempt := 0; attempt < maxAttempts; attempt++ {
		rec, next, err := s.write(ctx, key, cur, cur.Object(), nil, nil, true, false, 1)
		if err != nil || rec != nil {
			return err
		}
		if cur, fresh, err = s.retry(ctx, key, id, cur, next, fresh, attempt); err != nil {
			return err
		}
	}
	return fmt.Errorf("redis store: deleting %q in %q: %w", id, key, errBusy)
}

// start returns the version a write of object id starts from: the one
// cached here (fresh false), else the current one (with peek,
// errNotReady when the collection is not ready).
func (s *Store) start(ctx context.Context, key, id string, peek bool) (cur *store.Record, fresh bool, err error) {
	if cur = s.cache.get(key, id); cur != nil {
		return cur, false, nil
	}
	cur, err = s.read(ctx, key, id, peek)
	return cur, true, err
}

// read is Get; with peek, PeekGet, errNotReady when not ready.
func (s *Store) read(ctx context.Context, key, id string, peek bool) (*store.Record, error) {
	if !peek {
		return s.Get(ctx, key, id)
	}
	rec, ready, err := s.PeekGet(ctx, key, id)
	if err == nil && !ready {
		err = errNotReady
	}
	return rec, err
}

// retry returns the version to write from again after a write of cur did
// not happen: next, the current version the write script answered, or
// cur again (the collection's indexes changed). A conflict with a version
// read from Redis means another replica wrote in between: wait a little
// first, so that replicas that met do not meet again at once.
func (s *Store) retry(ctx context.Context, key, id string, cur, next *store.Record, fresh bool, attempt int) (*store.Record, bool, error) {
	if next == nil {
		return cur, fresh, nil
	}
	if fresh {
		if err := backoff(ctx, attempt+1); err != nil {
			return nil, false, fmt.Errorf("redis store: writing %q in %q: %w", id, key, err)
		}
	}
	return next, true, nil
}

// write replaces cur with obj (data its JSON; nil deletes it) if cur is
// still the current version, and returns the new record (for a delete,
// cur). Otherwise it returns no record, and next: the current version
// when cur was not (nil when the collection's indexes changed: try
// again); ErrNotFound when the object is gone. With peek, it writes only
// in a ready collection: errNotReady otherwise. It reserves versions
// versions (a batch of updates), the new record taking the last.
func (s *Store) write(ctx context.Context, key string, cur *store.Record, old, obj map[string]any, data []byte, hidden, peek bool, versions int) (rec, next *store.Record, err error) {
	st, known, err := s.state(ctx, key)
	if err != nil {
		return nil, nil, err
	}
	hid := 0
	if hidden {
		hid = 1
	}
	p := 0
	if peek {
		p = 1
	}
	args := []any{key, cur.ID, strconv.FormatUint(cur.Version, 10), string(data), hid, st.ov, p, versions}
	for _, o := range known {
		oldM, newM := "", ""
		if !cur.Hidden {
			oldM = member(o, old, cur.Seq, cur.ID)
		}
		if data != nil && !hidden {
			newM = member(o, obj, cur.Seq, cur.ID)
		}
		if oldM != newM {
			args = append(args, o.Name, oldM, newM)
		}
	}
	v, err := s.run(ctx, writeScript, args...)
	if err != nil {
		return nil, nil, err
	}
	out, _ := v.([]any)
	switch out[0] {
	case "ok":
		if data == nil {
			s.cache.drop(key, cur.ID)
			return cur, nil, nil
		}
		n, _ := out[1].(int64)
		rec := store.NewRecord(cur.ID, obj, hidden, cur.Seq, uint64(n))
		s.cache.put(key, rec)
		return rec, nil, nil
	case "conflict":
		next, err := s.answer(key, cur.ID, nil, out[1])
		return nil, next, err
	case "gone":
		s.cache.drop(key, cur.ID)
		return nil, nil, store.ErrNotFound
	case "unready":
		return nil, nil, errNotReady
	default:
		s.saw(key, out)
		return nil, nil, nil
	}
}

// escapedKey is o's key of obj as it starts an index member.
func escapedKey(o *store.Order, obj map[string]any) string {
	return string(store.AppendString(nil, o.Key(obj)))
}

// member is the index member of an object for order o (see doc.go).
func member(o *store.Order, obj map[string]any, seq uint64, id string) string {
	b := store.AppendString(nil, o.Key(obj))
	b = binary.BigEndian.AppendUint64(b, seq)
	return string(append(b, id...))
}
