package validate

import (
	"cmp"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// A form body (application/x-www-form-urlencoded, multipart/form-data) is
// read as the servers that take them read it: a bracketed name nests
// (metadata[key]=v is an object, expand[]=a and tiers[0][up_to]=5 are
// arrays: deepObject, the encoding such documents declare), and every
// value is text decoded by the schema of the place it lands in. Where that
// schema is an anyOf or oneOf of scalars (an integer or "", a boolean or
// an enum), the value is decoded for each alternative in turn and the
// first that accepts it wins, as a server tries its parsers.

// errFormDepth refuses a form field name nested deeper than the body
// nesting limit.
var errFormDepth = errors.New("a form field name is nested deeper than the limit (--max-depth)")

// maxFormNesting bounds the brackets of a form field name where the
// validator sets no nesting limit, so that decoding stays shallow.
const maxFormNesting = 256

// formNode is the values sent under one name of a form, and the names
// nested under it by brackets.
type formNode struct {
	vals []string
	kids map[string]*formNode
}

func (n *formNode) kid(key string) *formNode {
	if n.kids == nil {
		n.kids = map[string]*formNode{}
	}
	k := n.kids[key]
	if k == nil {
		k = &formNode{}
		n.kids[key] = k
	}
	return k
}

// formValue turns form fields into a JSON-shaped object decoded by the
// body's schema s (nil: every value a string).
func (v *Validator) formValue(q url.Values, s *openapi3.Schema) (map[string]any, error) {
	var props openapi3.Schemas
	if s != nil {
		props = allProperties(s)
	}
	root := &formNode{}
	for name, vals := range q {
		base, path, ok := splitFormName(name)
		if _, declared := props[name]; declared || !ok {
			// A name the schema declares as written, brackets and all,
			// or one whose brackets do not pair: a plain name.
			base, path = name, nil
		}
		if limit := v.maxDepth; len(path) > limit && limit > 0 || len(path) > maxFormNesting {
			return nil, errFormDepth
		}
		n := root.kid(base)
		for _, seg := range path {
			n = n.kid(seg)
		}
		n.vals = append(n.vals, vals...)
	}
	out := make(map[string]any, len(root.kids))
	for name, n := range root.kids {
		var ps *openapi3.Schema
		if p := props[name]; p != nil {
			ps = p.Value
		}
		out[name] = v.formNodeValue(n, ps)
	}
	return out, nil
}

// splitFormName splits a[b][c] into a and [b c]; ok is false when the
// brackets after the first do not pair up.
func splitFormName(name string) (base string, path []string, ok bool) {
	i := strings.IndexByte(name, '[')
	if i <= 0 {
		return name, nil, true
	}
	base, rest := name[:i], name[i:]
	for rest != "" {
		if rest[0] != '[' {
			return name, nil, false
		}
		j := strings.IndexByte(rest, ']')
		if j < 0 {
			return name, nil, false
		}
		path = append(path, rest[1:j])
		rest = rest[j+1:]
	}
	return base, path, true
}

// formNodeValue decodes a node of a form by the schema s of its place.
func (v *Validator) formNodeValue(n *formNode, s *openapi3.Schema) any {
	if len(n.kids) == 0 {
		return v.formLeaf(n.vals, s)
	}
	if as := arrayBranch(s, 0); as != nil && (objectBranch(s, 0) == nil || indexKeys(n.kids)) {
		return v.formArray(n, itemsOf(as, 0))
	}
	os := objectBranch(s, 0)
	out := make(map[string]any, len(n.kids))
	for k, kid := range n.kids {
		var ps *openapi3.Schema
		if os != nil {
			if ref, ok := property(os, k); ok && ref != nil {
				ps = ref.Value
			} else if ap := os.AdditionalProperties.Schema; ap != nil {
				ps = ap.Value
			}
		}
		out[k] = v.formNodeValue(kid, ps)
	}
	return out
}

// formArray decodes a node whose bracketed keys are indexes (a[0], a[1])
// or empty (a[]=x appends) by the items' schema is: indexed elements
// in the order of their indexes, then the appended ones.
func (v *Validator) formArray(n *formNode, is *openapi3.Schema) []any {
	keys := make([]string, 0, len(n.kids))
	for k := range n.kids {
		if k != "" {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b string) int {
		x, _ := strconv.Atoi(a)
		y, _ := strconv.Atoi(b)
		return cmp.Or(cmp.Compare(x, y), strings.Compare(a, b)) // the same order every time
	})
	out := make([]any, 0, len(keys)+1)
	for _, k := range keys {
		out = append(out, v.formNodeValue(n.kids[k], is))
	}
	if app := n.kids[""]; app != nil {
		for _, x := range app.vals {
			out = append(out, v.formLeaf([]string{x}, is))
		}
		if len(app.kids) > 0 { // a[][b]=x&a[][c]=y: one element
			out = append(out, v.formNodeValue(&formNode{kids: app.kids}, is))
		}
	}
	return out
}

// indexKeys reports whether every key is an array index or empty.
func indexKeys(kids map[string]*formNode) bool {
	for k := range kids {
		if k == "" {
			continue
		}
		if i, err := strconv.Atoi(k); err != nil || i < 0 {
			return false
		}
	}
	return true
}

// formLeaf decodes the values sent under one name (the last, for a
// scalar) by s: for an anyOf or oneOf, by the first alternative that
// accepts what it decodes.
func (v *Validator) formLeaf(vals []string, s *openapi3.Schema) any {
	if s != nil && len(s.AnyOf)+len(s.OneOf) > 0 {
		for _, alts := range []openapi3.SchemaRefs{s.AnyOf, s.OneOf} {
			for _, a := range alts {
				if a == nil || a.Value == nil {
					continue
				}
				if x := v.formLeafAs(vals, a.Value); len(v.Schema(a.Value, x, false, "body", "")) == 0 {
					return x
				}
			}
		}
	}
	return v.formLeafAs(vals, s)
}

// formLeafAs decodes the values sent under one name by the types s
// admits: several values (or one JSON array) for an array, else the last
// value as the scalar or JSON object s declares; one empty value is an
// empty array or object where s admits no string.
func (v *Validator) formLeafAs(vals []string, s *openapi3.Schema) any {
	if len(vals) == 0 {
		return ""
	}
	ts := typesOf(s, 0)
	if len(vals) == 1 && vals[0] == "" && !ts["string"] {
		// An empty array or object has no bracketed field to send: the
		// name alone, empty, stands for it.
		switch {
		case ts["array"]:
			return []any{}
		case ts["object"]:
			return map[string]any{}
		}
	}
	if ts["array"] {
		if len(vals) == 1 && strings.HasPrefix(strings.TrimSpace(vals[0]), "[") {
			return coerce(vals[0], s, v.maxDepth)
		}
		arr := make([]any, len(vals))
		is := itemsOf(s, 0)
		for i, x := range vals {
			arr[i] = coerce(x, is, v.maxDepth)
		}
		return arr
	}
	return coerce(vals[len(vals)-1], s, v.maxDepth)
}

// arrayBranch is s when it is an array schema, else its first allOf,
// anyOf or oneOf branch that is one, or nil.
func arrayBranch(s *openapi3.Schema, depth int) *openapi3.Schema {
	return branchWhere(s, depth, func(s *openapi3.Schema) bool {
		return s.Items != nil || s.Type != nil && s.Type.Is(openapi3.TypeArray)
	})
}

// objectBranch is s when it is an object schema, else its first allOf,
// anyOf or oneOf branch that is one, or nil.
func objectBranch(s *openapi3.Schema, depth int) *openapi3.Schema {
	return branchWhere(s, depth, func(s *openapi3.Schema) bool {
		return len(s.Properties) > 0 || s.AdditionalProperties.Schema != nil || s.Type != nil && s.Type.Is(openapi3.TypeObject)
	})
}

func branchWhere(s *openapi3.Schema, depth int, is func(*openapi3.Schema) bool) *openapi3.Schema {
	if s == nil || depth > 8 {
		return nil
	}
	if is(s) {
		return s
	}
	for _, list := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
		for _, r := range list {
			if r != nil {
				if b := branchWhere(r.Value, depth+1, is); b != nil {
					return b
				}
			}
		}
	}
	return nil
}

// typesOf collects the JSON types a schema admits: its type, else its
// branches' types, else its enum members' types.
func typesOf(s *openapi3.Schema, depth int) map[string]bool {
	out := map[string]bool{}
	if s == nil || depth > 8 {
		return out
	}
	if s.Type != nil && len(*s.Type) > 0 {
		for _, t := range s.Type.Slice() {
			out[t] = true
		}
		return out
	}
	for _, list := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, r := range list {
			if r != nil {
				for t := range typesOf(r.Value, depth+1) {
					out[t] = true
				}
			}
		}
	}
	for _, e := range s.Enum {
		switch e.(type) {
		case float64, int, int64:
			out["number"] = true
		case bool:
			out["boolean"] = true
		case string:
			out["string"] = true
		}
	}
	if len(out) == 0 && len(s.Properties) > 0 {
		out["object"] = true
	}
	return out
}

func itemsOf(s *openapi3.Schema, depth int) *openapi3.Schema {
	if s == nil || depth > 8 {
		return nil
	}
	if s.Items != nil {
		return s.Items.Value
	}
	for _, list := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, r := range list {
			if r != nil {
				if is := itemsOf(r.Value, depth+1); is != nil {
					return is
				}
			}
		}
	}
	return nil
}

func coerce(x string, s *openapi3.Schema, maxDepth int) any {
	ts := typesOf(s, 0)
	if len(ts) == 0 {
		return x
	}
	t := strings.TrimSpace(x)
	if (ts["object"] && strings.HasPrefix(t, "{")) || (ts["array"] && strings.HasPrefix(t, "[")) {
		var v any
		if checkDepth([]byte(t), maxDepth) == nil && json.Unmarshal([]byte(t), &v) == nil {
			return v
		}
	}
	if ts["string"] {
		return x
	}
	if ts["integer"] || ts["number"] {
		if f, err := strconv.ParseFloat(t, 64); err == nil {
			return f
		}
	}
	if ts["boolean"] {
		switch strings.ToLower(t) {
		case "true", "1", "on", "yes":
			return true
		case "false", "0", "off", "no":
			return false
		}
	}
	if ts["null"] && (t == "" || t == "null") {
		return nil
	}
	return x
}
