package resource

import (
	"bytes"
	"fmt"
	"strings"
	"sync"

	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/internal/validate"
)

// RestoreCheck checks the objects of one restored state (the --state
// file) as CheckRestored does, faster: the objects of a collection share
// many values (an author, settings, flags), and each distinct value is
// checked against its property's schema once (validate.Memo). It is safe
// for concurrent use.
type RestoreCheck struct {
	e    *Stage
	memo *validate.Memo
	// writeOnly holds each resource's writeOnly properties
	// (*spec.Resource -> map[string]bool).
	writeOnly sync.Map
}

// NewRestoreCheck returns a RestoreCheck for one restore.
func (e *Stage) NewRestoreCheck() *RestoreCheck {
	return &RestoreCheck{e: e, memo: validate.NewMemo()}
}

// writeOnlyOf returns the names of res's writeOnly properties.
func (rc *RestoreCheck) writeOnlyOf(res *spec.Resource) map[string]bool {
	if w, ok := rc.writeOnly.Load(res); ok {
		return w.(map[string]bool)
	}
	w := map[string]bool{}
	var collect func(s *schemaT)
	collect = func(s *schemaT) {
		for name := range s.Properties {
			if ps := propSchema(res.Schema, name); ps != nil && ps.WriteOnly {
				w[name] = true
			}
		}
		for _, sub := range s.AllOf {
			if sub != nil && sub.Value != nil {
				collect(sub.Value)
			}
		}
	}
	collect(res.Schema)
	rc.writeOnly.Store(res, w)
	return w
}

// Check is CheckRestored for an object decoded (obj), or given as its
// JSON as json.Marshal writes it (raw; obj nil), or both. An object that
// has its id and no writeOnly field, and that the memo's check finds
// valid, is valid without being decoded; any other is decoded and left to
// CheckRestored, which completes it or says what is wrong. Check returns
// the object when CheckRestored completed it.
func (rc *RestoreCheck) Check(key, id string, obj map[string]any, raw store.RawObject) (map[string]any, error) {
	e := rc.e
	name, _, _ := strings.Cut(key, "|")
	res := e.doc.Resources[name]
	if raw.JSON != nil && res != nil && res.Schema != nil && rc.valid(res, id, raw) {
		return nil, nil
	}
	if obj == nil {
		var err error
		if obj, err = store.DecodeObject(raw.JSON); err != nil {
			return nil, fmt.Errorf("collection %q, object %q: %w", key, id, err)
		}
	}
	if err := e.CheckRestored(key, id, obj); err != nil {
		return nil, err
	}
	if res != nil && res.Schema != nil {
		return obj, nil // given its id, or completed by the read model (settle)
	}
	return nil, nil
}

// valid is the check of raw through the memo: its id is id, it has no
// writeOnly field (which CheckRestored leaves out of its check), and
// validate.ValidObject finds it valid. An object without a member table
// (an empty one) is left to CheckRestored.
func (rc *RestoreCheck) valid(res *spec.Resource, id string, raw store.RawObject) bool {
	var buf [64]validate.Member
	members := buf[:0]
	idOK := false
	writeOnly := rc.writeOnlyOf(res)
	for i := range raw.Len() {
		name, val, ok := raw.Member(i)
		if !ok || len(writeOnly) > 0 && writeOnly[string(name)] {
			return false
		}
		if string(name) == res.IDField {
			idOK = validID(val, id)
		}
		members = append(members, validate.Member{Name: name, Value: val})
	}
	return idOK && rc.e.val.ValidObject(res.Schema, members, storeJSON{}, true, rc.memo)
}

// storeJSON reads JSON for validate.ValidObject with the store's decoder.
type storeJSON struct{}

func (storeJSON) Decode(val []byte) (any, error) { return store.DecodeValue(val) }

func (storeJSON) Members(obj []byte) ([]validate.Member, bool) {
	members := make([]validate.Member, 0, 16)
	for name, val := range store.Members(obj) {
		members = append(members, validate.Member{Name: name, Value: val})
	}
	return members, true
}

// validID reports whether val, an id's JSON, is id: the same string, or
// the same number, written as json.Marshal writes it.
func validID(val []byte, id string) bool {
	switch {
	case len(val) >= 2 && val[0] == '"' && bytes.IndexByte(val, '\\') < 0:
		return string(val[1:len(val)-1]) == id
	case string(val) == id && bytes.IndexAny(val, ".eE-") < 0: // a whole number, written as IDString writes it
		return true
	}
	v, err := store.DecodeValue(val)
	return err == nil && v != nil && store.IDString(v) == id
}
