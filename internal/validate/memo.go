package validate

import (
	"iter"
	"math"
	"slices"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// Memo remembers the values found valid against a schema, by their JSON
// bytes, for a check of many objects of one collection, which share many
// of their values (the same author, the same settings, the same flags):
// ValidObject checks each distinct value once. It is safe for concurrent
// use, and holds at most memoBytes of values.
type Memo struct {
	mu    sync.RWMutex
	valid map[*openapi3.Schema]map[string]struct{}
	bytes int
}

// memoBytes bounds the bytes a Memo keeps; past it, values are checked
// every time.
const memoBytes = 16 << 20

// NewMemo returns an empty Memo.
func NewMemo() *Memo { return &Memo{valid: map[*openapi3.Schema]map[string]struct{}{}} }

func (m *Memo) known(s *openapi3.Schema, raw []byte) bool {
	m.mu.RLock()
	_, ok := m.valid[s][string(raw)]
	m.mu.RUnlock()
	return ok
}

func (m *Memo) remember(s *openapi3.Schema, raw []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.bytes+len(raw) > memoBytes {
		return
	}
	set := m.valid[s]
	if set == nil {
		set = map[string]struct{}{}
		m.valid[s] = set
	}
	if _, ok := set[string(raw)]; !ok {
		set[string(raw)] = struct{}{}
		m.bytes += len(raw)
	}
}

// ValidObject reports whether an object is valid against s, as a response
// value or a request's, from its members as JSON bytes (compact, as
// json.Marshal writes them: names and values), which the caller has at
// hand, decoding only what it must check (decode, as encoding/json
// decodes). It checks the object's own constraints (required, property
// counts, writeOnly), then each member whose bytes memo does not know
// against its property's schema, with kin-openapi (the verdicts Schema
// gives) unless the schema only says the value's type, and remembers
// those found valid. false means that the object may be invalid (or is
// not a plain object of properties): Schema tells what is wrong, if
// anything.
func (v *Validator) ValidObject(s *openapi3.Schema, members iter.Seq2[[]byte, []byte], decode func([]byte) (any, error), response bool, memo *Memo) bool {
	s, use2020 := v.route(s)
	n := v.plainNode(s)
	if use2020 || n == nil || n.array || !permits(s, openapi3.TypeObject) {
		return false
	}
	var buf [64][]byte
	names := buf[:0]
	for name, val := range members {
		names = append(names, name)
		ps, declared := n.props[string(name)]
		switch {
		case declared && response && ps.WriteOnly && string(val) != "null":
			return false // kin-openapi refuses a writeOnly value in a response
		case !declared && n.closed:
			return false
		case !declared && n.additional == nil:
			continue
		case !declared:
			ps = n.additional
		}
		if memo.known(ps, val) {
			continue
		}
		value, err := decode(val)
		if err != nil || !v.validMember(ps, value, response) {
			return false
		}
		memo.remember(ps, val)
	}
	return ownValid(s, names, response)
}

// ownValid is kin-openapi's verdict on a plain object's own constraints
// (those of walk's node.self) but writeOnly values: the property counts,
// and the required properties (but a response's writeOnly and a
// request's readOnly ones).
func ownValid(s *openapi3.Schema, names [][]byte, response bool) bool {
	if n := uint64(len(names)); n < s.MinProps || s.MaxProps != nil && n > *s.MaxProps {
		return false
	}
	for _, k := range s.Required {
		if slices.ContainsFunc(names, func(name []byte) bool { return string(name) == k }) {
			continue
		}
		if p := s.Properties[k]; p != nil && p.Value != nil && (response && p.Value.WriteOnly || !response && p.Value.ReadOnly) {
			continue
		}
		return false
	}
	return true
}

// validMember checks a member's value against its property's schema.
func (v *Validator) validMember(s *openapi3.Schema, value any, response bool) bool {
	if str, ok := value.(string); ok && response && v.plainDateTime(s) {
		return validDateTime(str) || v.valid(s, value, response, false)
	}
	switch t := v.typeOnly(s); {
	case t == "":
	case value == nil:
		return s.Nullable
	case t == openapi3.TypeString:
		_, ok := value.(string)
		return ok
	case t == openapi3.TypeBoolean:
		_, ok := value.(bool)
		return ok
	case t == openapi3.TypeNumber:
		f, ok := value.(float64)
		return ok && !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	return v.valid(s, value, response, false)
}

// typeOnly is the type of a string, boolean or number schema that declares
// nothing else a value must satisfy, or "", worked out once per schema.
func (v *Validator) typeOnly(s *openapi3.Schema) string {
	if t, ok := v.types.Load(s); ok {
		return t.(string)
	}
	t := ""
	if s.Type != nil && len(*s.Type) == 1 && s.Always == nil {
		rest := *s
		rest.Title, rest.Description, rest.Default, rest.Example, rest.Examples, rest.Extensions = "", "", nil, nil, nil, nil
		rest.Deprecated, rest.XML, rest.ExternalDocs, rest.Origin = false, nil, nil, nil
		rest.Type, rest.Nullable, rest.ReadOnly, rest.WriteOnly = nil, false, false, false
		if rest.IsEmpty() {
			switch x := (*s.Type)[0]; x {
			case openapi3.TypeString, openapi3.TypeBoolean, openapi3.TypeNumber:
				t = x
			}
		}
	}
	v.types.Store(s, t)
	return t
}

// valid is one visit of value that stops at its first failure.
func (v *Validator) valid(s *openapi3.Schema, value any, response, use2020 bool) bool {
	return s.VisitJSON(value, v.opts(response, use2020, use2020)...) == nil
}
