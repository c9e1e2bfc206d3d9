package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// Identification of the Export document.
const (
	StateFormat  = "mockserver-state"
	StateVersion = 1
)

// StateDoc is the document Export writes and Import reads, the same for
// every implementation of Store.
type StateDoc struct {
	Format      string                   `json:"format"`
	Version     int                      `json:"version"`
	Collections map[string][]StateRecord `json:"collections"`
}

// StateRecord is one object of a StateDoc collection.
type StateRecord struct {
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
	doc := StateDoc{Format: StateFormat, Version: StateVersion, Collections: map[string][]StateRecord{}}
	for key, recs := range s.records() {
		out := make([]StateRecord, len(recs))
		for i, r := range recs {
			obj, err := r.appendJSON(nil) // a cold record's bytes as they are
			if err != nil {
				return nil, fmt.Errorf("store: export: collection %q, object %q: %w", key, r.ID, err)
			}
			out[i] = StateRecord{ID: r.ID, Obj: obj, Hidden: r.Hidden, Seq: r.Seq}
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
func (s *Memory) Import(ctx context.Context, data []byte) error {
	st, _, err := ReadState(ctx, data, nil, "")
	if err != nil {
		return err
	}
	if err := st.Check(ctx, nil); err != nil {
		return err
	}
	if err := s.Install(st); err != nil {
		return err
	}
	if l := s.sh.log.Load(); l != nil { // the new state, whole
		(*l).Append([]byte(`{"op":"reset"}`))
		for _, key := range s.Keys() {
			if c, ok := s.Lookup(key); ok {
				c.mu.Lock()
				c.logf(logLine{Op: "col", Key: key})
				for _, r := range c.allLocked() {
					c.logPut(r)
				}
				c.mu.Unlock()
			}
		}
	}
	return nil
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
