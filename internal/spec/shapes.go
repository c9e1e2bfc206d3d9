package spec

import (
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// pairConflict says why a collection path and its item path cannot share
// state, or "" when they can: state is kept only where the list's items
// and the item are the same kind of object, so that a stored object is
// valid both as an item and as a list entry, and an item path never
// answers its collection's body. The reason ends with what answers
// instead.
// wrap is the property under which the item's answers hold the object
// ({"server": {…}}), "" when they are the object itself.
func pairConflict(collOps, itemOps []*Operation) (why, wrap string) {
	why, taken, wrap := pairConflictWhy(collOps, itemOps)
	if why == "" {
		why = noID(itemOps, wrap)
	}
	switch {
	case why == "":
		return "", wrap
	case taken:
		return why + "; " + itemOps[0].Path + " answers generated data", ""
	}
	return why + "; both answer generated data", ""
}

// pairConflictWhy is pairConflict's reason, whether it is that the
// collection path already has a role in another resource, and the
// property that wraps the item in its answers.
func pairConflictWhy(collOps, itemOps []*Operation) (why string, taken bool, wrap string) {
	var item *openapi3.Schema
	if get := methodOp(itemOps, "GET"); get != nil {
		if owner := get.Resource; owner != nil && get.Role == RoleList {
			return fmt.Sprintf("GET %s already lists %s", get.Path, owner.Name), true, ""
		}
		item = FirstBranch(JSONResponseSchema(get, get.Success))
		if k := kindOf(item); k != "" && k != "object" {
			return fmt.Sprintf("GET %s answers %s, not an object", get.Path, withArticle(k)), false, ""
		}
	}
	prop, inner := wrapperOf(item)
	list := methodOp(collOps, "GET")
	if list == nil {
		return "", false, idWrapper(prop, inner, itemOps)
	}
	if owner := list.Resource; owner != nil && list.Role != RoleOther && list.Role != RoleAction {
		return fmt.Sprintf("GET %s already answers one of %s, not a list", list.Path, owner.Name), true, ""
	}
	body := JSONResponseSchema(list, list.Success)
	if body == nil {
		return "", false, idWrapper(prop, inner, itemOps)
	}
	_, items, ok := listShapeOf(body)
	if !ok {
		return fmt.Sprintf("GET %s answers no list (%s), not the items of GET %s", list.Path, describeKind(body), itemOps[0].Path), false, ""
	}
	items = FirstBranch(items)
	if k := kindOf(items); k != "" && k != "object" {
		return fmt.Sprintf("GET %s lists %s items, not objects", list.Path, k), false, ""
	}
	if item == nil || items == nil || item == items {
		return "", false, ""
	}
	why = coverage(items, item)
	if why == "" {
		return "", false, ""
	}
	// The item's answer may hold the list's item under one property:
	// {"server": {…}} beside a list of servers.
	if inner != nil && (inner == items || coverage(items, inner) == "") {
		return "", false, prop
	}
	return fmt.Sprintf("the items of GET %s and GET %s differ: %s", list.Path, itemOps[0].Path, why), false, ""
}

// noID says why no id can address an item, or "": the item path's id
// parameter, or the object's id property, declares a string no value
// satisfies (a uuid of length 64), so that no stored object could be
// both answered and addressed.
func noID(itemOps []*Operation, wrap string) string {
	path := itemOps[0].Path
	last, _ := splitExtension(path[strings.LastIndexByte(path, '/')+1:])
	name := strings.Trim(last, "{}")
	for _, op := range itemOps {
		if p := op.Param("path", name); p != nil && p.Schema != nil {
			if why := impossibleString(p.Schema); why != "" {
				return fmt.Sprintf("no id satisfies %s %s's {%s} (%s)", op.Method, path, name, why)
			}
		}
	}
	get := methodOp(itemOps, "GET")
	if get == nil {
		return ""
	}
	obj := FirstBranch(JSONResponseSchema(get, get.Success))
	if wrap != "" && obj != nil {
		obj = FirstBranch(PropertySchema(obj, wrap))
	}
	if obj == nil {
		return ""
	}
	for _, prop := range []string{name, "id"} {
		if ps := PropertySchema(obj, prop); ps != nil {
			if why := impossibleString(ps); why != "" {
				return fmt.Sprintf("no id satisfies the %s property of GET %s's answer (%s)", prop, path, why)
			}
			break
		}
	}
	return ""
}

// impossibleString says why no string satisfies a schema, where that is
// plain from its length and format alone, or "".
func impossibleString(s *openapi3.Schema) string {
	switch {
	case s.MaxLength != nil && s.MinLength > *s.MaxLength:
		return fmt.Sprintf("minLength %d above maxLength %d", s.MinLength, *s.MaxLength)
	case s.Format == "uuid" && (s.MinLength > 36 || s.MaxLength != nil && *s.MaxLength < 36):
		return fmt.Sprintf("a uuid, 36 characters, of length %d to %s", s.MinLength, lengthBound(s.MaxLength))
	}
	return ""
}

func lengthBound(n *uint64) string {
	if n == nil {
		return "any"
	}
	return fmt.Sprint(*n)
}

// wrapperOf is the one property of an object schema and its schema, when
// that is all the schema declares and it is an object with properties of
// its own: an answer that wraps the object ({"server": {…}}, {"data": {…}}).
func wrapperOf(s *openapi3.Schema) (string, *openapi3.Schema) {
	if s == nil || s.AdditionalProperties.Schema != nil || s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has {
		return "", nil
	}
	props := mergedProperties(s, 0)
	if len(props) != 1 {
		return "", nil
	}
	for name, p := range props {
		if p == nil || p.Value == nil {
			break
		}
		if inner := FirstBranch(p.Value); kindOf(inner) == "object" && len(mergedProperties(inner, 0)) > 0 {
			return name, inner
		}
	}
	return "", nil
}

// idWrapper is the wrapping property of an item without a list to compare
// with: only where the wrapped object declares the item's id.
func idWrapper(prop string, inner *openapi3.Schema, itemOps []*Operation) string {
	if inner == nil {
		return ""
	}
	last := itemOps[0].Path[strings.LastIndexByte(itemOps[0].Path, '/')+1:]
	last, _ = splitExtension(last)
	if props := mergedProperties(inner, 0); props[strings.Trim(last, "{}")] != nil || props["id"] != nil {
		return prop
	}
	return ""
}

// coverage says how an item schema fails to cover a list item schema: a
// property the list item requires that the item does not declare, or no
// property in common at all. "" when it covers it.
func coverage(listItem, item *openapi3.Schema) string {
	itemProps := mergedProperties(item, 0)
	if len(itemProps) == 0 || item.AdditionalProperties.Has != nil && *item.AdditionalProperties.Has || item.AdditionalProperties.Schema != nil {
		return "" // an open object may hold anything the list needs
	}
	var missing []string
	for _, name := range mergedRequired(listItem, 0) {
		if itemProps[name] == nil {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Sprintf("the item lacks %s, which the list's items require", strings.Join(missing, ", "))
	}
	listProps := mergedProperties(listItem, 0)
	if len(listProps) == 0 {
		return ""
	}
	for name := range listProps {
		if itemProps[name] != nil {
			return ""
		}
	}
	return "they have no property in common"
}

// mergedRequired is a schema's required properties with those of its
// allOf branches.
func mergedRequired(s *openapi3.Schema, depth int) []string {
	out := append([]string(nil), s.Required...)
	if depth > 8 {
		return out
	}
	for _, sub := range s.AllOf {
		if sub != nil && sub.Value != nil {
			out = append(out, mergedRequired(sub.Value, depth+1)...)
		}
	}
	return out
}

// kindOf is the JSON type a schema's values have: "object", "array",
// "string", …, or "" when the schema does not say (no type, or several).
// A schema without a type is an object when it has properties, and the
// kind its composition's branches agree on.
func kindOf(s *openapi3.Schema) string {
	return kindAt(s, 0)
}

func kindAt(s *openapi3.Schema, depth int) string {
	if s == nil || depth > 8 {
		return ""
	}
	if s.Type != nil {
		var kinds []string
		for _, t := range s.Type.Slice() {
			if t != "null" {
				kinds = append(kinds, t)
			}
		}
		if len(kinds) == 1 {
			if kinds[0] == "integer" {
				return "number"
			}
			return kinds[0]
		}
		return ""
	}
	if len(s.Properties) > 0 {
		return "object"
	}
	if s.Items != nil {
		return "array"
	}
	for _, branches := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
		kind := ""
		for _, b := range branches {
			if b == nil {
				continue
			}
			k := kindAt(b.Value, depth+1)
			if k == "" || kind != "" && k != kind {
				kind = ""
				break
			}
			kind = k
		}
		if kind != "" {
			return kind
		}
	}
	return ""
}

func describeKind(s *openapi3.Schema) string {
	if k := kindOf(s); k != "" {
		return withArticle(k)
	}
	return "a schema of no single type"
}

func withArticle(kind string) string {
	if kind == "array" || kind == "object" || kind == "integer" {
		return "an " + kind
	}
	return "a " + kind
}

func methodOp(ops []*Operation, method string) *Operation {
	for _, op := range ops {
		if op.Method == method {
			return op
		}
	}
	return nil
}
