package overlay

import (
	"bytes"
	"errors"
	"fmt"
	"slices"

	"github.com/theory/jsonpath/spec"
	"go.yaml.in/yaml/v4"
)

// Apply applies the overlays, in order, to doc (YAML or JSON) and returns
// the result as YAML. A malformed overlay, or an action that cannot be
// applied, is an *Error; an action whose target selects nothing is only a
// warning (the document may have moved on), one per such action.
func Apply(doc []byte, overlays ...File) (out []byte, warnings []string, err error) {
	return apply(doc, overlays, Encode)
}

// ApplyLoadable is Apply with the result written by EncodeLoadable: for
// a document that is loaded, not read by people.
func ApplyLoadable(doc []byte, overlays ...File) (out []byte, warnings []string, err error) {
	return apply(doc, overlays, EncodeLoadable)
}

func apply(doc []byte, overlays []File, encode func(*yaml.Node) ([]byte, error)) (out []byte, warnings []string, err error) {
	if len(overlays) == 0 {
		return doc, nil, nil
	}
	var tree yaml.Node
	if err := yaml.Unmarshal(doc, &tree); err != nil {
		return nil, nil, fmt.Errorf("the document is not YAML or JSON: %w", err)
	}
	if tree.Kind != yaml.DocumentNode || len(tree.Content) == 0 {
		return nil, nil, errors.New("the document is empty")
	}
	warnings, err = ApplyTree(&tree, overlays...)
	if err != nil {
		return nil, nil, err
	}
	out, err = encode(&tree)
	return out, warnings, err
}

// ApplyTree is Apply on a parsed document, which it changes in place.
func ApplyTree(tree *yaml.Node, overlays ...File) (warnings []string, err error) {
	parsed := make([]*overlay, 0, len(overlays))
	for _, f := range overlays {
		o, err := parse(f)
		if err != nil {
			return nil, err
		}
		parsed = append(parsed, o)
	}
	root := tree
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	if err := checkAliases(root); err != nil {
		return nil, fmt.Errorf("the document: %w", err)
	}
	d := &document{root: root, data: Plain(root)}
	for _, o := range parsed {
		for i, a := range o.actions {
			n, err := d.apply(a)
			if err != nil {
				return nil, &Error{File: o.name, Action: i, Target: a.target, Err: err}
			}
			if n == 0 {
				warnings = append(warnings, fmt.Sprintf("overlay %s: actions[%d] (target %s) selects nothing", o.name, i, a.target))
			}
		}
	}
	return warnings, nil
}

// Encode writes a YAML node tree as YAML, indented by two spaces with
// sequences not indented under their key (as most OpenAPI documents are).
func Encode(tree *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	enc.CompactSeqIndent()
	if err := enc.Encode(tree); err != nil {
		return nil, fmt.Errorf("encoding the overlaid document: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encoding the overlaid document: %w", err)
	}
	return buf.Bytes(), nil
}

// document is the tree being changed and its plain-value mirror, which
// JSONPath queries run on: every change to one is made to the other.
type document struct {
	root *yaml.Node
	data any
}

// located is a selected node: its normalized path, its YAML node and
// the YAML node holding it (nil for the root).
type located struct {
	path   spec.NormalizedPath
	node   *yaml.Node
	parent *yaml.Node
}

// apply carries out one action and returns how many nodes it selected.
func (d *document) apply(a action) (int, error) {
	found := a.path.SelectLocated(d.data).Deduplicate()
	if len(found) == 0 {
		return 0, nil
	}
	// Later paths first, so that removing an array entry does not shift
	// the index of another one still to be removed.
	found.Sort()
	slices.Reverse(found)
	targets := make([]located, 0, len(found))
	for _, f := range found {
		t, err := d.locate(f.Path)
		if err != nil {
			return 0, err
		}
		targets = append(targets, t)
	}
	for _, t := range targets {
		var err error
		if a.remove {
			err = d.remove(t)
		} else {
			err = d.update(t, a.update)
		}
		if err != nil {
			return 0, fmt.Errorf("at %s: %w", t.path, err)
		}
	}
	return len(found), nil
}

// locate finds the YAML node at a normalized path of the mirror.
func (d *document) locate(p spec.NormalizedPath) (located, error) {
	t := located{path: p, node: d.root}
	for _, sel := range p {
		n := deref(t.node)
		t.parent = n
		var child *yaml.Node
		switch s := sel.(type) {
		case spec.Name:
			if n.Kind == yaml.MappingNode {
				if i := KeyIndex(n, string(s)); i >= 0 {
					child = n.Content[i+1]
				}
			}
		case spec.Index:
			if n.Kind == yaml.SequenceNode && int(s) < len(n.Content) {
				child = n.Content[s]
			}
		}
		if child == nil {
			// The mirror and the tree disagree: a bug here, not in the overlay.
			return t, fmt.Errorf("internal error: %s not found in the document tree", p)
		}
		t.node = child
	}
	return t, nil
}

func (d *document) remove(t located) error {
	if len(t.path) == 0 {
		return errors.New("remove: the root of the document cannot be removed")
	}
	parent := deref(t.parent)
	last := t.path[len(t.path)-1]
	switch s := last.(type) {
	case spec.Name:
		i := KeyIndex(parent, string(s))
		parent.Content = slices.Delete(parent.Content, i, i+2)
		if m, ok := d.at(t.path[:len(t.path)-1]).(map[string]any); ok {
			delete(m, string(s))
		}
	case spec.Index:
		parent.Content = slices.Delete(parent.Content, int(s), int(s)+1)
		if a, ok := d.at(t.path[:len(t.path)-1]).([]any); ok {
			d.set(t.path[:len(t.path)-1], slices.Delete(a, int(s), int(s)+1))
		}
	}
	return nil
}

func (d *document) update(t located, value *yaml.Node) error {
	n := deref(t.node)
	switch n.Kind {
	case yaml.MappingNode:
		if value.Kind != yaml.MappingNode {
			return fmt.Errorf("update: the target is an object but the update is %s (an object's properties are changed by targeting the object)", kindName(value))
		}
		if err := mergeInto(n, value, ""); err != nil {
			return fmt.Errorf("update: %w", err)
		}
		d.set(t.path, mergePlain(d.at(t.path), Plain(value)))
	case yaml.SequenceNode:
		n.Content = append(n.Content, clone(value))
		a, _ := d.at(t.path).([]any)
		d.set(t.path, append(a, Plain(value)))
	default:
		return fmt.Errorf("update: the target is %s; Overlay 1.0 targets objects or arrays (target the object that holds it)", kindName(n))
	}
	return nil
}

// mergeInto merges the mapping src into the mapping dst recursively;
// at names the property being merged, for errors.
func mergeInto(dst, src *yaml.Node, at string) error {
	for i := 0; i < len(src.Content); i += 2 {
		key, sv := src.Content[i], deref(src.Content[i+1])
		name := key.Value
		if at != "" {
			name = at + "." + name
		}
		j := KeyIndex(dst, key.Value)
		if j < 0 {
			dst.Content = append(dst.Content, clone(key), clone(sv))
			continue
		}
		dv := deref(dst.Content[j+1])
		switch {
		case isNull(dv):
			dst.Content[j+1] = clone(sv)
		case isNull(sv) && dv.Kind != yaml.ScalarNode:
			// The specification's own Structured Overlay example merges
			// "components:" (null) into a document's components object.
		case dv.Kind == yaml.MappingNode && sv.Kind == yaml.MappingNode:
			if err := mergeInto(dv, sv, name); err != nil {
				return err
			}
		case dv.Kind == yaml.SequenceNode && sv.Kind == yaml.SequenceNode:
			for _, e := range sv.Content {
				dv.Content = append(dv.Content, clone(e))
			}
		case dv.Kind == yaml.ScalarNode && sv.Kind == yaml.ScalarNode:
			dst.Content[j+1] = clone(sv)
		default:
			return fmt.Errorf("property %s: cannot merge %s into %s (remove it first to replace it)", name, kindName(sv), kindName(dv))
		}
	}
	return nil
}

// mergePlain is mergeInto on the mirror, once mergeInto has succeeded.
func mergePlain(dst, src any) any {
	if src == nil {
		switch dst.(type) {
		case map[string]any, []any:
			return dst
		}
	}
	dm, ok1 := dst.(map[string]any)
	sm, ok2 := src.(map[string]any)
	if ok1 && ok2 {
		for k, v := range sm {
			dm[k] = mergePlain(dm[k], v)
		}
		return dm
	}
	da, ok1 := dst.([]any)
	sa, ok2 := src.([]any)
	if ok1 && ok2 {
		return append(da, sa...)
	}
	return src
}

// at returns the mirror's value at p.
func (d *document) at(p spec.NormalizedPath) any {
	v := d.data
	for _, sel := range p {
		switch s := sel.(type) {
		case spec.Name:
			m, _ := v.(map[string]any)
			v = m[string(s)]
		case spec.Index:
			a, _ := v.([]any)
			if int(s) >= len(a) {
				return nil
			}
			v = a[s]
		}
	}
	return v
}

// set replaces the mirror's value at p (arrays change identity when they
// grow or shrink, so their holder must be told).
func (d *document) set(p spec.NormalizedPath, v any) {
	if len(p) == 0 {
		d.data = v
		return
	}
	switch holder, s := d.at(p[:len(p)-1]), p[len(p)-1]; s := s.(type) {
	case spec.Name:
		if m, ok := holder.(map[string]any); ok {
			m[string(s)] = v
		}
	case spec.Index:
		if a, ok := holder.([]any); ok && int(s) < len(a) {
			a[s] = v
		}
	}
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

func kindName(n *yaml.Node) string {
	n = deref(n)
	switch n.Kind {
	case yaml.MappingNode:
		return "an object"
	case yaml.SequenceNode:
		return "an array"
	}
	switch n.ShortTag() {
	case "!!null":
		return "null"
	case "!!str":
		return "a string"
	case "!!bool":
		return "a boolean"
	}
	return "a number"
}
