package spec

import (
	"bytes"
	"iter"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"
)

// Property order without kin-openapi's origins. Recording
// origins costs about a third of a load, and all this package reads from
// them is where each property's name is written (PropertyOrder). So a
// document without external refs is loaded without origins and its key
// tree read besides (keyTreeLater in load.go: JSON and overlay's loadable
// YAML scanned; other YAML parsed once, the document decoded from the same
// node tree, decodeOnce in yamlonce.go), which is then walked in step with the
// loaded document to note where every property's name is.
//
// The walk follows the document's own layout: a schema is walked where it
// is written (under components, paths or webhooks) and a $ref is not
// followed, its target being walked where it is defined. A document where
// that would not give exactly what origins give is loaded again with
// origins instead (the key tree is nil): one with YAML aliases or merge keys
// (origins follow them), a $ref that points anywhere but into components or
// has collections beside it (3.1 merges schema keywords written next to a
// $ref into a new schema), or JSON that kin-openapi reads with its JSON
// decoder (no origins at all).

// position is where a key is written. The zero position is "unknown".
type position struct{ line, col int }

// propertyKeys maps each property's schema reference (an entry of some
// schema's Properties) to where the property's name is written.
type propertyKeys map[*openapi3.SchemaRef]position

// keyNode is what the walk reads of a plain document's tree (checked
// while it is built): a mapping's keys with where each is written, and a
// sequence's items. A scalar is a nil *keyNode. It is a fraction of a YAML
// node tree's size; JSON and the loadable layout are scanned into it
// directly (jsonkeys.go, loadablekeys.go).
type keyNode struct {
	pairs []keyPair
	items []*keyNode
	kind  keyKind
}

type keyKind uint8

const (
	keyMapping keyKind = iota + 1
	keySequence
)

// keyPair is one entry of a mapping.
type keyPair struct {
	name  string
	at    position
	value *keyNode
}

// yamlKeyTree parses data as YAML into a key tree, or returns nil when it
// does not parse or is a document the walk cannot follow.
func yamlKeyTree(data []byte) *keyNode {
	json := mayBeJSON(data)
	if json && bytes.Contains(data, []byte("\u0085")) {
		return nil // kin-openapi reads this as JSON
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	if !plain(doc.Content[0], json) {
		return nil
	}
	return fromYAML(doc.Content[0])
}

// fromYAML is the key tree of a plain YAML node tree.
func fromYAML(n *yaml.Node) *keyNode {
	switch n.Kind {
	case yaml.MappingNode:
		k := &keyNode{kind: keyMapping, pairs: make([]keyPair, 0, len(n.Content)/2)}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, v := n.Content[i], n.Content[i+1]
			p := keyPair{name: key.Value, at: position{key.Line, key.Column}}
			if v.Kind == yaml.MappingNode || v.Kind == yaml.SequenceNode {
				p.value = fromYAML(v)
			}
			k.pairs = append(k.pairs, p)
		}
		return k
	case yaml.SequenceNode:
		k := &keyNode{kind: keySequence, items: make([]*keyNode, len(n.Content))}
		for i, c := range n.Content {
			if c.Kind == yaml.MappingNode || c.Kind == yaml.SequenceNode {
				k.items[i] = fromYAML(c)
			}
		}
		return k
	}
	return nil
}

// mayBeJSON is kin-openapi's test for data it may read as JSON: a first
// byte past whitespace that can start a JSON value.
func mayBeJSON(data []byte) bool {
	data = bytes.TrimLeft(data, " \t\r\n")
	return len(data) != 0 && strings.IndexByte(`{["-0123456789tfn`, data[0]) >= 0
}

// plain reports whether the tree under n has no alias, no merge key, no $ref
// but a plain one into components and, in JSON, no duplicate key (which
// makes kin-openapi fall back to its JSON decoder).
func plain(n *yaml.Node, json bool) bool {
	switch n.Kind {
	case yaml.AliasNode:
		return false
	case yaml.MappingNode:
		if !plainMapping(n, json) {
			return false
		}
	}
	for _, c := range n.Content {
		if !plain(c, json) {
			return false
		}
	}
	return true
}

func plainMapping(n *yaml.Node, json bool) bool {
	var ref, collections bool
	var seen map[string]bool
	if json && len(n.Content) > 32 {
		seen = make(map[string]bool, len(n.Content)/2)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Tag == "!!merge" || k.Value == "<<" && k.Style == 0 {
			return false
		}
		if k.Value == "$ref" {
			if v.Kind != yaml.ScalarNode || !componentRef(v.Value) {
				return false
			}
			ref = true
		} else if v.Kind == yaml.MappingNode || v.Kind == yaml.SequenceNode {
			collections = true
		}
		if !json {
			continue
		}
		if seen != nil {
			if seen[k.Value] {
				return false
			}
			seen[k.Value] = true
			continue
		}
		for j := 0; j < i; j += 2 {
			if n.Content[j].Value == k.Value {
				return false
			}
		}
	}
	return !ref || !collections
}

// componentRef reports whether ref points into the document's components,
// which kin-openapi resolves to the very objects it decoded there.
func componentRef(ref string) bool {
	rest, ok := strings.CutPrefix(ref, "#/components/")
	if !ok {
		return false
	}
	kind, _, _ := strings.Cut(rest, "/")
	switch kind {
	case "schemas", "parameters", "headers", "requestBodies", "responses", "callbacks", "examples", "links", "securitySchemes":
		return true
	}
	return false
}

// pairs yields the keys and values of a mapping (nothing for anything
// else).
func pairs(n *keyNode) iter.Seq2[keyPair, *keyNode] {
	return func(yield func(keyPair, *keyNode) bool) {
		if n == nil || n.kind != keyMapping {
			return
		}
		for _, p := range n.pairs {
			if !yield(p, p.value) {
				return
			}
		}
	}
}

// items yields the entries of a sequence that have a counterpart in a
// slice of length n.
func items(seq *keyNode, n int) iter.Seq2[int, *keyNode] {
	return func(yield func(int, *keyNode) bool) {
		if seq == nil || seq.kind != keySequence {
			return
		}
		for i, c := range seq.items {
			if i >= n || !yield(i, c) {
				return
			}
		}
	}
}

// propertyKeysOf walks t and its key tree root (keyTreeLater) together
// and notes where each property's name is written.
func propertyKeysOf(t *openapi3.T, root *keyNode) propertyKeys {
	w := keyWalker{keys: propertyKeys{}}
	for k, v := range pairs(root) {
		switch k.name {
		case "components":
			w.components(t.Components, v)
		case "paths":
			if t.Paths != nil {
				for path, item := range pairs(v) {
					w.pathItem(t.Paths.Value(path.name), item)
				}
			}
		case "webhooks":
			for name, item := range pairs(v) {
				w.pathItem(t.Webhooks[name.name], item)
			}
		}
	}
	return w.keys
}

// keyWalker walks a loaded document and its node tree in step. Each method
// takes an object and the node it was decoded from; a $ref node has none
// of the keys looked for, so references are not followed.
type keyWalker struct{ keys propertyKeys }

func (w *keyWalker) components(c *openapi3.Components, n *keyNode) {
	if c == nil {
		return
	}
	for kind, named := range pairs(n) {
		for name, v := range pairs(named) {
			switch kind.name {
			case "schemas":
				w.schema(c.Schemas[name.name], v)
			case "parameters":
				w.parameter(c.Parameters[name.name], v)
			case "headers":
				w.header(c.Headers[name.name], v)
			case "requestBodies":
				w.requestBody(c.RequestBodies[name.name], v)
			case "responses":
				w.response(c.Responses[name.name], v)
			case "callbacks":
				w.callback(c.Callbacks[name.name], v)
			}
		}
	}
}

func (w *keyWalker) pathItem(item *openapi3.PathItem, n *keyNode) {
	if item == nil {
		return
	}
	for k, v := range pairs(n) {
		switch k.name {
		case "parameters":
			w.parameters(item.Parameters, v)
		case "get", "put", "post", "delete", "options", "head", "patch", "trace", "query", "connect":
			w.operation(item.GetOperation(strings.ToUpper(k.name)), v)
		case "additionalOperations":
			for method, op := range pairs(v) {
				w.operation(item.AdditionalOperations[method.name], op)
			}
		}
	}
}

func (w *keyWalker) operation(op *openapi3.Operation, n *keyNode) {
	if op == nil {
		return
	}
	for k, v := range pairs(n) {
		switch k.name {
		case "parameters":
			w.parameters(op.Parameters, v)
		case "requestBody":
			w.requestBody(op.RequestBody, v)
		case "responses":
			if op.Responses != nil {
				for status, r := range pairs(v) {
					w.response(op.Responses.Value(status.name), r)
				}
			}
		case "callbacks":
			for name, cb := range pairs(v) {
				w.callback(op.Callbacks[name.name], cb)
			}
		}
	}
}

func (w *keyWalker) parameters(ps openapi3.Parameters, n *keyNode) {
	for i, v := range items(n, len(ps)) {
		w.parameter(ps[i], v)
	}
}

func (w *keyWalker) parameter(p *openapi3.ParameterRef, n *keyNode) {
	if p == nil || p.Value == nil {
		return
	}
	w.schemaAndContent(p.Value.Schema, p.Value.Content, n)
}

func (w *keyWalker) header(h *openapi3.HeaderRef, n *keyNode) {
	if h == nil || h.Value == nil {
		return
	}
	w.schemaAndContent(h.Value.Schema, h.Value.Content, n)
}

// schemaAndContent walks a parameter's or header's schema and content.
func (w *keyWalker) schemaAndContent(s *openapi3.SchemaRef, c openapi3.Content, n *keyNode) {
	for k, v := range pairs(n) {
		switch k.name {
		case "schema":
			w.schema(s, v)
		case "content":
			w.content(c, v)
		}
	}
}

func (w *keyWalker) headers(hs openapi3.Headers, n *keyNode) {
	for name, v := range pairs(n) {
		w.header(hs[name.name], v)
	}
}

func (w *keyWalker) requestBody(rb *openapi3.RequestBodyRef, n *keyNode) {
	if rb == nil || rb.Value == nil {
		return
	}
	for k, v := range pairs(n) {
		if k.name == "content" {
			w.content(rb.Value.Content, v)
		}
	}
}

func (w *keyWalker) response(r *openapi3.ResponseRef, n *keyNode) {
	if r == nil || r.Value == nil {
		return
	}
	for k, v := range pairs(n) {
		switch k.name {
		case "headers":
			w.headers(r.Value.Headers, v)
		case "content":
			w.content(r.Value.Content, v)
		}
	}
}

func (w *keyWalker) callback(cb *openapi3.CallbackRef, n *keyNode) {
	if cb == nil || cb.Value == nil {
		return
	}
	for expr, item := range pairs(n) {
		w.pathItem(cb.Value.Value(expr.name), item)
	}
}

func (w *keyWalker) content(c openapi3.Content, n *keyNode) {
	for mt, v := range pairs(n) {
		media := c[mt.name]
		if media == nil {
			continue
		}
		for k, f := range pairs(v) {
			switch k.name {
			case "schema":
				w.schema(media.Schema, f)
			case "itemSchema":
				w.schema(media.ItemSchema, f)
			case "encoding":
				for name, e := range pairs(f) {
					if enc := media.Encoding[name.name]; enc != nil {
						for ek, ev := range pairs(e) {
							if ek.name == "headers" {
								w.headers(enc.Headers, ev)
							}
						}
					}
				}
			}
		}
	}
}

// schema notes where s's property names are written, then walks every
// keyword that holds schemas (those kin-openapi decodes).
func (w *keyWalker) schema(s *openapi3.SchemaRef, n *keyNode) {
	if s == nil || s.Value == nil {
		return
	}
	v := s.Value
	for k, sub := range pairs(n) {
		switch k.name {
		case "properties":
			for name, p := range pairs(sub) {
				if ref := v.Properties[name.name]; ref != nil {
					w.keys[ref] = name.at
					w.schema(ref, p)
				}
			}
		case "patternProperties":
			w.schemaMap(v.PatternProperties, sub)
		case "dependentSchemas":
			w.schemaMap(v.DependentSchemas, sub)
		case "$defs":
			w.schemaMap(v.Defs, sub)
		case "allOf":
			w.schemaList(v.AllOf, sub)
		case "anyOf":
			w.schemaList(v.AnyOf, sub)
		case "oneOf":
			w.schemaList(v.OneOf, sub)
		case "prefixItems":
			w.schemaList(v.PrefixItems, sub)
		case "items":
			w.schema(v.Items, sub)
		case "additionalProperties":
			w.schema(v.AdditionalProperties.Schema, sub)
		case "not":
			w.schema(v.Not, sub)
		case "contains":
			w.schema(v.Contains, sub)
		case "propertyNames":
			w.schema(v.PropertyNames, sub)
		case "if":
			w.schema(v.If, sub)
		case "then":
			w.schema(v.Then, sub)
		case "else":
			w.schema(v.Else, sub)
		case "unevaluatedItems":
			w.schema(v.UnevaluatedItems.Schema, sub)
		case "unevaluatedProperties":
			w.schema(v.UnevaluatedProperties.Schema, sub)
		case "contentSchema":
			w.schema(v.ContentSchema, sub)
		}
	}
}

func (w *keyWalker) schemaMap(m openapi3.Schemas, n *keyNode) {
	for name, v := range pairs(n) {
		w.schema(m[name.name], v)
	}
}

func (w *keyWalker) schemaList(l openapi3.SchemaRefs, n *keyNode) {
	for i, v := range items(n, len(l)) {
		w.schema(l[i], v)
	}
}
