// Package resource is the resource stage: the state of a document's
// resources in a store.Store and what their operations do to it, in one
// place. A Stage creates (NewObject: the writable fields sent, defaults,
// server-assigned fields, the Create hook), reads, updates and replaces
// (the Update hook, soft delete), deletes, lists (List: the query's
// filters, the declared order, the List hook, the page window), completes
// and stores objects arranged from Go or fixtures (Put), seeds collections
// on first use (through the create path, deterministic per seed; a read of
// an unstored collection is answered from a seed made on the side) and
// checks a restored state. It conforms stored objects to a response's
// schema (Conform). It returns records, or a *problem.Error; rendering
// them is the caller's (internal/render, through the engine). Hooks see a
// plugin.Call the caller provides (Call.Plugin, Config.Seeding).
package resource
