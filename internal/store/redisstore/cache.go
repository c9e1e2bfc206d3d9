package redisstore

import (
	"sync"

	"github.com/mockserver-go/mockserver/internal/store"
)

// recordCacheSize bounds the records a Store keeps: enough for the
// objects a load test or a team's sandbox reads again and again, small
// enough that their decoded objects and renderings (a few KB each) stay
// within tens of MB.
const recordCacheSize = 4096

// recordCache keeps the records this process last read or wrote, by
// collection and id. A read sends the version it holds, and Redis answers
// "unchanged" instead of the record when that version is still current:
// no JSON to send and decode, and what the engine cached on the record
// (its rendering, Record.Cached) serves again, as with store.Memory.
// Versions come from one counter per prefix and are never reused (see
// the prelude's nextVersions), so an equal version is the same object.
//
// A write starts from the record held here, without reading first; the
// write script checks its version and answers the current record when it
// is stale, so a write costs one round trip unless another replica wrote
// the object meanwhile.
//
// It also keeps the pages last listed, by collection, order and window,
// with the collection's write token when listed (the generation and the
// collection's last write, unique: see the page script): a List sends
// the token, and Redis answers "unchanged" while it is current, without
// reading the index or a record; else the List sends the versions of
// the page's records, and Redis answers "=" for each record still at
// that version.
type recordCache struct {
	mu    sync.Mutex
	recs  map[cacheKey]*store.Record
	pages map[pageKey]heldPage
}

// heldPage is a page as listed: its records, the collection's total and
// its write token.
type heldPage struct {
	recs  []*store.Record
	total int
	token string
}

type cacheKey struct{ coll, id string }

type pageKey struct {
	coll, order string
	start, stop int
}

// maxPages bounds the pages kept: past it, they are all dropped.
const maxPages = 1024

// page returns the page last listed for a window.
func (c *recordCache) page(k pageKey) heldPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pages[k]
}

// putPage keeps the page listed for a window.
func (c *recordCache) putPage(k pageKey, p heldPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages == nil || len(c.pages) >= maxPages {
		c.pages = make(map[pageKey]heldPage)
	}
	c.pages[k] = p
}

func (c *recordCache) get(coll, id string) *store.Record {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.recs[cacheKey{coll, id}]
}

// put keeps rec, unless a newer version of it is held already (two
// requests that read it at about the same time). When the cache is full,
// it drops an arbitrary record: Go starts each map iteration at a random
// place.
func (c *recordCache) put(coll string, rec *store.Record) {
	k := cacheKey{coll, rec.ID}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.recs == nil {
		c.recs = make(map[cacheKey]*store.Record)
	}
	if old, ok := c.recs[k]; ok {
		if old.Version > rec.Version {
			return
		}
	} else if len(c.recs) >= recordCacheSize {
		for victim := range c.recs {
			delete(c.recs, victim)
			break
		}
	}
	c.recs[k] = rec
}

func (c *recordCache) drop(coll, id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.recs, cacheKey{coll, id})
}

func (c *recordCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.recs)
	clear(c.pages)
}
