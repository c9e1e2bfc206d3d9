// Package store keeps the mock's state in memory: collections of JSON
// objects, concurrency-safe, with reset and snapshot.
//
// # Model
//
// A [Store] holds named [Collection]s, created lazily by [Store.Collection].
// A collection holds objects (JSON-shaped map[string]any) keyed by a string
// id chosen by the caller. Every object is exposed as an immutable [Record]:
// a change (Update, SetHidden) builds a new Record and swaps it in
// (copy-on-write), so a *Record obtained from a read stays valid and
// consistent forever and may be serialized without holding any lock.
// Callers must never mutate Record.Obj; use [Clone] to get a private copy.
//
// Soft-deleted ("hidden") objects keep their id and creation order but are
// excluded from Get, Len, Page and All; GetAny and Update(includeHidden)
// still reach them.
//
// # Complexity (n = objects in the collection, hidden included)
//
//	Insert            O(log n) amortized (Fenwick append)
//	Get, GetAny       O(1)
//	Update            O(size of object) for the deep copy, plus fn
//	SetHidden         O(log n)
//	Delete            O(log n) amortized (compaction is O(n), at most once per n/2 deletes)
//	Len               O(1)
//	Page(off, limit)  O(log n + limit), independent of hidden objects
//	All               O(visible)
//
// Page uses an order-statistics index (index.go): a Fenwick tree over
// creation slots counting visible records finds the offset-th visible record
// in O(log n), and a doubly linked list threading only the visible records
// in creation order yields the next limit-1 records without touching hidden
// or deleted ones.
//
// # Concurrency
//
// Each collection has its own RWMutex; the store's map of collections has
// another. Update serializes concurrent updates of the same object with a
// per-object mutex, runs fn on a deep copy outside the collection lock, and
// swaps the result in under the collection lock, so no write is lost and
// readers never see a half-applied change. Reset and Import swap the whole
// map of collections; a *Collection obtained before a Reset is detached from
// the store (operations on it still work, but are no longer visible through
// the store).
//
// # Persistence
//
// [Store.Export] and [Store.Import] use a versioned JSON document:
//
//	{"format":"mockserver-state","version":1,
//	 "collections":{"key":[{"id":"1","obj":{...},"hidden":false,"seq":1}]}}
//
// Import validates the whole document before replacing the state; on error
// the existing state is unchanged.
package store
