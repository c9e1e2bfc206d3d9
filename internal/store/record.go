package store

import (
	"encoding/json"
	"sync"
)

// Record is an immutable snapshot of one stored object. Never mutate the map
// Object returns (use Clone for a private copy); Update replaces the record
// instead.
//
// A record keeps its object either decoded ("hot", a map) or encoded
// ("cold", compact JSON bytes, which the garbage collector does not scan);
// see hot.go. Object returns the map either way.
type Record struct {
	ID      string
	Hidden  bool   // soft-deleted: not listed, not found by Get unless asked
	Seq     uint64 // creation sequence within the collection (default order)
	Version uint64 // 1 on Insert, bumped on every change

	// The mutable side of an immutable record: the form its object is
	// kept in and the derived forms cached for it, guarded by mu. It is
	// part of the Record rather than behind a pointer, so that a cold
	// record is one object for the garbage collector to scan, not two.
	mu  sync.Mutex
	obj map[string]any // hot: the object; nil when cold
	raw []byte         // cold: json.Marshal of the object; nil when hot
	// members is a cold record's member table (fields.go), in the same
	// array as raw, past raw's capacity.
	members []byte

	// entries are the cached derived forms (encoded bytes, rendered
	// views), keyed by the caller's choice (e.g. "json",
	// "json:fields=a,b"); few keys per record, so a slice beats a map.
	// A cold record keeps only the []byte ones.
	entries []*cacheEntry

	hot        *hotSet // the collection's hot set; nil for records built by NewRecord
	inList     bool    // on hot's list, between prev and next; guarded by hot.mu, not mu
	prev, next *Record
	replaced   bool // no longer the current version of its object
}

type cacheEntry struct {
	key   string
	once  sync.Once // runs the build of a value not noted
	val   any       // guarded by Record.mu
	ready bool      // val is built or noted; guarded by Record.mu
}

// NewRecord returns a record of obj outside any collection (for tests and
// snapshots): hot, with a cache, never turned cold. obj is not copied.
func NewRecord(id string, obj map[string]any, hidden bool, seq, version uint64) *Record {
	return &Record{ID: id, Hidden: hidden, Seq: seq, Version: version, obj: obj}
}

// with returns a new version of r with the given object and hidden flag,
// in the same hot set.
func (r *Record) with(obj map[string]any, hidden bool) *Record {
	n := NewRecord(r.ID, obj, hidden, r.Seq, r.Version+1)
	n.hot = r.hot
	return n
}

// withHidden returns a new version of r with the same object, hot or cold
// as r's is, and the given hidden flag.
func (r *Record) withHidden(hidden bool) *Record {
	n := r.with(nil, hidden)
	r.mu.Lock()
	n.obj, n.raw, n.members = r.obj, r.raw, r.members
	r.mu.Unlock()
	return n
}

// Object returns the stored object. A hot record returns its map, the same
// one every call; a cold record decodes its bytes into a new map on every
// call (the record stays cold), with the values JSON decoding gives
// (float64 numbers, []any, map[string]any), which are the values the store
// holds anyway (see normalize.go). Never modify the map.
func (r *Record) Object() map[string]any {
	r.mu.Lock()
	obj, raw := r.obj, r.raw
	r.mu.Unlock()
	if obj != nil || raw == nil {
		return obj
	}
	return decodeObject(raw)
}

// decodeObject decodes what cool encoded: a JSON object, valid by
// construction.
func decodeObject(raw []byte) map[string]any {
	var obj map[string]any
	if err := json.Unmarshal(raw, &obj); err != nil {
		panic("store: cold record does not decode: " + err.Error())
	}
	return obj
}

// Cold reports whether the record keeps its object encoded.
func (r *Record) Cold() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.obj == nil && r.raw != nil
}

// appendJSON appends the object's JSON encoding (json.Marshal's) to dst,
// without decoding a cold record.
func (r *Record) appendJSON(dst []byte) ([]byte, error) {
	r.mu.Lock()
	obj, raw := r.obj, r.raw
	r.mu.Unlock()
	if obj == nil && raw != nil {
		return append(dst, raw...), nil
	}
	b, err := json.Marshal(obj)
	return append(dst, b...), err
}

// cool turns a record cold: it encodes the object and drops the map, and
// drops every cached form but the []byte ones. A record that is no longer
// current is left alone (it is garbage unless a reader holds it), and so is
// the object of one that does not encode (a NaN, say): it stays hot.
func (r *Record) cool() {
	r.mu.Lock()
	obj, replaced := r.obj, r.replaced
	r.mu.Unlock()
	if replaced {
		return
	}
	var raw, members []byte
	if obj != nil {
		b, err := json.Marshal(obj)
		if err != nil {
			return
		}
		raw, members = withMembers(b)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if raw != nil {
		r.raw, r.members, r.obj = raw, members, nil
	}
	kept := r.entries[:0]
	for _, e := range r.entries {
		if _, ok := e.val.([]byte); ok && e.ready {
			kept = append(kept, e)
		}
	}
	clear(r.entries[len(kept):])
	r.entries = kept
	if len(kept) == 0 {
		r.entries = nil
	}
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
//
// Values other than []byte hold pointers the garbage collector must scan:
// building one makes the record hot again (it joins the collection's hot
// set), and turning the record cold drops them, so that they are built
// again when next asked for.
func (r *Record) Cached(key string, build func() any) any {
	r.mu.Lock()
	var ce *cacheEntry
	for _, e := range r.entries {
		if e.key == key {
			ce = e
			break
		}
	}
	if ce == nil {
		ce = &cacheEntry{key: key}
		r.addEntry(ce)
	} else if ce.ready { // built, or noted
		v := ce.val
		r.mu.Unlock()
		return v
	}
	r.mu.Unlock()
	built := false
	ce.once.Do(func() {
		v := build()
		r.mu.Lock()
		ce.val, ce.ready = v, true
		r.mu.Unlock()
		built = true
	})
	r.mu.Lock()
	v := ce.val
	r.mu.Unlock()
	if _, isBytes := v.([]byte); built && !isBytes && r.hot != nil {
		r.hot.use(r)
	}
	return v
}

// Note stores v under key for this record version, as if Cached had built
// it, unless a value is there already. Like Cached's, a value other than
// []byte is dropped when the record turns cold.
func (r *Record) Note(key string, v any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.entries {
		if e.key == key {
			return
		}
	}
	r.addEntry(&cacheEntry{key: key, val: v, ready: true}) // Cached returns v without building
}

// addEntry adds a cache entry; r.mu must be held.
func (r *Record) addEntry(ce *cacheEntry) {
	if r.entries == nil {
		// Room for two: a record is typically rendered as an object and
		// as a list item, or noted and rendered.
		r.entries = make([]*cacheEntry, 0, 2)
	}
	r.entries = append(r.entries, ce)
}

// Peek returns the value Cached stored under key for this record version,
// if it is built, without building it.
func (r *Record) Peek(key string) (any, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.entries {
		if e.key == key && e.ready {
			return e.val, true
		}
	}
	return nil, false
}
