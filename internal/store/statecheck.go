package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// CheckFunc checks an object of a State before it is installed
// (State.Check): obj is the object decoded, or nil when raw, its JSON as
// json.Marshal writes it, is given instead (DecodeObject decodes it); a
// check that needs only a few of its values decodes only those. A check
// that completes the object (fills in a missing field, say, with JSON
// values: string, float64, bool, nil, []any, map[string]any) returns it,
// to be installed instead. It is called from several goroutines at once.
type CheckFunc func(key, id string, obj map[string]any, raw RawObject) (changed map[string]any, err error)

// checkChunk is how many objects a worker of Check takes at a time: enough
// to make taking them cheap, few enough to spread a small state over the
// workers.
const checkChunk = 256

// Check decodes every object of st and calls check (nil: none) for each,
// on every CPU: the error is the first object's that fails, in collection
// and creation order. It readies st for Install: an object that is to be
// kept cold (all but the newest hotLimit of a collection) keeps only its
// JSON, as it was read when that is canonical (see decodeJSONObject) and
// check did not change it, so that neither a decoded copy of the whole
// state is held at once nor is any unchanged object encoded again.
// ctx cancelled stops it.
func (st *State) Check(ctx context.Context, check CheckFunc) error {
	type item struct {
		key string
		o   *stateObj
		hot bool
	}
	keys := st.Keys()
	order := make(map[string][]*stateObj, len(keys))
	items := make([]item, 0, st.Len())
	for _, key := range keys {
		objs := st.sorted(key)
		order[key] = objs
		for i, o := range objs {
			items = append(items, item{key, o, len(objs)-i <= hotLimit})
		}
	}
	errs := make([]error, len(items))
	var next atomic.Int64
	var firstErr atomic.Int64 // the lowest index with an error
	firstErr.Store(int64(len(items)))
	failed := func(i int, err error) {
		errs[i] = err
		for {
			cur := firstErr.Load()
			if int64(i) >= cur || firstErr.CompareAndSwap(cur, int64(i)) {
				return
			}
		}
	}
	workers := min(runtime.GOMAXPROCS(0), (len(items)+checkChunk-1)/checkChunk)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var tables []byte // where this worker's member tables are made
			for {
				start := int(next.Add(checkChunk)) - checkChunk
				if start >= len(items) || int64(start) > firstErr.Load() {
					return
				}
				if ctx.Err() != nil {
					failed(start, fmt.Errorf("store: import: stopped: %w", context.Cause(ctx)))
					return
				}
				for i := start; i < min(start+checkChunk, len(items)); i++ {
					it := items[i]
					if cap(tables)-len(tables) < tableReserve {
						tables = make([]byte, 0, tableSlab)
					}
					if err := st.checkObject(it.key, it.o, it.hot, check, &tables); err != nil {
						failed(i, err)
						break
					}
				}
			}
		}()
	}
	wg.Wait()
	if i := int(firstErr.Load()); i < len(items) {
		return st.wordError(ctx, errs[i])
	}
	if ctx.Err() != nil { // cancelled as the last objects were checked
		return fmt.Errorf("store: import: stopped: %w", context.Cause(ctx))
	}
	st.order = order
	return nil
}

// errUndecoded marks an object of the export that does not decode.
var errUndecoded = errors.New("undecoded")

// Member tables are made in slabs of tableSlab bytes, a new one when less
// than tableReserve is left (an object with more members than that
// reserve allows makes the slab grow), so that the tables of a whole
// state cost a few allocations.
const (
	tableSlab    = 64 << 10
	tableReserve = 4 << 10
)

// checkObject checks one object, and readies it for Install; tables is
// the worker's slab of member tables.
func (st *State) checkObject(key string, o *stateObj, hot bool, check CheckFunc, tables *[]byte) error {
	if o.obj == nil { // read by readExportFast: scanned once, decoded only when not canonical
		start := len(*tables)
		canonical, t, err := scanObjectTable(o.raw, *tables)
		*tables = t
		if err == nil && !canonical {
			o.obj, _, err = decodeJSONObject(o.raw)
		}
		if err != nil {
			return fmt.Errorf("store: import: collection %q, object %q: %w: %w", key, o.id, badObject(o.raw), errUndecoded)
		}
		o.canonical = canonical
		if canonical && len(o.raw) <= math.MaxUint32 && len(t) > start {
			o.table = t[start:len(t):len(t)]
		}
	}
	if check != nil {
		var raw RawObject
		if o.canonical {
			raw = RawObject{JSON: o.raw, table: o.table}
		}
		changed, err := check(key, o.id, o.obj, raw)
		if err != nil {
			return err
		}
		if changed != nil {
			o.obj, o.canonical, o.table = changed, false, nil
		}
	}
	if hot {
		return nil // Install decodes raw if need be
	}
	if !o.canonical {
		raw, err := json.Marshal(o.obj)
		if err != nil {
			return nil // a value that does not encode: the record stays hot
		}
		o.raw, o.table = withMembers(raw)
		o.canonical = true
	}
	o.obj = nil
	return nil
}

// wordError returns err, or for an object of the export that does not
// decode, encoding/json's error for the export, as readExport would have
// returned it before reading the objects in one pass.
func (st *State) wordError(ctx context.Context, err error) error {
	if !errors.Is(err, errUndecoded) || st.export == nil {
		return err
	}
	slow := &State{cols: map[string]map[string]*stateObj{}}
	if serr := slow.readExportSlow(ctx, st.export); serr != nil {
		return serr
	}
	return err
}
