package engine

import (
	"strings"

	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/internal/validate"
)

// RestoreCheck checks the objects of one restored state (the --state
// file) as CheckRestored does, faster: the objects of a collection share
// many values (an author, settings, flags), and each distinct value is
// checked against its property's schema once (validate.Memo). It is safe
// for concurrent use.
type RestoreCheck struct {
	e    *Engine
	memo *validate.Memo
}

// NewRestoreCheck returns a RestoreCheck for one restore.
func (e *Engine) NewRestoreCheck() *RestoreCheck {
	return &RestoreCheck{e: e, memo: validate.NewMemo()}
}

// Check is CheckRestored for an object whose JSON, as json.Marshal writes
// it, is raw (nil: not at hand). An object that has its id and no
// writeOnly field, and that the memo's check finds valid, is valid; any
// other is left to CheckRestored, which completes it or says what is
// wrong.
func (rc *RestoreCheck) Check(key, id string, obj map[string]any, raw []byte) error {
	e := rc.e
	name, _, _ := strings.Cut(key, "|")
	res := e.doc.Resources[name]
	if raw != nil && res != nil && res.Schema != nil && obj[res.IDField] != nil && IDString(obj[res.IDField]) == id &&
		!hasWriteOnly(res.Schema, obj) && e.val.ValidObject(res.Schema, obj, store.Members(raw), true, rc.memo) {
		return nil
	}
	return e.CheckRestored(key, id, obj)
}

// hasWriteOnly reports whether obj has a property s marks writeOnly, which
// CheckRestored leaves out of its check.
func hasWriteOnly(s *schemaT, obj map[string]any) bool {
	for k := range obj {
		if ps := propSchema(s, k); ps != nil && ps.WriteOnly {
			return true
		}
	}
	return false
}
