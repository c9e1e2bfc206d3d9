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
// It also keeps the records of the pages last listed, by collection,
// order and window: a List sends their versions, and Redis answers "="
// for each record of the page that is still at that version.
type recordCache struct {
	mu    sync.Mutex
	recs  map[cacheKey]*store.Record
	pages map[pageKey][]*store.Record
}

type cacheKey struct{ coll, id string }

type pageKey struct {
	coll, order string
	start, stop int
}

// maxPages bounds the pages kept: past it, they are all dropped.
const maxPages = 1024

// page returns the records last listed for a page.
func (c *recordCache) page(k pageKey) []*store.Record {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pages[k]
}

// putPage keeps the records listed for a page.
func (c *recordCache) putPage(k pageKey, recs []*store.Record) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages == nil || len(c.pages) >= maxPages {
		c.pages = make(map[pageKey][]*store.Record)
	}
	c.pages[k] = recs
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
