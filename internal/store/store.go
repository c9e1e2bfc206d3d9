package store

import (
	"context"
	"errors"
)

// Store is the mock's state as the engine uses it: collections of JSON
// objects, each named by a key the caller builds (e.g.
// "hog_functions|project_id=1") and created by Seed, or by its first
// Create or NextID. [Memory] implements it; an implementation on a remote
// database (several replicas of the mock sharing one state) implements it
// too, and runs the conformance tests of package storetest.
//
// Objects come back as immutable [Record]s. An implementation may hand out
// the same *Record for as long as its version is current (Memory does),
// which lets what callers cache on it (Record.Cached) serve again; one that
// builds a new Record per read (NewRecord) is correct, only slower.
//
// Every method may fail for a reason of the backend (a database that is
// unreachable): such errors are neither [ErrNotFound] nor [ErrExists], and
// the caller reports them as its own failure, not as the client's.
// Implementations are safe for concurrent use, by several processes for a
// shared one.
type Store interface {
	// Seed creates collection key and runs fill to fill it (with Create),
	// unless the collection exists already: seeded, created or imported
	// before, by this process or another sharing the store. Concurrent
	// Seeds of one collection run fill once, and all return once it is
	// filled. A failed fill leaves no collection, so that a later Seed
	// runs it again.
	Seed(ctx context.Context, key string, fill func(context.Context) error) error

	// Get returns the object id of collection key, hidden (soft-deleted)
	// or not: Record.Hidden says which. It fails with ErrNotFound when
	// there is no such object.
	Get(ctx context.Context, key, id string) (*Record, error)

	// List returns up to limit visible objects of collection key in the
	// order o (nil: creation order), skipping the first offset, and the
	// number of visible objects. Implementations keep it near
	// O(log n + limit), however many objects are hidden (an index per
	// order). A negative offset counts as 0; limit <= 0 or an offset past
	// the end yields no records. A collection that does not exist is empty.
	List(ctx context.Context, key string, o *Order, offset, limit int) (recs []*Record, total int, err error)

	// NextID returns an integer id for a new object of collection key, one
	// never returned before for it and above every numeric id created in
	// it (shared implementations: across every process). Ids start at 1.
	NextID(ctx context.Context, key string) (int64, error)

	// Create stores obj under id, visible, as the newest object of
	// collection key. What is stored is a copy normalized to JSON values
	// (see normalize.go): later changes to obj are not seen. It fails with
	// ErrExists if id is taken, hidden objects included. A numeric id at
	// or above what NextID would return moves NextID past it.
	Create(ctx context.Context, key, id string, obj map[string]any) (*Record, error)

	// Update changes object id of collection key atomically: fn gets the
	// current version and makes the new one in its Change; if fn returns
	// an error, nothing changes and Update returns that error. Concurrent
	// updates of one object never lose each other's changes. fn may run
	// more than once (an implementation that retries on a conflict does
	// so), so it must have no effect but on its Change. Update fails with
	// ErrNotFound when there is no such object, or it is hidden and
	// includeHidden is false.
	Update(ctx context.Context, key, id string, includeHidden bool, fn func(*Change) error) (*Record, error)

	// Delete removes object id of collection key for good, hidden or not.
	// It fails with ErrNotFound when there is no such object.
	Delete(ctx context.Context, key, id string) error

	// Reset drops every collection.
	Reset(ctx context.Context) error

	// Export encodes the whole state, hidden objects included, as a
	// versioned JSON document that Import accepts (persist.go). Equal
	// states export to equal bytes.
	Export(ctx context.Context) ([]byte, error)

	// Import replaces the whole state with a document Export wrote. It
	// checks the whole document first: on error the state is unchanged,
	// and the error names what is wrong.
	Import(ctx context.Context, data []byte) error
}

// A Peeker is a Store that tells whether a collection exists without
// creating it (Seed, Create and NextID create one). The engine answers a
// read of a collection that does not exist from its seed made on the side
// (docs/limits.md), so that reads store nothing; with a Store that is no
// Peeker, a read seeds the collection as a write does.
type Peeker interface {
	// Exists reports whether collection key exists: seeded (or being
	// seeded), created or imported.
	Exists(ctx context.Context, key string) (bool, error)
}

// A PeekReader is a Peeker that reads a collection only when it is ready,
// telling which in the same step: for a remote store one round trip
// where Exists, Seed and Get (or List) take three. A collection is ready
// when it exists and is not being seeded, so that Seed would return at
// once without filling it: a caller that finds it ready may skip Seed.
// When it is not ready, nothing is read: rec (recs) is nil, and the
// caller goes the Exists and Seed way.
type PeekReader interface {
	Peeker
	// PeekGet is Get in a ready collection key: a missing object is
	// ErrNotFound; ready is false, and err nil, when key is not ready.
	PeekGet(ctx context.Context, key, id string) (rec *Record, ready bool, err error)
	// PeekList is List in a ready collection key.
	PeekList(ctx context.Context, key string, o *Order, offset, limit int) (recs []*Record, total int, ready bool, err error)
}

// A Versioner is a Store that tells cheaply whether a collection changed,
// so that what was made from reading it (a view that shows other
// objects) can be kept until it does.
type Versioner interface {
	// CollectionVersion returns the version of collection key: 0 when the
	// store lacks the collection, else a number that changes on every
	// change of the collection and is never given again to that key (not
	// after Reset or Import either).
	CollectionVersion(key string) uint64
}

// A PeekUpdater is a PeekReader that also updates an object only in a
// ready collection, telling which in the same step: for a remote store
// one round trip where Seed and Update take two. When the collection is
// not ready, nothing is written (fn may have run: it may run again, as on
// a conflict) and ready is false; the caller goes the Seed way.
type PeekUpdater interface {
	PeekReader
	// PeekUpdate is Update in a ready collection key.
	PeekUpdate(ctx context.Context, key, id string, includeHidden bool, fn func(*Change) error) (rec *Record, ready bool, err error)
}

// Errors of Store (and Collection) methods; test with errors.Is.
var (
	ErrNotFound = errors.New("store: object not found")
	ErrExists   = errors.New("store: object id already exists")
)

// A Change is an update in the making (Store.Update): the version being
// replaced and the new one, which the update function changes.
type Change struct {
	// Cur is the version being replaced and Old its object, not a copy:
	// never modify it.
	Cur *Record
	Old map[string]any
	// Obj is the new version's object, a shallow copy of Old: its nested
	// maps and slices are shared with Old, so replace a nested value (with
	// a changed copy) rather than modify it. The values set in it are
	// normalized to JSON values, as Create's are.
	Obj map[string]any
	// Hidden is the new version's soft-delete flag, Cur.Hidden to begin
	// with: true soft-deletes the object, false restores it to its place
	// in creation order.
	Hidden bool
}

// An Order sorts a collection's visible records by a key derived from each
// object, ties broken by creation order (Seq), so that the order is total.
// Keys are strings compared byte by byte, which every database can index
// (a sorted set, an index on a column), so that a page in the order costs
// O(log n + page) there too; encode other kinds of keys so that their byte
// order is the order wanted (numbers big-endian with the sign bit flipped,
// say). A collection keeps one sorted index per order name once the order
// is first asked for, and maintains it on every change.
type Order struct {
	// Name identifies the order within a collection: every Order used with
	// the same name must have the same Key.
	Name string
	// Key derives an object's sort key. It must depend on the object only:
	// the key of a record is recomputed to find it again.
	Key func(obj map[string]any) string
}
