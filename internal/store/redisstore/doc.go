// Package redisstore is a store.Store on Redis (or Valkey, which speaks
// the same protocol), so that several replicas of the mock share one
// state, and so that the state lives as long as Redis keeps it.
//
// # Keys
//
// Every key starts with the store's prefix (several mocks can share one
// Redis). Under it:
//
//	P gen              the current generation g (missing: 0)
//	P ctr              a counter for generations, record versions and order-set ids
//	P g: cols          the set of existing collections (seeded, created or imported)
//	P g: c:<len>:<C>:  the keys of collection C (its length first, so that no
//	                   collection's keys are another's):
//	    o              hash id -> "seq version hidden json"
//	    v              sorted set of the visible ids, scored by seq (creation order)
//	    n, q           the NextID counter and the seq counter
//	    w              the version of the last write (unique; index builds
//	                   and held pages check it)
//	    os, ov         the names of the orders indexed, and the id of that set's state
//	    s:<name>       one sorted set per indexed order: every member scores 0
//	                   and is the order key (escaped with store.AppendString, so
//	                   that no key is a prefix of another), the seq in 8 bytes
//	                   big-endian, then the id; so the byte order of members is
//	                   the order wanted, ties broken by creation
//	    lock           the seeding lock (SET NX PX)
//
// Reset and Import switch to a new generation in one command, so every
// replica sees the new state at once and no write lands half in the old
// one: each operation is one Lua script that reads the generation first.
// The old generation's keys are then deleted.
//
// # Atomicity
//
// Create, delete and every other write are one script each. Update runs
// the caller's function in Go on the version it holds (cached, or read),
// and writes the result with a script that checks that version is still
// current; on a conflict the script answers the current version, and the
// function runs again on it. Concurrent updates of one object in one
// process are batched (objlock.go): the holder of the object's lock runs
// every update queued for it in turn, each on the version the one before
// made, and writes the last version in one script that reserves a
// version for each, so that each update's record is a version of its
// own, as if written one by one and all but the last overwritten at once
// (no other replica reads one of them); a conflict runs them all again. With
// many clients updating one object, one round trip serves many updates
// instead of each waiting for the round trip of the one before.
// Versions come from one counter, so they are
// never reused, not across a Reset, nor after Redis was emptied (the
// counter then starts from the time in microseconds).
//
// # Reads
//
// Each Store keeps the records it last read or wrote (cache.go), so that
// a read sends the version it holds and Redis answers "=" while it is
// current: no JSON sent or decoded, and what the engine cached on the
// record serves again. A List sends the write token of the page it holds
// (the generation and the collection's w), and Redis answers "unchanged"
// while it is current, without reading the index or a record; else the
// versions of the page's records, each answered "=" while current.
// PeekGet and PeekList (store.PeekReader) check in
// the same script that the collection is ready (exists, not being
// seeded), so that a GET of an object or of a page is one round trip;
// PeekUpdate (store.PeekUpdater) does so for a write, so that a PATCH is
// one round trip too.
//
// # Orders
//
// An order's index is built the first time a List asks for it (O(n log n)
// once, as store.Memory does) and kept by every write from then on. Order
// keys are computed in Go (store.Order.Key is a function), so a replica
// must know an order to maintain it: Options.Orders names the orders a
// replica knows before any List (the engine's declared orders), and each
// List teaches it the one it uses. Writes check the collection's set of
// indexed orders (ov) with the version, so a write never misses an index
// built meanwhile; a replica that meets an index of an order it does not
// know drops that index, and the next List by a replica that knows it
// builds it again.
//
// # Seeding
//
// Seed takes a lock (SET NX with an expiry, extended while the fill runs)
// so that one replica fills a collection while the others wait for it.
// A replica that dies mid-fill lets the lock expire; a failed fill
// deletes what it wrote.
package redisstore
