package store

import (
	"cmp"
	"slices"
	"sort"
)

// maxChunk is the largest chunk of a sorted index. Chunks keep inserts and
// removals at O(log n + maxChunk + n/maxChunk) and finding the k-th record
// at O(n/maxChunk) steps over chunk lengths.
const maxChunk = 512

// sortedIndex holds the visible entries of a collection sorted by an Order,
// as a list of sorted chunks (none empty) whose concatenation is sorted.
// Guarded by Collection.mu.
type sortedIndex struct {
	order  *Order
	chunks [][]sortedItem
}

type sortedItem struct {
	key string
	seq uint64
	e   *entry
}

func (x *sortedIndex) compare(a, b sortedItem) int {
	if c := cmp.Compare(a.key, b.key); c != 0 {
		return c
	}
	return cmp.Compare(a.seq, b.seq)
}

func (x *sortedIndex) item(e *entry) sortedItem {
	return sortedItem{key: x.order.Key(e.rec.Object()), seq: e.rec.Seq, e: e}
}

// buildSorted sorts the visible entries of c by o, in O(n log n).
func buildSorted(c *Collection, o *Order) *sortedIndex {
	x := &sortedIndex{order: o}
	items := make([]sortedItem, 0, c.index.visible)
	for e := c.index.head; e != nil; e = e.next {
		items = append(items, x.item(e))
	}
	slices.SortFunc(items, x.compare)
	for len(items) > 0 {
		n := min(len(items), maxChunk/2)
		x.chunks = append(x.chunks, slices.Clip(items[:n]))
		items = items[n:]
	}
	return x
}

// locate returns where it goes: the chunk and the position within it.
func (x *sortedIndex) locate(it sortedItem) (ci, i int) {
	ci = sort.Search(len(x.chunks), func(k int) bool {
		ch := x.chunks[k]
		return x.compare(ch[len(ch)-1], it) >= 0
	})
	if ci == len(x.chunks) { // after every item: at the end of the last chunk
		ci--
		return ci, len(x.chunks[ci])
	}
	ch := x.chunks[ci]
	return ci, sort.Search(len(ch), func(k int) bool { return x.compare(ch[k], it) >= 0 })
}

func (x *sortedIndex) insert(e *entry) {
	it := x.item(e)
	if len(x.chunks) == 0 {
		x.chunks = [][]sortedItem{{it}}
		return
	}
	ci, i := x.locate(it)
	ch := slices.Insert(x.chunks[ci], i, it)
	if len(ch) <= maxChunk {
		x.chunks[ci] = ch
		return
	}
	half := len(ch) / 2
	right := slices.Clone(ch[half:])
	clear(ch[half:])
	x.chunks[ci] = ch[:half]
	x.chunks = slices.Insert(x.chunks, ci+1, right)
}

// remove takes e out of the index; old is the record e held when it was
// inserted (its key locates it).
func (x *sortedIndex) remove(e *entry, old *oldObject) {
	ci, i, ok := x.find(e, old)
	if !ok {
		return
	}
	ch := slices.Delete(x.chunks[ci], i, i+1)
	if len(ch) == 0 {
		x.chunks = slices.Delete(x.chunks, ci, ci+1)
	} else {
		x.chunks[ci] = ch
	}
}

// find locates e's item by old's key; should the key function not be pure
// after all, it falls back to a scan rather than corrupt the index.
func (x *sortedIndex) find(e *entry, old *oldObject) (ci, i int, ok bool) {
	if len(x.chunks) > 0 {
		ci, i = x.locate(sortedItem{key: x.order.Key(old.object()), seq: old.rec.Seq})
		if i < len(x.chunks[ci]) && x.chunks[ci][i].e == e {
			return ci, i, true
		}
	}
	for ci, ch := range x.chunks {
		for i, it := range ch {
			if it.e == e {
				return ci, i, true
			}
		}
	}
	return 0, 0, false
}

// replace moves e from old's place to the place of its current record.
func (x *sortedIndex) replace(e *entry, old *oldObject) {
	ci, i, ok := x.find(e, old)
	if !ok {
		x.insert(e)
		return
	}
	it := x.item(e)
	if x.chunks[ci][i].key == it.key {
		x.chunks[ci][i] = it // same key, same seq: same place
		return
	}
	x.remove(e, old)
	x.insert(e)
}

// page returns up to limit records from offset on.
func (x *sortedIndex) page(offset, limit int) []*Record {
	var recs []*Record
	for _, ch := range x.chunks {
		if len(recs) >= limit {
			break
		}
		if offset >= len(ch) {
			offset -= len(ch)
			continue
		}
		for _, it := range ch[offset:] {
			if len(recs) >= limit {
				break
			}
			recs = append(recs, it.e.rec)
		}
		offset = 0
	}
	return recs
}

// sortedLocked returns the index for o, building it if needed. c.mu must be
// held for writing.
func (c *Collection) sortedLocked(o *Order) *sortedIndex {
	x := c.sorted[o.Name]
	if x == nil {
		x = buildSorted(c, o)
		if c.sorted == nil {
			c.sorted = make(map[string]*sortedIndex)
		}
		c.sorted[o.Name] = x
	}
	return x
}

// withSorted runs fn with the index for o under the collection's lock: a
// read lock once the index exists, the write lock the first time.
func (c *Collection) withSorted(o *Order, fn func(x *sortedIndex)) {
	c.mu.RLock()
	x := c.sorted[o.Name]
	if x != nil {
		defer c.mu.RUnlock()
		fn(x)
		return
	}
	c.mu.RUnlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	fn(c.sortedLocked(o))
}

// SortedPage is Page in the order o: up to limit visible records, skipping
// the first offset, and the number of visible records. The first call for an
// order sorts the collection (O(n log n)); the collection then keeps that
// order up to date on every change (O(log n + 512) each, plus the key), so
// later pages cost O(n/512 + limit).
func (c *Collection) SortedPage(o *Order, offset, limit int) (recs []*Record, total int) {
	c.withSorted(o, func(x *sortedIndex) {
		total = c.index.visible
		offset = max(offset, 0)
		if limit > 0 && offset < total {
			recs = x.page(offset, min(limit, total-offset))
		}
	})
	return recs, total
}

// SortedAll is All in the order o (see SortedPage).
func (c *Collection) SortedAll(o *Order) []*Record {
	var recs []*Record
	c.withSorted(o, func(x *sortedIndex) { recs = x.page(0, c.index.visible) })
	return recs
}

// oldObject is the record an entry held when it was put in the indexes,
// whose key finds it there; the object of a cold record is decoded once,
// when an index first needs it.
type oldObject struct {
	rec *Record
	obj map[string]any
}

func (o *oldObject) object() map[string]any {
	if o.obj == nil {
		o.obj = o.rec.Object()
	}
	return o.obj
}

// The index hooks below keep every sorted index in step with the visible
// entries; c.mu must be held for writing. old is the record e held when it
// was put in the indexes and obj its object, or nil to decode it if needed.

func (c *Collection) sortedInsert(e *entry) {
	for _, x := range c.sorted {
		x.insert(e)
	}
}

func (c *Collection) sortedRemove(e *entry, old *Record, obj map[string]any) {
	o := &oldObject{old, obj}
	for _, x := range c.sorted {
		x.remove(e, o)
	}
}

func (c *Collection) sortedReplace(e *entry, old *Record, obj map[string]any) {
	o := &oldObject{old, obj}
	for _, x := range c.sorted {
		x.replace(e, o)
	}
}
