package store

import (
	"maps"
	"strconv"
	"sync"
	"sync/atomic"
)

// Collection is a set of JSON objects keyed by id, kept in creation order.
// All methods are safe for concurrent use.
type Collection struct {
	key string

	mu      sync.RWMutex
	entries map[string]*entry // live entries, visible and hidden
	index   orderIndex
	sorted  map[string]*sortedIndex // visible entries per Order name (SortedPage)
	seq     uint64                  // last creation sequence handed out
	nextInt int64                   // next integer id NextInt returns
	hot     *hotSet                 // the records kept decoded (hot.go)
	filling atomic.Bool             // Memory.Seed is filling it
	// sh is the store's change log and object count (nil for a
	// collection of no store); detached, set under mu by Reset and
	// Import, stops sending changes to the log.
	sh       *shared
	detached bool
	// version changes on every change of the collection (Version).
	version atomic.Uint64
}

// entry is the mutable cell behind one id. rec, slot, prev, next and linked
// are guarded by Collection.mu; upd serializes Updates of this object.
type entry struct {
	rec        *Record
	upd        sync.Mutex
	slot       int
	linked     bool // visible, i.e. threaded on the index's list
	prev, next *entry
}

func newCollection(key string, hotLimit int) *Collection {
	return &Collection{
		key:     key,
		entries: make(map[string]*entry),
		index:   newOrderIndex(),
		nextInt: 1,
		hot:     newHotSet(hotLimit),
	}
}

// Key returns the key the collection was created with.
func (c *Collection) Key() string { return c.key }

// Version is a number that changes whenever the collection does (an object
// created, updated, hidden, restored or deleted; the collection cleared).
// In a store, it is drawn from one counter for all the store's
// collections, so that a collection made anew (after Reset or Import)
// never has the version an earlier one with the same key had.
func (c *Collection) Version() uint64 { return c.version.Load() }

// changed gives the collection a new version.
func (c *Collection) changed() {
	if c.sh != nil {
		c.version.Store(c.sh.versions.Add(1))
		return
	}
	c.version.Add(1)
}

// Insert stores a deep copy of obj under id, visible, as the newest object.
// The copy holds JSON values (see normalize.go): an int becomes a float64,
// a []string a []any, and so on. It fails with ErrExists if id is taken,
// hidden objects included. A numeric id at or above the NextInt counter
// moves the counter past it.
func (c *Collection) Insert(id string, obj map[string]any) (*Record, error) {
	obj = normalizeObject(obj)
	c.mu.Lock()
	if _, ok := c.entries[id]; ok {
		c.mu.Unlock()
		return nil, ErrExists
	}
	if !c.reserve() {
		c.mu.Unlock()
		return nil, ErrFull
	}
	c.seq++
	rec := c.newRecord(id, obj, false, c.seq, 1)
	c.insertLocked(rec)
	c.changed()
	c.logPut(rec)
	out := c.hot.add(rec)
	c.mu.Unlock()
	coolOut(out)
	return rec, nil
}

// newRecord returns a new hot record of the collection; the caller adds it
// to c.hot once it is stored.
func (c *Collection) newRecord(id string, obj map[string]any, hidden bool, seq, version uint64) *Record {
	r := NewRecord(id, obj, hidden, seq, version)
	r.hot = c.hot
	return r
}

// replaceLocked makes rec the current record of e, which held old, and
// puts it in the hot set in old's stead; it returns the record to cool.
// c.mu must be held for writing.
func (c *Collection) replaceLocked(e *entry, old, rec *Record) (out *Record) {
	e.rec = rec
	retire(old)
	if rec.Cold() {
		return c.hot.replace(old, nil)
	}
	return c.hot.replace(old, rec)
}

// retire marks a record that is no longer current, so that it is not
// turned cold for nothing.
func retire(r *Record) {
	r.mu.Lock()
	r.replaced = true
	r.mu.Unlock()
}

// coolOut cools the record a hot set pushed out, if any.
func coolOut(r *Record) {
	if r != nil {
		r.cool()
	}
}

// insertLocked adds rec as the newest entry; c.mu must be held and rec.Seq
// must exceed every Seq in the collection.
func (c *Collection) insertLocked(rec *Record) {
	e := &entry{rec: rec}
	c.entries[rec.ID] = e
	c.index.push(e, !rec.Hidden)
	if !rec.Hidden {
		c.sortedInsert(e)
	}
	if n, err := strconv.ParseInt(rec.ID, 10, 64); err == nil && n >= c.nextInt && n < 1<<62 {
		c.nextInt = n + 1
	}
}

// Get returns the visible object with the given id.
func (c *Collection) Get(id string) (*Record, bool) {
	rec, ok := c.GetAny(id)
	if !ok || rec.Hidden {
		return nil, false
	}
	return rec, true
}

// GetAny returns the object with the given id, hidden or not.
func (c *Collection) GetAny(id string) (*Record, bool) {
	c.mu.RLock()
	e := c.entries[id]
	var rec *Record
	if e != nil {
		rec = e.rec
	}
	c.mu.RUnlock()
	return rec, rec != nil
}

// Update applies fn to a copy of the current object and stores the result
// as a new record version: Store.Update for one collection, with the
// object only. The copy is shallow: nested maps and slices are shared with
// the stored versions, which never change, so fn must replace a nested
// value (with a modified copy) rather than modify it in place. fn runs
// without the collection lock held, so it may read the collection, but it
// must not Update the same object (that would deadlock).
func (c *Collection) Update(id string, includeHidden bool, fn func(obj map[string]any) error) (*Record, error) {
	return c.update(id, includeHidden, func(ch *Change) error { return fn(ch.Obj) })
}

// update is Store.Update for this collection. Concurrent updates of the
// same object run one after the other, while updates of different objects
// run in parallel; fn runs once. Values fn stores are normalized to JSON
// values, as Insert's are; only those fn changed are looked at.
func (c *Collection) update(id string, includeHidden bool, fn func(*Change) error) (*Record, error) {
	c.mu.RLock()
	e := c.entries[id]
	c.mu.RUnlock()
	if e == nil {
		return nil, ErrNotFound
	}
	e.upd.Lock()
	defer e.upd.Unlock()

	// Only update changes the object, and we hold e.upd, so cur's object
	// is the latest until we swap ours in. Hidden may still change
	// meanwhile (SetHidden: a new record with the same object).
	c.mu.RLock()
	cur := e.rec
	live := c.entries[id] == e
	c.mu.RUnlock()
	if !live || (cur.Hidden && !includeHidden) {
		return nil, ErrNotFound
	}
	old := cur.Object() // decodes a cold record, once
	ch := &Change{Cur: cur, Old: old, Obj: maps.Clone(old), Hidden: cur.Hidden}
	if err := fn(ch); err != nil {
		return nil, err
	}
	normalizeChanged(old, ch.Obj)

	c.mu.Lock()
	cur = e.rec
	if c.entries[id] != e || (cur.Hidden && !includeHidden) {
		c.mu.Unlock()
		return nil, ErrNotFound
	}
	rec := cur.with(ch.Obj, ch.Hidden)
	out := c.replaceLocked(e, cur, rec)
	c.changed()
	c.logPut(rec)
	switch {
	case rec.Hidden != cur.Hidden:
		c.setVisibleLocked(e, cur, old, !rec.Hidden)
	case e.linked:
		c.sortedReplace(e, cur, old)
	}
	c.mu.Unlock()
	coolOut(out)
	return rec, nil
}

// SetHidden soft-deletes (hidden=true) or restores an object. Restoring puts
// it back at its original place in creation order. Setting the flag it
// already has returns the current record unchanged (no version bump).
func (c *Collection) SetHidden(id string, hidden bool) (*Record, error) {
	c.mu.Lock()
	e := c.entries[id]
	if e == nil {
		c.mu.Unlock()
		return nil, ErrNotFound
	}
	cur := e.rec
	if cur.Hidden == hidden {
		c.mu.Unlock()
		return cur, nil
	}
	rec := cur.withHidden(hidden) // a cold record stays cold
	out := c.replaceLocked(e, cur, rec)
	c.changed()
	c.logPut(rec)
	c.setVisibleLocked(e, cur, nil, !hidden)
	c.mu.Unlock()
	coolOut(out)
	return rec, nil
}

// setVisibleLocked shows or hides e in the indexes; old is the record e
// held when it was put in them, obj its object or nil. c.mu must be held
// for writing.
func (c *Collection) setVisibleLocked(e *entry, old *Record, obj map[string]any, visible bool) {
	if visible {
		c.index.setVisible(e, true)
		c.sortedInsert(e)
		return
	}
	c.sortedRemove(e, old, obj)
	c.index.setVisible(e, false)
}

// Delete removes an object, hidden or not, for good. It reports whether the
// id existed.
func (c *Collection) Delete(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[id]
	if e == nil {
		return false
	}
	delete(c.entries, id)
	if e.linked {
		c.sortedRemove(e, e.rec, nil)
	}
	c.index.remove(e)
	retire(e.rec)
	c.hot.replace(e.rec, nil)
	if c.sh != nil {
		c.sh.objects.Add(-1)
	}
	c.changed()
	c.logf(logLine{Op: "del", Key: c.key, ID: id})
	return true
}

// Len returns the number of visible objects, in O(1).
func (c *Collection) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.index.visible
}

// Page returns up to limit visible records in creation order, skipping the
// first offset, together with the total number of visible records. It costs
// O(log n + limit), whatever the number of hidden or deleted objects. A
// negative offset counts as 0; limit <= 0 or an offset past the end yields no
// records.
func (c *Collection) Page(offset, limit int) (recs []*Record, total int) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	total = c.index.visible
	offset = max(offset, 0)
	if limit <= 0 || offset >= total {
		return nil, total
	}
	limit = min(limit, total-offset)
	recs = make([]*Record, 0, limit)
	for e := c.index.slots[c.index.kth(offset)]; e != nil && len(recs) < limit; e = e.next {
		recs = append(recs, e.rec)
	}
	return recs, total
}

// All returns every visible record in creation order, in O(visible).
func (c *Collection) All() []*Record {
	c.mu.RLock()
	defer c.mu.RUnlock()
	recs := make([]*Record, 0, c.index.visible)
	for e := c.index.head; e != nil; e = e.next {
		recs = append(recs, e.rec)
	}
	return recs
}

// allLocked returns every record, hidden included, in creation order.
// c.mu must be held.
func (c *Collection) allLocked() []*Record {
	recs := make([]*Record, 0, len(c.entries))
	for _, e := range c.index.slots {
		if e != nil {
			recs = append(recs, e.rec)
		}
	}
	return recs
}

// NextInt returns the next integer id for this collection and advances the
// counter. It starts at 1; inserting a numeric id at or above the counter
// moves it past that id, so NextInt never returns an id inserted before.
func (c *Collection) NextInt() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.nextInt
	c.nextInt++
	return n
}

// Clear removes every object and resets the creation sequence and the
// NextInt counter, as if the collection were new.
func (c *Collection) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sh != nil {
		c.sh.objects.Add(-int64(len(c.entries)))
	}
	c.changed()
	c.logf(logLine{Op: "clear", Key: c.key})
	c.entries = make(map[string]*entry)
	c.index = newOrderIndex()
	c.sorted = nil
	c.seq = 0
	c.nextInt = 1
	c.hot = newHotSet(c.hot.limit)
}

// reserve counts one more object in the store, unless it holds its
// maximum already. c.mu must be held.
func (c *Collection) reserve() bool {
	if c.sh == nil {
		return true
	}
	if limit := c.sh.max.Load(); limit > 0 && c.sh.objects.Load() >= limit {
		return false
	}
	c.sh.objects.Add(1)
	return true
}
