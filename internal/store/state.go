package store

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
)

// State is a whole state read from an export and a change log (ReadState),
// not yet installed in a store: its objects can be checked and completed
// first (Objects), then installed at once (Memory.Install). Reading it
// costs O(n) for n objects.
type State struct {
	cols map[string]map[string]*stateObj
	ord  uint64 // order of arrival, for records without a seq
	// export is the export readExportFast read, whose objects Check
	// decodes; read again with encoding/json to word an error in one.
	export []byte
	// order is each collection's objects in creation order, once Check
	// has run.
	order map[string][]*stateObj
}

type stateObj struct {
	id  string
	obj map[string]any // nil until Check decodes raw, and after it for an object kept cold
	// raw is the object's JSON: as read, or encoded by Check; canonical
	// says that it is what json.Marshal writes for obj, so that the
	// object can be kept cold as it is, with table, its member table
	// (withMembers' format), when Check made one.
	raw       []byte
	table     []byte
	canonical bool
	hidden    bool
	seq       uint64
	ord       uint64
}

// Keys returns the collection keys, sorted.
func (st *State) Keys() []string {
	keys := make([]string, 0, len(st.cols))
	for k := range st.cols {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Len returns the number of objects, hidden included.
func (st *State) Len() int {
	n := 0
	for _, c := range st.cols {
		n += len(c)
	}
	return n
}

// sorted returns collection key's objects in creation order: by seq,
// those without one last, in the order they were read.
func (st *State) sorted(key string) []*stateObj {
	out := make([]*stateObj, 0, len(st.cols[key]))
	for _, o := range st.cols[key] {
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b *stateObj) int {
		if (a.seq == 0) != (b.seq == 0) {
			return cmp.Compare(b.seq, a.seq) // the one without a seq goes last
		}
		if a.seq != b.seq {
			return cmp.Compare(a.seq, b.seq)
		}
		return cmp.Compare(a.ord, b.ord)
	})
	return out
}

func (st *State) readExport(ctx context.Context, data []byte) error {
	if ok, err := st.readExportFast(ctx, data); ok || err != nil {
		return err
	}
	return st.readExportSlow(ctx, data)
}

// readExportSlow reads an export with encoding/json, decoding each object.
func (st *State) readExportSlow(ctx context.Context, data []byte) error {
	// One pass over the document when it is one of ours; the header
	// alone, to say what it is, when not.
	var doc StateDoc
	if err := json.Unmarshal(data, &doc); err != nil || doc.Format != StateFormat || doc.Version != StateVersion {
		if err := checkHeader(data); err != nil {
			return err
		}
		if err != nil {
			return importError(err)
		}
	}
	return st.readCollections(ctx, doc)
}

// checkHeader says what is wrong with a document's format and version.
func checkHeader(data []byte) error {
	var hdr stateHeader
	if err := json.Unmarshal(data, &hdr); err != nil {
		return importError(err)
	}
	switch {
	case hdr.Format == nil:
		return errors.New(`store: import: not a mockserver state document: no "format" field`)
	case *hdr.Format != StateFormat:
		return fmt.Errorf("store: import: not a mockserver state document: format is %q, want %q", *hdr.Format, StateFormat)
	}
	var version float64
	if hdr.Version == nil || json.Unmarshal(hdr.Version, &version) != nil || version != math.Trunc(version) || version < 1 {
		return fmt.Errorf("store: import: missing or invalid \"version\" (%s), want %d", orNone(hdr.Version), StateVersion)
	}
	if version > StateVersion {
		return fmt.Errorf("store: import: state document version %v is newer than supported version %d", version, StateVersion)
	}
	return nil
}

func (st *State) readCollections(ctx context.Context, doc StateDoc) error {
	n := 0
	for key, recs := range doc.Collections {
		col := make(map[string]*stateObj, len(recs))
		st.cols[key] = col
		seqs := make(map[uint64]string, len(recs))
		for i, sr := range recs {
			if n++; n%1024 == 0 && ctx.Err() != nil {
				return fmt.Errorf("store: import: stopped after %d objects: %w", n, context.Cause(ctx))
			}
			if sr.ID == "" {
				return fmt.Errorf("store: import: collection %q, object #%d: missing \"id\"", key, i)
			}
			where := fmt.Sprintf("store: import: collection %q, object %q", key, sr.ID)
			if col[sr.ID] != nil {
				return fmt.Errorf("%s: duplicate id", where)
			}
			if sr.Seq != 0 {
				if other, dup := seqs[sr.Seq]; dup {
					return fmt.Errorf("%s: seq %d already used by object %q", where, sr.Seq, other)
				}
				seqs[sr.Seq] = sr.ID
			}
			o, err := st.object(sr.ID, sr.Obj, sr.Hidden, sr.Seq)
			if err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			col[sr.ID] = o
		}
	}
	return nil
}

// object returns an object read with encoding/json, or from a change log:
// its JSON is checked here, and decoded (when it must be) by Check, as
// readExportFast's are.
func (st *State) object(id string, raw json.RawMessage, hidden bool, seq uint64) (*stateObj, error) {
	if _, err := scanJSONObject(raw); err != nil {
		return nil, badObject(raw)
	}
	st.ord++
	return &stateObj{id: id, raw: raw, hidden: hidden, seq: seq, ord: st.ord}, nil
}

func badObject(raw []byte) error {
	return fmt.Errorf("\"obj\" must be a JSON object, got %s", orNone(raw))
}

// apply replays one line of a change log.
func (st *State) apply(line []byte) error {
	l, ok := readLogLine(line)
	if !ok {
		l = logLine{}
		if err := json.Unmarshal(line, &l); err != nil {
			return fmt.Errorf("not a change: %w", err)
		}
	}
	switch l.Op {
	case "reset":
		clear(st.cols)
	case "col":
		if st.cols[l.Key] == nil {
			st.cols[l.Key] = map[string]*stateObj{}
		}
	case "put":
		if l.ID == "" || l.Seq == 0 {
			return errors.New(`a "put" needs an "id" and a "seq"`)
		}
		o, err := st.object(l.ID, l.Obj, l.Hidden, l.Seq)
		if err != nil {
			return err
		}
		if st.cols[l.Key] == nil {
			st.cols[l.Key] = map[string]*stateObj{}
		}
		st.cols[l.Key][l.ID] = o
	case "del":
		delete(st.cols[l.Key], l.ID)
	case "clear":
		st.cols[l.Key] = map[string]*stateObj{}
	default:
		return fmt.Errorf("unknown op %q", l.Op)
	}
	return nil
}

// Install replaces the whole state with st, in O(n). The objects are
// stored as Check left them, without a copy: st must not be used
// afterwards. Install runs Check (without a check) when it has not run,
// and returns its error, leaving the store unchanged. A change log set is
// not told (Install is how a store is filled from the log and its export).
func (s *Memory) Install(st *State) error {
	if st.order == nil {
		if err := st.Check(context.Background(), nil); err != nil {
			return err
		}
	}
	s.mu.RLock()
	limit := s.hotLimit
	s.mu.RUnlock()
	cols := make(map[string]*Collection, len(st.cols))
	var n int64
	for key, objs := range st.order {
		cols[key] = s.build(key, objs, limit)
		n += int64(len(objs))
	}
	s.seedMu.Lock() // not in the middle of a fill
	defer s.seedMu.Unlock()
	s.mu.Lock()
	old := s.cols
	s.cols = cols
	s.sh.objects.Store(n)
	s.mu.Unlock()
	detach(old)
	return nil
}

// build makes a collection of objs, in creation order: the newest
// hotLimit hot, the others cold, from the bytes Check left them in.
func (s *Memory) build(key string, objs []*stateObj, hotLimit int) *Collection {
	c := newCollection(key, hotLimit)
	c.sh = s.sh
	c.changed()
	var maxSeq uint64
	for _, o := range objs {
		maxSeq = max(maxSeq, o.seq)
	}
	for i, o := range objs {
		seq := o.seq
		if seq == 0 { // records without seq go last, in the order read
			maxSeq++
			seq = maxSeq
		}
		r := c.newRecord(o.id, nil, o.hidden, seq, 1)
		hot := len(objs)-i <= hotLimit
		if !hot && o.obj == nil {
			// raw is usually part of the whole export, which stays in
			// memory as long as one of its objects does: copying each
			// object out of it would cost as much memory, and more time.
			r.raw, r.members = o.raw, o.table
			if r.members == nil { // read with encoding/json, or empty
				r.raw, r.members = withMembers(o.raw)
			}
		} else {
			r.obj = o.obj
			if r.obj == nil {
				r.obj, _, _ = decodeJSONObject(o.raw) // checked by Check
			}
		}
		c.insertLocked(r) // not yet shared: no lock needed
		if r.obj != nil {
			coolOut(c.hot.add(r))
		}
	}
	c.seq = maxSeq
	return c
}
