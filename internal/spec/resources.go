package spec

import (
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// findResources pairs each collection path with its item path ("…/{id}")
// and gives their operations roles.
func (d *Doc) findResources(opts LoadOptions) error {
	d.Resources = map[string]*Resource{}
	byPath := map[string][]*Operation{}
	for _, op := range d.Operations {
		k := strings.TrimSuffix(op.Path, "/")
		byPath[k] = append(byPath[k], op)
	}
	// A path sorts before its sub-paths, so that a path that is the item
	// of one pair ("/gists/{id}") has that role before it could be taken
	// for the collection of a deeper pair ("/gists/{id}/{sha}").
	paths := make([]string, 0, len(byPath))
	for p := range byPath {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	type pair struct {
		coll, item string
		res        *Resource
	}
	var pairs []pair
	for _, itemPath := range paths {
		itemOps := byPath[itemPath]
		i := strings.LastIndexByte(itemPath, '/')
		if i < 0 {
			continue
		}
		last, suffix := splitExtension(itemPath[i+1:])
		if !strings.HasPrefix(last, "{") || !strings.HasSuffix(last, "}") || strings.Count(last, "{") != 1 {
			continue
		}
		collPath := itemPath[:i] + suffix
		collOps, ok := byPath[collPath]
		// An item without a read is a resource only when the contract
		// says so (an API may list, change and delete what it never
		// answers one by one).
		if !ok || !hasMethod(itemOps, "GET") && collOps[0].PathItem.Extensions["x-mock-resource"] == nil {
			continue
		}
		why, wrap := pairConflict(collOps, itemOps)
		if why != "" {
			d.addWarning(Warning{Kind: KindNotAResource, Where: collPath + " and " + itemPath, Detail: why})
			continue
		}
		ext, err := parseResourceExt(collOps[0].PathItem.Extensions["x-mock-resource"])
		if err != nil {
			return &LoadError{Where: collOps[0].Path + " x-mock-resource", Err: err}
		}
		name := ext.Name
		if name == "" {
			name = collPath
		}
		if known := opts.hookNames(); ext.Hooks != "" && known != nil && !known[ext.Hooks] {
			return &LoadError{Where: collOps[0].Path + " x-mock-resource.hooks", Err: fmt.Errorf("%w %q (known: %s)", ErrUnknownHooks, ext.Hooks, keys(known))}
		}
		res := d.Resources[name]
		if res == nil {
			res = &Resource{Name: name, SoftDelete: ext.SoftDelete, Order: ext.Order, Hooks: ext.Hooks,
				PageSize: ext.PageSize, Seed: ext.Seed, IDParam: last[1 : len(last)-1], ScopeParams: paramNames(collPath),
				Wrap: wrap, Ops: map[Role]*Operation{}}
			d.Resources[name] = res
		} else if res.Hooks == "" {
			res.Hooks = ext.Hooks
		}
		assign := func(op *Operation, role Role) {
			op.Resource, op.Role = res, role
			if _, ok := res.Ops[role]; !ok {
				res.Ops[role] = op
			}
		}
		for _, op := range collOps {
			switch op.Method {
			case "GET":
				assign(op, RoleList)
			case "POST":
				assign(op, RoleCreate)
			default:
				op.Resource = res
			}
		}
		for _, op := range itemOps {
			switch op.Method {
			case "GET":
				assign(op, RoleRead)
			case "PUT":
				assign(op, RoleReplace)
			case "PATCH":
				assign(op, RoleUpdate)
			case "DELETE":
				assign(op, RoleDelete)
			default:
				op.Resource = res
			}
		}
		pairs = append(pairs, pair{collPath, itemPath, res})
	}
	// Sub-paths: actions on an item, or on the collection. The deepest
	// pair takes them (/a/{id}/b/{x}/cancel is an action on b, not on a).
	sort.SliceStable(pairs, func(i, j int) bool { return len(pairs[i].item) > len(pairs[j].item) })
	for _, pr := range pairs {
		under, beside := pr.item+"/", pr.coll+"/"
		for p, ops := range byPath {
			switch {
			case strings.HasPrefix(p, under):
				for _, op := range ops {
					if op.Resource == nil {
						op.Resource, op.Role = pr.res, RoleAction
					}
				}
			case strings.HasPrefix(p, beside) && strings.Count(p[len(beside):], "/") == 0 && p != pr.item:
				for _, op := range ops {
					if op.Resource == nil {
						op.Resource = pr.res
					}
				}
			}
		}
	}
	d.shortenNames()
	for _, res := range d.Resources {
		d.describe(res)
	}
	return nil
}

// shortenNames renames resources that have no x-mock-resource name from
// their collection path ("/teams/{team_id}/tags") to its last literal
// segment ("tags") when no other resource has that name.
func (d *Doc) shortenNames() {
	count := map[string]int{}
	short := map[string]string{}
	for name := range d.Resources {
		if !strings.HasPrefix(name, "/") {
			count[name]++
			continue
		}
		segs := splitTemplate(name)
		s := ""
		for i := len(segs) - 1; i >= 0; i-- {
			if !strings.Contains(segs[i], "{") {
				s = segs[i]
				break
			}
		}
		if s != "" {
			short[name] = s
			count[s]++
		}
	}
	for long, s := range short {
		if count[s] == 1 {
			res := d.Resources[long]
			delete(d.Resources, long)
			res.Name = s
			d.Resources[s] = res
		}
	}
}

// constrainsString reports whether a string schema rules out the uuids
// ids are made of by default: a format, a pattern, an enum, or a length a
// uuid's 36 characters do not fit.
func constrainsString(s *openapi3.Schema) bool {
	return s.Format != "" || s.Pattern != "" || len(s.Enum) > 0 || s.MaxLength != nil && *s.MaxLength < 36 || s.MinLength > 36
}

// splitExtension splits a format extension off a path segment that ends
// in a parameter: "{Sid}.json" is the parameter "{Sid}" and ".json", and
// its collection is then spelled with the same extension ("Messages.json").
func splitExtension(seg string) (string, string) {
	i := strings.LastIndexByte(seg, '.')
	if i <= 0 || !strings.HasSuffix(seg[:i], "}") || strings.ContainsAny(seg[i:], "{}") {
		return seg, ""
	}
	return seg[:i], seg[i:]
}

func hasMethod(ops []*Operation, m string) bool {
	for _, op := range ops {
		if op.Method == m {
			return true
		}
	}
	return false
}

// describe fills a resource's schemas and id conventions.
func (d *Doc) describe(res *Resource) {
	for _, role := range []Role{RoleRead, RoleUpdate, RoleReplace, RoleCreate} {
		if op := res.Ops[role]; op != nil {
			if s := ItemSchema(op, op.Success); s != nil {
				res.Schema = s
				break
			}
		}
	}
	if op := res.Ops[RoleCreate]; op != nil {
		res.CreateSchema = JSONRequestSchema(op)
	}
	if op := res.Ops[RoleList]; op != nil {
		if s := JSONResponseSchema(op, op.Success); s != nil {
			res.ListItemSchema, _ = ListItems(s)
			res.List, _, _ = listShapeOf(s)
		}
		pagingOf(op, &res.List)
	}
	res.Schema, res.ListItemSchema = FirstBranch(res.Schema), FirstBranch(res.ListItemSchema)
	if res.ListItemSchema == nil {
		res.ListItemSchema = res.Schema
	}
	if res.Schema == nil {
		res.Schema = res.ListItemSchema
	}
	res.IDField = "id"
	if res.Schema != nil {
		if _, ok := res.Schema.Properties[res.IDParam]; ok {
			res.IDField = res.IDParam
		}
	}
	res.IDKind = "string"
	// The id parameter's schema, from the item operation that constrains
	// it most: a delete may declare a uuid where the read declares a string.
	var idSchema *openapi3.Schema
	for _, role := range []Role{RoleRead, RoleUpdate, RoleReplace, RoleDelete} {
		if op := res.Ops[role]; op != nil {
			if p := op.Param("path", res.IDParam); p != nil && p.Schema != nil && (idSchema == nil || constrainsString(p.Schema) && !constrainsString(idSchema)) {
				idSchema = p.Schema
			}
		}
	}
	if res.Schema != nil {
		if ref := res.Schema.Properties[res.IDField]; ref != nil && ref.Value != nil && (idSchema == nil || idSchema.Type == nil || idSchema.Type.Is("string") && !constrainsString(idSchema)) {
			idSchema = ref.Value
		}
	}
	if idSchema != nil {
		switch {
		case idSchema.Type != nil && (idSchema.Type.Is("integer") || idSchema.Type.Is("number")):
			res.IDKind = "integer"
		case idSchema.Format == "uuid":
			res.IDKind = "uuid"
		}
	}
	if res.IDKind == "string" && idSchema != nil && constrainsString(idSchema) {
		res.IDSchema = idSchema
	}
}

// FirstBranch returns the first branch of a schema that is only an anyOf
// or oneOf (a response that has alternative shapes, e.g. a full and a
// reduced view): the resource's stored shape is the first alternative.
func FirstBranch(s *openapi3.Schema) *openapi3.Schema {
	if s == nil || len(s.Properties) > 0 {
		return s
	}
	for _, alts := range []openapi3.SchemaRefs{s.AnyOf, s.OneOf} {
		if len(alts) > 0 && alts[0] != nil && alts[0].Value != nil {
			return alts[0].Value
		}
	}
	return s
}

// ItemSchema is the schema of the object an operation of a resource
// answers for a status: its JSON response schema, or, where the
// resource's answers wrap the object (Resource.Wrap) and this one does,
// the wrapped object's. nil without a JSON schema.
func ItemSchema(op *Operation, status string) *openapi3.Schema {
	s := JSONResponseSchema(op, status)
	if _, inner := Wrapped(op, status); inner != nil {
		return inner
	}
	return s
}

// Wrapped is the JSON response schema of an operation of a resource whose
// answers wrap the object (Resource.Wrap) and the wrapped object's schema,
// when the answer for status holds the object under that property; nil,
// nil otherwise (an answer that is the object, or does not hold it).
func Wrapped(op *Operation, status string) (wrapper, inner *openapi3.Schema) {
	if op.Resource == nil || op.Resource.Wrap == "" || op.Role == RoleList {
		return nil, nil
	}
	s := JSONResponseSchema(op, status)
	if s == nil {
		return nil, nil
	}
	if p := PropertySchema(s, op.Resource.Wrap); p != nil && kindOf(FirstBranch(p)) == "object" {
		return s, FirstBranch(p)
	}
	return nil, nil
}

// JSONResponseSchema returns the JSON schema of a response status, or nil.
func JSONResponseSchema(op *Operation, status string) *openapi3.Schema {
	r, _ := op.Response(status)
	if r == nil {
		return nil
	}
	return jsonSchema(r.Content)
}

// JSONRequestSchema returns the JSON request body schema, or nil.
func JSONRequestSchema(op *Operation) *openapi3.Schema {
	if op.Op.RequestBody == nil || op.Op.RequestBody.Value == nil {
		return nil
	}
	return jsonSchema(op.Op.RequestBody.Value.Content)
}

func jsonSchema(c openapi3.Content) *openapi3.Schema {
	if mt := c.Get("application/json"); mt != nil && mt.Schema != nil {
		return mt.Schema.Value
	}
	for k, mt := range c {
		if IsJSON(k) && mt.Schema != nil {
			return mt.Schema.Value
		}
	}
	return nil
}

// IsJSON reports whether a media type is JSON (application/json, +json).
func IsJSON(mediaType string) bool {
	mt := strings.ToLower(strings.TrimSpace(strings.SplitN(mediaType, ";", 2)[0]))
	return mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "*/*"
}

// ListItems finds the items of a list response: the schema's items for an
// array, or the array property of an envelope (results, data, items, or the
// only array property). It returns the item schema and the property name
// ("" for a bare array).
func ListItems(s *openapi3.Schema) (*openapi3.Schema, string) {
	if s == nil {
		return nil, ""
	}
	if isArraySchema(s) {
		return s.Items.Value, ""
	}
	props := mergedProperties(s, 0)
	for _, name := range itemsProps {
		if p := props[name]; p != nil && p.Value != nil && p.Value.Items != nil {
			return p.Value.Items.Value, name
		}
	}
	var found *openapi3.Schema
	var prop string
	for name, p := range props {
		if p != nil && p.Value != nil && p.Value.Items != nil && !isLinkList(name) {
			if found != nil {
				return nil, ""
			}
			found, prop = p.Value.Items.Value, name
		}
	}
	return found, prop
}

// mergedProperties are a schema's properties with those of its allOf
// branches (an envelope is often "allOf: [Wrapper, {data: [...]}]"); the
// schema's own win.
func mergedProperties(s *openapi3.Schema, depth int) openapi3.Schemas {
	if len(s.AllOf) == 0 || depth > 8 {
		return s.Properties
	}
	out := openapi3.Schemas{}
	for _, sub := range s.AllOf {
		if sub != nil && sub.Value != nil {
			for k, v := range mergedProperties(sub.Value, depth+1) {
				out[k] = v
			}
		}
	}
	for k, v := range s.Properties {
		out[k] = v
	}
	return out
}
