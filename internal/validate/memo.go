package validate

import (
	"bytes"
	"math"
	"slices"
	"sync"
	"sync/atomic"

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
	// plans are ValidObject's plans, by planKey.
	plans sync.Map
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

// remember adds raw to the values found valid against s, and returns it
// as a string (false: the memo is full).
func (m *Memo) remember(s *openapi3.Schema, raw []byte) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.bytes+len(raw) > memoBytes {
		return "", false
	}
	set := m.valid[s]
	if set == nil {
		set = map[string]struct{}{}
		m.valid[s] = set
	}
	key := string(raw)
	if _, ok := set[key]; !ok {
		set[key] = struct{}{}
		m.bytes += len(raw)
	}
	return key, true
}

// Member is one member of an object's JSON: its name and its value's
// bytes.
type Member struct{ Name, Value []byte }

// JSON is how ValidObject reads the values it is given, as json.Marshal
// writes them.
type JSON interface {
	// Decode decodes a value as encoding/json does.
	Decode(val []byte) (any, error)
	// Members returns the members of an object (false: not one).
	Members(obj []byte) ([]Member, bool)
}

func (v *Validator) ValidObject(s *openapi3.Schema, members []Member, json JSON, response bool, memo *Memo) bool {
	p := memo.plan(v, s, response, members)
	if p == nil {
		return false
	}
	if n := uint64(len(members)); n < p.s.MinProps || p.s.MaxProps != nil && n > *p.s.MaxProps {
		return false
	}
	needed := 0
	for i, m := range members {
		pm := p.member(v, i, m.Name)
		switch {
		case pm.refused:
			return false
		case pm.writeOnly && string(m.Value) != "null":
			return false // kin-openapi refuses a writeOnly value in a response
		}
		if pm.needed {
			needed++
		}
		if pm.s == nil || pm.validBytes(m.Value) || pm.validLast(m.Value) {
			continue
		}
		if memo.known(pm.s, m.Value) {
			pm.last.Store(new(string(m.Value)))
			continue
		}
		if !v.validObjectMember(pm.object, m.Value, json, response, memo) {
			value, err := json.Decode(m.Value)
			if err != nil || !v.validMember(pm.s, value, response) {
				return false
			}
		}
		if key, ok := memo.remember(pm.s, m.Value); ok {
			pm.last.Store(&key)
		}
	}
	return needed == p.needed
}

// validObjectMember reports whether val, an object, is valid against s as
// ValidObject finds it.
func (v *Validator) validObjectMember(s *openapi3.Schema, val []byte, json JSON, response bool, memo *Memo) bool {
	if s == nil || len(val) == 0 || val[0] != '{' {
		return false
	}
	members, ok := json.Members(val)
	return ok && v.ValidObject(s, members, json, response, memo)
}

// planKey is what a plan is for: an object schema, in a response or a
// request.
type planKey struct {
	s        *openapi3.Schema
	response bool
}

// objectPlan is ValidObject's view of an object schema: its plain node,
// and each property it met, worked out once.
type objectPlan struct {
	s        *openapi3.Schema // the schema ValidObject checks (route's)
	n        *node
	response bool
	// needed is the number of required properties an object must have
	// (not those exempt: a response's writeOnly, a request's readOnly).
	needed int
	// members are the first object's members, in its order, and where
	// each is by name.
	members []planMember
	byName  map[string]int
}

// planMember is how ValidObject checks one property.
type planMember struct {
	name string
	// s is the property's schema; nil: any value (undeclared).
	s *openapi3.Schema
	// refused: the object is refused when it has the property
	// (undeclared where additionalProperties is false).
	refused bool
	// writeOnly: refused unless null (a response's writeOnly property).
	writeOnly bool
	// needed: one of the objectPlan's needed properties.
	needed bool
	// typ is typeOnly(s); dateTime says s is a response's plain
	// date-time.
	typ      string
	nullable bool
	dateTime bool
	// object is the schema an object value is checked against member by
	// member: s, or the one schema of its allOf (see wrapped).
	object *openapi3.Schema
	// last is the last value found valid (or known to memo): objects
	// of a collection share many values, and this one, when it is
	// again the same, is valid without a lookup in memo.
	last atomic.Pointer[string]
}

// validLast reports whether val is the last value found valid.
func (pm *planMember) validLast(val []byte) bool {
	last := pm.last.Load()
	return last != nil && *last == string(val)
}

// plan returns s's plan, made from members when there is none yet, or nil
// when s is not a plain object schema.
func (m *Memo) plan(v *Validator, s *openapi3.Schema, response bool, members []Member) *objectPlan {
	key := planKey{s, response}
	if p, ok := m.plans.Load(key); ok {
		return p.(*objectPlan)
	}
	p := v.newPlan(s, response, members)
	m.plans.Store(key, p)
	return p
}

func (v *Validator) newPlan(s *openapi3.Schema, response bool, members []Member) *objectPlan {
	s, use2020 := v.route(s)
	n := v.plainNode(s)
	if use2020 || n == nil || n.array || !permits(s, openapi3.TypeObject) {
		return nil
	}
	p := &objectPlan{s: s, n: n, response: response}
	for _, k := range slices.Compact(slices.Sorted(slices.Values(s.Required))) {
		if !p.exempt(k) {
			p.needed++
		}
	}
	p.members = make([]planMember, len(members))
	p.byName = make(map[string]int, len(members))
	for i, m := range members {
		v.planMember(&p.members[i], p, string(m.Name))
		p.byName[string(m.Name)] = i
	}
	return p
}

// exempt reports whether a required property need not be there.
func (p *objectPlan) exempt(name string) bool {
	prop := p.s.Properties[name]
	return prop != nil && prop.Value != nil && (p.response && prop.Value.WriteOnly || !p.response && prop.Value.ReadOnly)
}

// member returns the plan of the i-th member, named name: the plan's own
// when the first object had it (there, or elsewhere), else worked out.
func (p *objectPlan) member(v *Validator, i int, name []byte) *planMember {
	if i < len(p.members) && p.members[i].name == string(name) {
		return &p.members[i]
	}
	if j, ok := p.byName[string(name)]; ok {
		return &p.members[j]
	}
	pm := &planMember{}
	v.planMember(pm, p, string(name))
	return pm
}

// planMember works out pm, the plan of a member named name.
func (v *Validator) planMember(pm *planMember, p *objectPlan, name string) {
	pm.name = name
	pm.needed = slices.Contains(p.s.Required, name) && !p.exempt(name)
	ps, declared := p.n.props[name]
	switch {
	case !declared && p.n.closed:
		pm.refused = true
		return
	case !declared && p.n.additional == nil:
		return
	case !declared:
		ps = p.n.additional
	}
	pm.s = ps
	pm.writeOnly = declared && p.response && ps.WriteOnly
	pm.typ, pm.nullable = v.typeOnly(ps), ps.Nullable
	pm.dateTime = p.response && v.plainDateTime(ps)
	pm.object = ps
	if w := wrapped(ps); w != nil {
		pm.object = w
	}
}

// wrapped returns the one schema of s's allOf when s says nothing else an
// object must satisfy (a $ref given a description, nullable or readOnly
// beside it, as OpenAPI 3.0 requires): an object is valid against s
// exactly when it is against that schema.
func wrapped(s *openapi3.Schema) *openapi3.Schema {
	if len(s.AllOf) != 1 || s.AllOf[0] == nil || s.AllOf[0].Value == nil {
		return nil
	}
	rest := *s
	rest.Title, rest.Description, rest.Default, rest.Example, rest.Examples, rest.Extensions = "", "", nil, nil, nil, nil
	rest.Deprecated, rest.XML, rest.ExternalDocs, rest.Origin = false, nil, nil, nil
	rest.Nullable, rest.ReadOnly, rest.WriteOnly, rest.AllOf = false, false, false, nil
	if !rest.IsEmpty() {
		return nil
	}
	return s.AllOf[0].Value
}

// validBytes reports whether val, a value as json.Marshal writes it, is
// valid as validMember finds it, from its bytes, when they tell at once:
// those of a schema that only says the value's type, and a date-time;
// false is "maybe not".
func (pm *planMember) validBytes(val []byte) bool {
	if len(val) == 0 {
		return false
	}
	if string(val) == "null" {
		return pm.typ != "" && pm.nullable
	}
	switch c := val[0]; pm.typ {
	case openapi3.TypeString:
		return c == '"'
	case openapi3.TypeBoolean:
		return c == 't' || c == 'f'
	case openapi3.TypeNumber:
		return c == '-' || c >= '0' && c <= '9'
	case openapi3.TypeInteger: // digits alone: a whole number
		return (c == '-' || c >= '0' && c <= '9') && bytes.IndexAny(val, ".eE") < 0
	case "":
		return pm.dateTime && c == '"' && len(val) < 64 && bytes.IndexByte(val, '\\') < 0 &&
			validDateTime(string(val[1:len(val)-1]))
	}
	return false
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

// typeOnly is the type of a string, boolean, number or integer schema that
// declares nothing else a value must satisfy, or "", worked out once per
// schema.
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
			case openapi3.TypeString, openapi3.TypeBoolean, openapi3.TypeNumber, openapi3.TypeInteger:
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
