package main

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/mockserver-go/mockserver/internal/overlay"
)

// Bootstrap writes the overlay that turns the document base into want:
// a temporary group that keeps only want's paths and component schemas,
// then, per operation, path item, component and top-level field that
// differs, the removals it needs and one update. A map whose key order
// carries meaning (schema properties) and differs is replaced whole, as is
// an array that differs (an update can only append to one).
func Bootstrap(base, want []byte) ([]byte, error) {
	var b, w yaml.Node
	if err := yaml.Unmarshal(base, &b); err != nil {
		return nil, fmt.Errorf("base: %w", err)
	}
	if err := yaml.Unmarshal(want, &w); err != nil {
		return nil, fmt.Errorf("want: %w", err)
	}
	g := &bootstrap{}
	g.temporary(b.Content[0], w.Content[0])
	g.container(b.Content[0], w.Content[0], "$", 0)
	return g.encode()
}

type bootstrap struct {
	temp    []*yaml.Node // the temporary restriction actions
	actions []*yaml.Node
}

// temporary removes, in one action each, base's paths and component
// schemas that want does not have.
func (g *bootstrap) temporary(b, w *yaml.Node) {
	for _, at := range [][]string{{"paths"}, {"components", "schemas"}} {
		bm, wm := overlay.Member(b, at...), overlay.Member(w, at...)
		var gone []string
		for i := 0; i < len(bm.Content); i += 2 {
			if k := bm.Content[i].Value; overlay.Member(wm, k) == nil {
				gone = append(gone, quote(k))
			}
		}
		if len(gone) == 0 {
			continue
		}
		target := "$." + strings.Join(at, ".") + "[\n" + strings.Join(gone, ",\n") + "]"
		g.temp = append(g.temp, describedFirst(target, fmt.Sprintf("TEMPORARY: the contract serves the hog-function and insight operations only; removes %d %s of PostHog's document.", len(gone), strings.Join(at, "."))))
		// Drop them from base, so that the rest compares what is left.
		for i := 0; i < len(bm.Content); {
			if overlay.Member(wm, bm.Content[i].Value) == nil {
				bm.Content = append(bm.Content[:i], bm.Content[i+2:]...)
			} else {
				i += 2
			}
		}
	}
}

// container diffs a map whose entries each get their own actions: the
// document, paths, a path item, components and each of its categories.
func (g *bootstrap) container(b, w *yaml.Node, target string, depth int) {
	var added []*yaml.Node
	for i := 0; i < len(b.Content); i += 2 {
		if k := b.Content[i].Value; overlay.Member(w, k) == nil {
			g.actions = append(g.actions, action(target+sel(k), "Not in the contract.", nil, true))
		}
	}
	for i := 0; i < len(w.Content); i += 2 {
		k, wv := w.Content[i], w.Content[i+1]
		bv := overlay.Member(b, k.Value)
		switch {
		case bv == nil:
			added = append(added, k, wv)
		case equal(bv, wv):
		case bv.Kind == yaml.MappingNode && wv.Kind == yaml.MappingNode && containerAt(target+sel(k.Value), depth+1):
			g.container(bv, wv, target+sel(k.Value), depth+1)
		default:
			g.group(bv, wv, target, k.Value)
		}
	}
	if len(added) > 0 {
		g.actions = append(g.actions, action(target, "Added by the contract.", &yaml.Node{Kind: yaml.MappingNode, Content: added}, false))
	}
}

// containerAt reports whether the entries of the map at target (depth
// levels below the document) each get their own actions: paths, a path
// item, components, a category of components.
func containerAt(target string, depth int) bool {
	switch depth {
	case 1:
		return target == "$.paths" || target == "$.components"
	case 2:
		return strings.HasPrefix(target, "$.paths[") || strings.HasPrefix(target, "$.components.")
	}
	return false
}

// group writes the actions that turn b into w at parent[key]: removals
// first, then one update of parent with a merge patch.
func (g *bootstrap) group(b, w *yaml.Node, parent, key string) {
	var removes []removal
	patch := g.patch(b, w, parent, key, &removes)
	desc := "Contract correction"
	if d := divergences(w); len(d) > 0 {
		desc += ": " + strings.Join(d, " ")
	}
	for _, r := range removes {
		d := "Not in the contract."
		if r.replaced {
			d = "Replaced by the next update (an update merges into an array or a map; it cannot replace one)."
		}
		g.actions = append(g.actions, action(r.target, d, nil, true))
	}
	switch {
	case patch == nil:
	case b.Kind == yaml.MappingNode && patch.Content[1].Kind == yaml.MappingNode && !replaced(removes, parent+sel(key)):
		// Target the map itself, with the merge patch of its entries.
		g.actions = append(g.actions, action(parent+sel(key), desc, patch.Content[1], false))
	default:
		g.actions = append(g.actions, action(parent, desc, patch, false))
	}
}

// patch returns the merge patch that, after the removals it appends,
// turns parent[key] (b) into w, as a one-key map {key: ...}.
func (g *bootstrap) patch(b, w *yaml.Node, parent, key string, removes *[]removal) *yaml.Node {
	at := parent + sel(key)
	one := func(v *yaml.Node) *yaml.Node {
		return &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{str(key), v}}
	}
	switch {
	case equal(b, w):
		return nil
	case b.Kind == yaml.ScalarNode && w.Kind == yaml.ScalarNode:
		return one(w)
	case b.Kind != yaml.MappingNode || w.Kind != yaml.MappingNode || key == "properties" && !sameOrder(b, w):
		*removes = append(*removes, removal{at, true})
		return one(w)
	}
	sub := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i < len(b.Content); i += 2 {
		if k := b.Content[i].Value; overlay.Member(w, k) == nil {
			*removes = append(*removes, removal{at + sel(k), false})
		}
	}
	// A value that is replaced (removed, then written again) moves to the
	// end of the map; the entries after it are replaced too, so that the
	// map keeps w's order.
	moved := false
	for i := 0; i < len(w.Content); i += 2 {
		k, wv := w.Content[i], w.Content[i+1]
		bv := overlay.Member(b, k.Value)
		switch {
		case bv == nil:
			sub.Content = append(sub.Content, k, wv)
		case moved:
			*removes = append(*removes, removal{at + sel(k.Value), true})
			sub.Content = append(sub.Content, k, wv)
		default:
			n := len(*removes)
			if p := g.patch(bv, wv, at, k.Value, removes); p != nil {
				sub.Content = append(sub.Content, p.Content...)
			}
			moved = replaced((*removes)[n:], at+sel(k.Value))
		}
	}
	if len(sub.Content) == 0 {
		return nil
	}
	return one(sub)
}

func replaced(removes []removal, target string) bool {
	for _, r := range removes {
		if r.target == target {
			return true
		}
	}
	return false
}

// removal is a node an action group removes; replaced when its update
// writes it again.
type removal struct {
	target   string
	replaced bool
}

// sameOrder reports whether the keys b and w share come in the same
// order, and w's new keys after them (where an update puts them).
func sameOrder(b, w *yaml.Node) bool {
	last := -1
	seenNew := false
	for i := 0; i < len(w.Content); i += 2 {
		j := overlay.KeyIndex(b, w.Content[i].Value)
		if j < 0 {
			seenNew = true
			continue
		}
		if j < last || seenNew {
			return false
		}
		last = j
	}
	return true
}

var divergenceRef = regexp.MustCompile(`^§[^:]*`)

// divergences lists the references (§...) of the x-divergence notes
// under n, for an action's description.
func divergences(n *yaml.Node) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		for i := 0; i+1 < len(n.Content); i++ {
			if n.Kind == yaml.MappingNode && i%2 == 0 && n.Content[i].Value == "x-divergence" {
				note := n.Content[i+1].Value
				if ref := divergenceRef.FindString(note); ref != "" {
					note = ref
				} else if len(note) > 60 {
					note = note[:60] + "…"
				}
				if !seen[note] {
					seen[note] = true
					out = append(out, note+";")
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
	return out
}

// describedFirst is a removal whose description comes before its long
// target.
func describedFirst(target, desc string) *yaml.Node {
	a := action(target, desc, nil, true)
	a.Content[0], a.Content[1], a.Content[2], a.Content[3] = a.Content[2], a.Content[3], a.Content[0], a.Content[1]
	return a
}

func action(target, desc string, update *yaml.Node, remove bool) *yaml.Node {
	a := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{str("target"), str(target), str("description"), str(desc)}}
	if remove {
		a.Content = append(a.Content, str("remove"), &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
	} else {
		a.Content = append(a.Content, str("update"), update)
	}
	return a
}

func (g *bootstrap) encode() ([]byte, error) {
	actions := &yaml.Node{Kind: yaml.SequenceNode}
	if len(g.temp) > 0 {
		g.temp[0].HeadComment = "BEGIN TEMPORARY GROUP: restricts PostHog's whole API to the contract's hog-function and insight\n" +
			"operations. Deleting this group widens the contract to the whole API."
	}
	if len(g.temp) > 0 && len(g.actions) > 0 {
		g.actions[0].HeadComment = "END TEMPORARY GROUP"
	}
	actions.Content = append(append(actions.Content, g.temp...), g.actions...)
	root := &yaml.Node{Kind: yaml.MappingNode, HeadComment: "The mockserver contract as PostHog's own OpenAPI document (testdata/posthog-openapi.yaml) plus\n" +
		"this OpenAPI Overlay 1.0: every correction and every x-mock-* extension is an action here, its\n" +
		"reason in x-divergence. go generate writes openapi.yaml from both; edit this file, not that one.",
		Content: []*yaml.Node{
			str("overlay"), str("1.0.0"),
			str("info"), {Kind: yaml.MappingNode, Content: []*yaml.Node{str("title"), str("PostHog hog functions and insights: the mockserver contract"), str("version"), str("1.0.0")}},
			str("actions"), actions,
		}}
	return overlay.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}})
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

var shorthand = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// sel is the JSONPath selector of a member name.
func sel(k string) string {
	if shorthand.MatchString(k) {
		return "." + k
	}
	return "[" + quote(k) + "]"
}

func quote(k string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(k) + "'"
}

// equal reports whether two nodes hold the same values, as the overlay
// sees them.
func equal(a, b *yaml.Node) bool {
	return reflect.DeepEqual(overlay.Plain(a), overlay.Plain(b))
}
