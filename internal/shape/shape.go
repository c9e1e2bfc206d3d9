package shape

import (
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/spec"
)

// Check reports whether v is valid for s as a response value.
type Check func(s *openapi3.Schema, v any) bool

// Generate makes a response value for s, the same for the same key.
type Generate func(s *openapi3.Schema, key string) any

// identifying are the properties that plainly identify an object, in the
// order they are tried: a scalar a client wrote where a response declares
// an object is carried by the first of them that the object declares and
// that accepts it (a login for a user, a ref for a branch, a number for a
// milestone). Generic names only: no document's.
var identifying = [...]string{"login", "username", "slug", "ref", "sha", "name", "number", "id"}

// IdentifyingProperties lists the properties that carry a written scalar
// into the object a response declares in its place, in the order they are
// tried.
func IdentifyingProperties() []string { return slices.Clone(identifying[:]) }

// maxDepth bounds the descent into nested values (recursive schemas).
const maxDepth = 16

// Model is the read model of a resource: the schemas of every response
// that can return its objects. Safe for concurrent use.
type Model struct {
	schemas  []*openapi3.Schema
	objs     []*openapi3.Schema // the object schema of each
	fixed    []string
	check    Check
	generate Generate
	plain    sync.Map // *openapi3.Schema -> bool (plainType)
}

// New makes the read model of objects that the response schemas return
// (the first is the one values are generated from when several would do;
// see ReadSchemas). fixed are the properties the server owns (the id),
// which Fit leaves as they are; check and generate judge and make
// response values.
func New(schemas []*openapi3.Schema, fixed []string, check Check, generate Generate) *Model {
	m := &Model{schemas: nonNil(schemas), fixed: fixed, check: check, generate: generate}
	m.objs, _ = objectSchemas(m.schemas)
	return m
}

// ReadSchemas are the schemas of the responses that return the objects
// of res (the wrapped object's, where the answers wrap it: see
// spec.ItemSchema): its read answer, its list's item, its stored shape, and the
// successful answers of its create, update and replace operations that
// declare its id property, in that order. Each schema appears once.
func ReadSchemas(res *spec.Resource) []*openapi3.Schema {
	var out []*openapi3.Schema
	add := func(s *openapi3.Schema, always bool) {
		if s == nil || slices.Contains(out, s) || alternativeOf(s, out) {
			return
		}
		// A create that answers an acknowledgement ({"message": …}) does
		// not return the object: its answer is not the object's shape.
		if o := objectOf(s); !always && (o == nil || spec.PropertySchema(o, res.IDField) == nil) {
			return
		}
		out = append(out, s)
	}
	// The object as it is read comes first: where the answers cannot all
	// be satisfied, the retrieve and the list are.
	if op := res.Ops[spec.RoleRead]; op != nil {
		add(spec.ItemSchema(op, op.Success), true)
	}
	add(res.ListItemSchema, true)
	add(res.Schema, true)
	for _, role := range []spec.Role{spec.RoleCreate, spec.RoleUpdate, spec.RoleReplace} {
		if op := res.Ops[role]; op != nil {
			add(spec.ItemSchema(op, op.Success), false)
		}
	}
	return out
}

// alternativeOf reports whether one of the anyOf or oneOf alternatives
// of s is a schema of out: an answer that may be any of several shapes
// (a payment source: an account, a bank account, a card or a source)
// returns the object in the shape out declares already, and is satisfied
// by it. Taken as a schema of its own, its first alternative would judge
// the object instead (a card held to an account's shape).
func alternativeOf(s *openapi3.Schema, out []*openapi3.Schema) bool {
	for _, alts := range []openapi3.SchemaRefs{s.AnyOf, s.OneOf} {
		for _, a := range alts {
			if a != nil && a.Value != nil && slices.Contains(out, a.Value) {
				return true
			}
		}
	}
	return false
}

// Fit shapes obj, in place, for every schema of m: each of the properties
// names (all of obj's when names is nil) that no schema declares is
// removed; one whose value some schema rejects gets a value every schema
// accepts (see Value). A fit of all properties then generates those a
// schema requires that obj lacks; a fit of some leaves the others as they
// are (an update changes only what it names). key is obj's generation
// key: a property's is key + "/" + its name, as the engine's rendering
// names what it generates, so the same object gets the same values every
// time. A model whose schemas declare no property (free-form objects)
// leaves obj as it is.
func (m *Model) Fit(obj map[string]any, names []string, key string) {
	schemas, objs := m.schemas, m.objs
	if len(objs) == 0 {
		return
	}
	all := names == nil
	if all {
		names = make([]string, 0, len(obj))
		for k := range obj {
			if slices.Contains(m.fixed, k) {
				continue
			}
			if !declared(objs, k) && !declaredInAlternative(schemas, k) {
				delete(obj, k)
				continue
			}
			names = append(names, k)
		}
		// Most objects are valid as they are: one check of the whole
		// object per schema, rather than one per property.
		if m.valid(objs, obj) {
			m.complete(objs, obj, key, 0)
			return
		}
	}
	for _, k := range names {
		v, ok := obj[k]
		if !ok || slices.Contains(m.fixed, k) {
			continue
		}
		if nv, keep := m.prop(schemas, objs, k, v, key+"/"+k, 0); keep {
			obj[k] = nv
		} else {
			delete(obj, k)
		}
	}
	if all {
		m.complete(objs, obj, key, 0)
	}
}

// Value is what is stored for v where the schemas ps (one property's, in
// every response that declares it) are declared: v itself when every one
// accepts it; else the declared shape, made from v where v gives it (an
// array's elements, an object's properties, the identifying property of an
// object written as a scalar), generated where it does not.
func (m *Model) Value(ps []*openapi3.Schema, v any, key string) any {
	return m.value(nonNil(ps), v, key, 0)
}

func (m *Model) value(ps []*openapi3.Schema, v any, key string, depth int) any {
	if len(ps) == 0 || m.valid(ps, v) {
		return v
	}
	if depth < maxDepth {
		if out, ok := m.reshape(ps, v, key, depth); ok {
			return out
		}
	}
	return m.generated(ps, key, depth)
}

// reshape makes the value ps declare from v, keeping what v says.
func (m *Model) reshape(ps []*openapi3.Schema, v any, key string, depth int) (any, bool) {
	items, isArray := itemSchemas(ps)
	objs, isObject := objectSchemas(ps)
	var out any
	switch x := v.(type) {
	case nil:
		return nil, false
	case []any:
		if !isArray {
			return nil, false
		}
		arr := make([]any, len(x))
		for i, el := range x {
			arr[i] = m.value(items, el, key+"/"+strconv.Itoa(i), depth+1)
		}
		out = arr
	case map[string]any:
		if !isObject {
			return nil, false
		}
		obj := make(map[string]any, len(x))
		for k, el := range x {
			if nv, keep := m.prop(ps, objs, k, el, key+"/"+k, depth+1); keep {
				obj[k] = nv
			}
		}
		m.complete(objs, obj, key, depth+1)
		out = obj
	default:
		switch {
		case isObject:
			obj, ok := m.identified(objs, x, key, depth)
			if !ok {
				return nil, false
			}
			out = obj
		case isArray:
			// One value written where a list of them is declared.
			out = []any{m.value(items, x, key+"/0", depth+1)}
		default:
			return nil, false
		}
	}
	return out, m.valid(ps, out)
}

// identified is an object of the schemas objs generated under key, whose
// first identifying property that accepts the scalar v carries it.
func (m *Model) identified(objs []*openapi3.Schema, v any, key string, depth int) (map[string]any, bool) {
	for _, name := range identifying {
		if spec.PropertySchema(objs[0], name) == nil {
			continue
		}
		ps := propertySchemas(objs, name)
		if !m.valid(ps, v) {
			continue
		}
		obj, ok := m.generated(objs, key, depth).(map[string]any)
		if !ok {
			return nil, false
		}
		obj[name] = v
		return obj, true
	}
	return nil, false
}

// prop is what obj's property k (value v) becomes in an object of the
// schemas ps, whose object schemas (or first object alternatives) are
// objs: kept is false when no schema declares it, in any alternative. A
// property that only another alternative declares is kept as written (the
// answer may be that alternative); so is one that a schema declares
// writeOnly: responses never show it, and the server may need it.
func (m *Model) prop(ps, objs []*openapi3.Schema, k string, v any, key string, depth int) (any, bool) {
	props := propertySchemas(objs, k)
	if len(props) == 0 {
		return v, declaredInAlternative(ps, k)
	}
	ps = props
	for _, p := range ps {
		if p.WriteOnly {
			return v, true
		}
	}
	return m.value(ps, v, key, depth), true
}

// complete generates the properties that a schema of objs requires and
// obj lacks.
func (m *Model) complete(objs []*openapi3.Schema, obj map[string]any, key string, depth int) {
	for _, s := range objs {
		for _, name := range required(s, 0) {
			if _, ok := obj[name]; ok {
				continue
			}
			ps := propertySchemas(objs, name)
			if len(ps) == 0 || slices.ContainsFunc(ps, func(p *openapi3.Schema) bool { return p.WriteOnly }) {
				continue
			}
			obj[name] = m.generated(ps, key+"/"+name, depth+1)
		}
	}
}

// generated is a value every schema of ps accepts, if it can find one: the
// first schema's (its object branch's, for a nullable object: never a
// null), its properties reshaped for the others, or another schema's.
func (m *Model) generated(ps []*openapi3.Schema, key string, depth int) any {
	base := ps
	if objs, ok := objectSchemas(ps); ok {
		base = objs
	}
	g := m.generate(base[0], key)
	if len(ps) == 1 || m.valid(ps, g) {
		return g
	}
	if obj, ok := g.(map[string]any); ok && depth < maxDepth {
		if out, ok := m.reshape(ps, obj, key, depth); ok {
			return out
		}
	}
	for _, s := range base[1:] {
		if h := m.generate(s, key); m.valid(ps, h) {
			return h
		}
	}
	return g
}

func (m *Model) valid(ps []*openapi3.Schema, v any) bool {
	for _, p := range ps {
		if ok, decided := m.plainValid(p, v); decided {
			if !ok {
				return false
			}
			continue
		}
		if !m.check(p, v) {
			return false
		}
	}
	return true
}

// plainValid decides whether the scalar v is valid for s without the
// Check where s constrains nothing but its one type (and nullability), as
// most properties do: decided is false where the Check must judge.
func (m *Model) plainValid(s *openapi3.Schema, v any) (ok, decided bool) {
	p, known := m.plain.Load(s)
	if !known {
		p = plainType(s)
		m.plain.Store(s, p)
	}
	if p == "" {
		return false, false
	}
	switch x := v.(type) {
	case nil:
		return s.Nullable, true
	case string:
		return p == "string", true
	case bool:
		return p == "boolean", true
	case float64:
		return p == "number" || p == "integer" && x == math.Trunc(x) && !math.IsInf(x, 0), true
	}
	return false, false
}

// plainType is the type of a schema that constrains nothing else (a
// string, number, integer or boolean of no format, enum, bounds or
// composition), or "".
func plainType(s *openapi3.Schema) string {
	if s.Type == nil || len(s.Type.Slice()) != 1 {
		return ""
	}
	t := s.Type.Slice()[0]
	switch t {
	case "string", "number", "integer", "boolean":
	default:
		return ""
	}
	rest := *s
	rest.Type, rest.Nullable, rest.ReadOnly, rest.WriteOnly = nil, false, false, false
	if !rest.IsEmpty() || len(rest.AllOf)+len(rest.AnyOf)+len(rest.OneOf) > 0 || rest.Discriminator != nil {
		return ""
	}
	return t
}

func nonNil(ss []*openapi3.Schema) []*openapi3.Schema {
	out := make([]*openapi3.Schema, 0, len(ss))
	for _, s := range ss {
		if s != nil && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// propertySchemas are the schemas objs give property name (by name, or
// by additionalProperties), each once.
func propertySchemas(objs []*openapi3.Schema, name string) []*openapi3.Schema {
	var out []*openapi3.Schema
	for _, o := range objs {
		p := spec.PropertySchema(o, name)
		if p == nil && o.AdditionalProperties.Schema != nil {
			p = o.AdditionalProperties.Schema.Value
		}
		if p != nil && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// declared reports whether a schema of objs declares the property name
// (propertySchemas is not empty).
func declared(objs []*openapi3.Schema, name string) bool {
	for _, o := range objs {
		if spec.PropertySchema(o, name) != nil || o.AdditionalProperties.Schema != nil {
			return true
		}
	}
	return false
}

// declaredInAlternative reports whether an anyOf or oneOf alternative of
// a schema of ps declares the property name.
func declaredInAlternative(ps []*openapi3.Schema, name string) bool {
	for _, s := range ps {
		for _, alts := range []openapi3.SchemaRefs{s.AnyOf, s.OneOf} {
			for _, a := range alts {
				if a != nil && a.Value != nil && spec.PropertySchema(a.Value, name) != nil {
					return true
				}
			}
		}
	}
	return false
}

// objectSchemas are the object schemas of ps, one for each (a schema
// that declares properties, or its first alternative that does), and
// whether every schema of ps has one.
func objectSchemas(ps []*openapi3.Schema) ([]*openapi3.Schema, bool) {
	out := make([]*openapi3.Schema, 0, len(ps))
	for _, s := range ps {
		if o := objectOf(s); o != nil {
			out = append(out, o)
		}
	}
	return out, len(out) == len(ps) && len(out) > 0
}

func objectOf(s *openapi3.Schema) *openapi3.Schema {
	if declares(s, 0) {
		return s
	}
	for _, alts := range []openapi3.SchemaRefs{s.AnyOf, s.OneOf} {
		for _, a := range alts {
			if a != nil && a.Value != nil && declares(a.Value, 0) {
				return a.Value
			}
		}
	}
	return nil
}

// declares reports whether s declares properties (itself or in an allOf
// branch).
func declares(s *openapi3.Schema, depth int) bool {
	if len(s.Properties) > 0 {
		return true
	}
	if depth > 8 {
		return false
	}
	for _, sub := range s.AllOf {
		if sub != nil && sub.Value != nil && declares(sub.Value, depth+1) {
			return true
		}
	}
	return false
}

// itemSchemas are the item schemas of ps, one for each (an array
// schema's items, or its first array alternative's), and whether every
// schema of ps is an array.
func itemSchemas(ps []*openapi3.Schema) ([]*openapi3.Schema, bool) {
	var out []*openapi3.Schema
	for _, s := range ps {
		it := itemsOf(s)
		if it == nil {
			return nil, false
		}
		if !slices.Contains(out, it) {
			out = append(out, it)
		}
	}
	return out, len(out) > 0
}

func itemsOf(s *openapi3.Schema) *openapi3.Schema {
	if s.Items != nil && s.Items.Value != nil {
		return s.Items.Value
	}
	for _, alts := range []openapi3.SchemaRefs{s.AnyOf, s.OneOf} {
		for _, a := range alts {
			if a != nil && a.Value != nil && a.Value.Items != nil && a.Value.Items.Value != nil {
				return a.Value.Items.Value
			}
		}
	}
	return nil
}

// required lists the properties s requires, with its allOf branches'.
func required(s *openapi3.Schema, depth int) []string {
	if len(s.AllOf) == 0 || depth > 8 {
		return s.Required
	}
	out := slices.Clone(s.Required)
	for _, sub := range s.AllOf {
		if sub != nil && sub.Value != nil {
			out = append(out, required(sub.Value, depth+1)...)
		}
	}
	return out
}
