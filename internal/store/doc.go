// Package store keeps the mock's state: collections of JSON objects,
// concurrency-safe, with soft delete, declared orders, reset and
// export/import.
//
// # The interface and its implementations
//
// [Store] is what the engine uses: get, list a page (in creation order or
// a declared [Order]), next integer id, create, atomic update (with soft
// delete and restore, [Change]), delete, seed once, reset, export and
// import, each of which may fail as a remote database does. [Memory]
// implements it in this process's memory, and is the default; another
// implementation (a database shared by several replicas) slots in behind
// the same interface and proves it by running the conformance suite in
// package storetest. Orders compare keys byte-wise (orderkey.go builds
// them), so that a database can keep them in an index.
//
// # Model
//
// A store holds named collections, each keyed by a string the caller
// builds. [Memory] also gives direct access to them ([Memory.Collection],
// [Collection]), for tests and code that needs no other store. A
// collection holds objects (JSON-shaped map[string]any) keyed by a string
// id chosen by the caller. Every object is exposed as an immutable
// [Record]: a change (Update, SetHidden) builds a new Record and swaps it
// in (copy-on-write), so a *Record obtained from a read stays valid and
// consistent forever and may be serialized without holding any lock.
// Callers must never mutate the map Record.Object returns; use [Clone] to
// get a private copy. Records also carry a cache of what callers derive
// from them (Record.Cached), valid for that version.
//
// Objects are kept as JSON values (nil, bool, float64, string, []any,
// map[string]any): every write normalizes what it stores to those (see
// normalize.go).
//
// # Hot and cold records
//
// In [Memory], a collection keeps only its recently written or used
// records decoded ("hot", at most 1,024 by default, see
// [Memory.SetHotLimit]); the others
// keep their object as compact JSON bytes ("cold"), which the garbage
// collector does not scan, so a collection of 100,000 objects costs each
// collection cycle a few heap objects per record instead of tens (hot.go).
// [Record.Object] decodes a cold record's bytes on every call. A read by
// id or a page served from values cached on the records (Cached) decodes
// nothing; cached []byte values survive a record turning cold, others
// (the engine's renderings) are dropped with the map and built again, from
// the decoded object, by the next read, which puts the record back in the
// hot set (its object stays encoded). Other readers of objects pay for
// decoding cold ones: filters (only the fields they read, with
// [Record.Fields]), list hooks (O(n) anyway), the first sort by an Order
// (O(n log n) anyway), an Update, SetHidden or Delete of a cold record
// (one decode), Snapshot. Export copies cold bytes as they are. A write
// that pushes a record out of the hot set encodes that record: O(size of
// that object). A cold record also keeps where each member of its object
// starts (its member table, fields.go), so that Fields goes straight to
// the members it wants.
//
// Soft-deleted ("hidden") objects keep their id and creation order but are
// excluded from lists (Store.List; Collection.Get, Len, Page and All);
// Store.Get (Collection.GetAny) and Update with includeHidden still reach
// them.
//
// # Complexity of Memory (n = objects in the collection, hidden included)
//
//	Insert            O(log n) amortized (Fenwick append)
//	Get, GetAny       O(1)
//	Update            O(size of object) for the copy, plus fn (plus O(log n) to hide or restore)
//	SetHidden         O(log n)
//	Delete            O(log n) amortized (compaction is O(n), at most once per n/2 deletes)
//	Len               O(1)
//	Page(off, limit)  O(log n + limit), independent of hidden objects
//	SortedPage        O(n/512 + limit) once the order's index is built (O(n log n), on first use)
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
// per-object mutex, runs fn on a copy outside the collection lock, and
// swaps the result in under the collection lock, so no write is lost and
// readers never see a half-applied change. Reset and Import swap the whole
// map of collections; a *Collection obtained before a Reset is detached from
// the store (operations on it still work, but are no longer visible through
// the store). Seed fills one collection at a time (a store-wide mutex, which
// Reset and Import wait for too), and a Seed of a collection being filled
// waits for it, so that a caller that seeds first never sees a collection
// half seeded; a Seed of an existing collection costs a map lookup.
//
// # Persistence
//
// Store.Export and Store.Import use a versioned JSON document:
//
//	{"format":"mockserver-state","version":1,
//	 "collections":{"key":[{"id":"1","obj":{...},"hidden":false,"seq":1}]}}
//
// Import validates the whole document before replacing the state; on error
// the existing state is unchanged.
package store
