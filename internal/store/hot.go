package store

import "sync"

// Hot and cold records.
//
// The garbage collector marks the whole live heap on every cycle, and a
// decoded JSON object is a tree of maps, slices and strings: tens of heap
// objects per record. With 100,000 records, every cycle would chase
// millions of pointers, and each request, paying its share of the cycles,
// would cost about twice what it costs with 100 records. So a collection
// keeps only its recently written or used records decoded ("hot"); the
// others are kept as compact JSON bytes ("cold"), which the collector does
// not scan, and are decoded on demand by Record.Object (a new map each
// time; the record stays cold).
//
// A record is written hot and joins its collection's hot set, a list of at
// most hotLimit records; so does a record when a pointer-holding derived
// form (a rendered view) is cached on it. A new version of a record takes
// the place of the old one, which leaves the set. When the set is full, its
// oldest record turns cold (Record.cool): its object is encoded, its map
// dropped, and its cached forms but the []byte ones dropped. Records are
// shared with readers without locks: a reader that got the map from Object
// keeps a valid, never modified map; the record's own fields are guarded by
// its mutex.

// hotLimit is the most records a collection keeps hot by default. A request
// touches a few records, a list page up to a page size (100 by default):
// 1,024 keep several pages' renderings cached. Measured with 100,000
// records, 256 or 128 hot records did not make pages cheaper (the
// per-record objects that remain, not the hot ones, cost the collector).
const hotLimit = 1024

// hotSet is a collection's hot records, in the order they became hot,
// threaded on a doubly linked list through the records.
type hotSet struct {
	mu         sync.Mutex
	limit      int
	n          int     // records on the list
	head, tail *Record // oldest, newest
}

func newHotSet(limit int) *hotSet {
	return &hotSet{limit: max(limit, 1)}
}

// add puts r on the list, as the newest, unless it is there already, and
// returns the record it pushes out, if any, which the caller must cool
// (outside its locks: cool encodes the object).
func (h *hotSet) add(r *Record) (out *Record) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r.inList {
		return nil
	}
	r.inList, r.prev, r.next = true, h.tail, nil
	if h.tail != nil {
		h.tail.next = r
	} else {
		h.head = r
	}
	h.tail = r
	h.n++
	if h.n <= h.limit {
		return nil
	}
	out = h.head
	h.unlink(out)
	return out
}

// unlink takes r off the list; h.mu must be held and r on the list.
func (h *hotSet) unlink(r *Record) {
	if r.prev != nil {
		r.prev.next = r.next
	} else {
		h.head = r.next
	}
	if r.next != nil {
		r.next.prev = r.prev
	} else {
		h.tail = r.prev
	}
	r.inList, r.prev, r.next = false, nil, nil
	h.n--
}

// replace takes old, a record replaced by a new version or deleted, off the
// list (its object is garbage unless a reader holds it), and adds rec if it
// is not nil; it returns the record to cool, as add does.
func (h *hotSet) replace(old, rec *Record) (out *Record) {
	h.mu.Lock()
	if old.inList && old.hot == h {
		h.unlink(old)
	}
	h.mu.Unlock()
	if rec == nil {
		return nil
	}
	return h.add(rec)
}

// use is add for a record a reader made hot: it cools the record pushed
// out right away.
func (h *hotSet) use(r *Record) {
	if out := h.add(r); out != nil {
		out.cool()
	}
}
