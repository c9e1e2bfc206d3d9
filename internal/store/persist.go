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

// Identification of the Export document.
const (
	StateFormat  = "mockserver-state"
	StateVersion = 1
)

type stateDoc struct {
	Format      string                   `json:"format"`
	Version     int                      `json:"version"`
	Collections map[string][]stateRecord `json:"collections"`
}

type stateRecord struct {
	ID     string          `json:"id"`
	Obj    json.RawMessage `json:"obj"`
	Hidden bool            `json:"hidden"`
	Seq    uint64          `json:"seq"`
}

// stateHeader is decoded first, so that a foreign or newer document is
// reported as such rather than by the first field it fails to decode.
type stateHeader struct {
	Format  *string         `json:"format"`
	Version json.RawMessage `json:"version"`
}

// Export encodes the whole state, hidden objects included, as a versioned
// JSON document that Import accepts:
//
//	{"format":"mockserver-state","version":1,
//	 "collections":{key:[{"id":..,"obj":{..},"hidden":false,"seq":1}, ..]}}
//
// Collections are sorted by key and records are in creation order, so equal
// states export to equal bytes. Record versions and the NextInt counters are
// not saved: Import restarts versions at 1 and derives the counters from the
// numeric ids.
func (s *Memory) Export(context.Context) ([]byte, error) {
	doc := stateDoc{Format: StateFormat, Version: StateVersion, Collections: map[string][]stateRecord{}}
	for key, recs := range s.records() {
		out := make([]stateRecord, len(recs))
		for i, r := range recs {
			obj, err := r.appendJSON(nil) // a cold record's bytes as they are
			if err != nil {
				return nil, fmt.Errorf("store: export: collection %q, object %q: %w", key, r.ID, err)
			}
			out[i] = stateRecord{ID: r.ID, Obj: obj, Hidden: r.Hidden, Seq: r.Seq}
		}
		doc.Collections[key] = out
	}
	return json.Marshal(doc)
}

// Import replaces the whole state with the one in data, a document written
// by Export. It validates the entire document first: on any error the
// existing state is unchanged, and the error says what is wrong (not JSON,
// bad JSON at an offset, another format, an unsupported version, a duplicate
// id, ...). Records without a seq are ordered after the others, in document
// order.
func (s *Memory) Import(_ context.Context, data []byte) error {
	s.mu.RLock()
	limit := s.hotLimit
	s.mu.RUnlock()
	cols, err := decodeState(data, limit)
	if err != nil {
		return err
	}
	s.seedMu.Lock() // not in the middle of a fill
	defer s.seedMu.Unlock()
	s.mu.Lock()
	s.cols = cols
	s.mu.Unlock()
	return nil
}

func decodeState(data []byte, hotLimit int) (map[string]*Collection, error) {
	var hdr stateHeader
	if err := json.Unmarshal(data, &hdr); err != nil {
		return nil, importError(err)
	}
	switch {
	case hdr.Format == nil:
		return nil, errors.New(`store: import: not a mockserver state document: no "format" field`)
	case *hdr.Format != StateFormat:
		return nil, fmt.Errorf("store: import: not a mockserver state document: format is %q, want %q", *hdr.Format, StateFormat)
	}
	var version float64
	if hdr.Version == nil || json.Unmarshal(hdr.Version, &version) != nil || version != math.Trunc(version) || version < 1 {
		return nil, fmt.Errorf("store: import: missing or invalid \"version\" (%s), want %d", orNone(hdr.Version), StateVersion)
	}
	if version > StateVersion {
		return nil, fmt.Errorf("store: import: state document version %v is newer than supported version %d", version, StateVersion)
	}

	var doc stateDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, importError(err)
	}
	cols := make(map[string]*Collection, len(doc.Collections))
	for key, recs := range doc.Collections {
		c, err := buildCollection(key, recs, hotLimit)
		if err != nil {
			return nil, err
		}
		cols[key] = c
	}
	return cols, nil
}

func buildCollection(key string, in []stateRecord, hotLimit int) (*Collection, error) {
	c := newCollection(key, hotLimit)
	items := make([]*Record, 0, len(in))
	ids := make(map[string]bool, len(in))
	seqs := make(map[uint64]string, len(in))
	var maxSeq uint64
	for i, sr := range in {
		where := fmt.Sprintf("store: import: collection %q, object #%d", key, i)
		if sr.ID == "" {
			return nil, fmt.Errorf("%s: missing \"id\"", where)
		}
		where = fmt.Sprintf("store: import: collection %q, object %q", key, sr.ID)
		if ids[sr.ID] {
			return nil, fmt.Errorf("%s: duplicate id", where)
		}
		ids[sr.ID] = true
		var obj map[string]any
		if err := json.Unmarshal(sr.Obj, &obj); err != nil || obj == nil {
			return nil, fmt.Errorf("%s: \"obj\" must be a JSON object, got %s", where, orNone(sr.Obj))
		}
		if sr.Seq != 0 {
			if other, dup := seqs[sr.Seq]; dup {
				return nil, fmt.Errorf("%s: seq %d already used by object %q", where, sr.Seq, other)
			}
			seqs[sr.Seq] = sr.ID
			maxSeq = max(maxSeq, sr.Seq)
		}
		items = append(items, c.newRecord(sr.ID, obj, sr.Hidden, sr.Seq, 1))
	}
	for _, r := range items { // records without seq go last, in document order
		if r.Seq == 0 {
			maxSeq++
			r.Seq = maxSeq
		}
	}
	slices.SortFunc(items, func(a, b *Record) int { return cmp.Compare(a.Seq, b.Seq) })
	for _, r := range items { // not yet shared: no lock needed
		c.insertLocked(r)
		coolOut(c.hot.add(r))
	}
	c.seq = maxSeq
	return c, nil
}

func importError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("store: import: bad JSON at offset %d: %w", syn.Offset, err)
	case errors.As(err, &typ):
		return fmt.Errorf("store: import: wrong JSON type at offset %d: %w", typ.Offset, err)
	default:
		return fmt.Errorf("store: import: %w", err)
	}
}

func orNone(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "none"
	}
	const maxShown = 40
	if len(raw) > maxShown {
		return string(raw[:maxShown]) + "..."
	}
	return string(raw)
}
