package resource

import (
	"fmt"
	"strings"

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
}

// NewRestoreCheck returns a RestoreCheck for one restore.
func (e *Stage) NewRestoreCheck() *RestoreCheck {
	return &RestoreCheck{e: e, memo: validate.NewMemo()}
}

// Check is CheckRestored for an object decoded (obj), or given as its
// JSON as json.Marshal writes it (raw; obj nil), or both. An object that
// has its id and no writeOnly field, and that the memo's check finds
// valid, is valid without being decoded; any other is decoded and left to
// CheckRestored, which completes it or says what is wrong. Check returns
// the object when CheckRestored completed it.
func (rc *RestoreCheck) Check(key, id string, obj map[string]any, raw []byte) (map[string]any, error) {
	e := rc.e
	name, _, _ := strings.Cut(key, "|")
	res := e.doc.Resources[name]
	if raw != nil && res != nil && res.Schema != nil && rc.valid(res, id, raw) {
		return nil, nil
	}
	if obj == nil {
		var err error
		if obj, err = store.DecodeObject(raw); err != nil {
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
// validate.ValidObject finds it valid.
func (rc *RestoreCheck) valid(res *spec.Resource, id string, raw []byte) bool {
	var buf [64]member // one pass over raw
	members := buf[:0]
	idOK := false
	for name, val := range store.Members(raw) {
		if string(name) == res.IDField {
			v, err := store.DecodeValue(val)
			idOK = err == nil && v != nil && store.IDString(v) == id
		}
		if ps := propSchema(res.Schema, string(name)); ps != nil && ps.WriteOnly {
			return false
		}
		members = append(members, member{name, val})
	}
	return idOK && rc.e.val.ValidObject(res.Schema, func(yield func(name, val []byte) bool) {
		for _, m := range members {
			if !yield(m.name, m.val) {
				return
			}
		}
	}, store.DecodeValue, true, rc.memo)
}

// member is a member of an object's JSON: its name and its value.
type member struct{ name, val []byte }
