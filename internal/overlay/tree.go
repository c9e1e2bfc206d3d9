package overlay

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Plain converts a YAML node into the values JSONPath queries run on:
// map[string]any (every key as its text, so that a response code 200 is
// the name "200" as in JSON), []any, string, int64, float64, bool, nil.
func Plain(n *yaml.Node) any {
	n = deref(n)
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return Plain(n.Content[0])
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i < len(n.Content); i += 2 {
			m[n.Content[i].Value] = Plain(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		a := make([]any, len(n.Content))
		for i, c := range n.Content {
			a[i] = Plain(c)
		}
		return a
	}
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		b, _ := strconv.ParseBool(strings.ToLower(n.Value))
		return b
	case "!!int":
		v := strings.ReplaceAll(n.Value, "_", "")
		if i, err := strconv.ParseInt(v, 0, 64); err == nil {
			return i
		}
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return f // beyond int64, as encoding/json would read it
		}
	case "!!float":
		switch strings.ToLower(n.Value) {
		case ".inf", "+.inf":
			return math.Inf(1)
		case "-.inf":
			return math.Inf(-1)
		case ".nan":
			return math.NaN()
		}
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return f
		}
	}
	return n.Value
}

// KeyIndex is the index in m.Content of the key named key, -1 when m is
// not a mapping or has no such key.
func KeyIndex(m *yaml.Node, key string) int {
	if m.Kind != yaml.MappingNode {
		return -1
	}
	for i := 0; i < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// Member follows path from m, one mapping key at a time; nil when a key
// is missing or a node on the way is not a mapping.
func Member(m *yaml.Node, path ...string) *yaml.Node {
	for _, k := range path {
		if m == nil {
			return nil
		}
		i := KeyIndex(m, k)
		if i < 0 {
			return nil
		}
		m = m.Content[i+1]
	}
	return m
}

// clone copies a node of an overlay deeply, so that one update merged
// into several targets leaves them independent. Aliases are expanded: the
// anchors they name are in the overlay, not in the document.
func clone(n *yaml.Node) *yaml.Node {
	n = deref(n)
	c := *n
	c.Anchor = ""
	// Block style, as the document around it; an overlay writes its
	// updates in flow style ({a: 1}) for brevity.
	c.Style &^= yaml.FlowStyle
	if n.Content != nil {
		c.Content = make([]*yaml.Node, len(n.Content))
		for i, e := range n.Content {
			c.Content[i] = clone(e)
		}
	}
	return &c
}

// maxExpanded bounds how many nodes a tree may hold once its aliases are
// written out: a few aliases of aliases can stand for billions of nodes.
const maxExpanded = 5_000_000

// checkAliases refuses a tree whose aliases refer to an enclosing node
// (it has no end once written out) or expand beyond maxExpanded nodes.
// It visits each node once.
func checkAliases(root *yaml.Node) error {
	const inProgress = -1
	sizes := map[*yaml.Node]int{}
	var size func(n *yaml.Node) (int, error)
	size = func(n *yaml.Node) (int, error) {
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		switch s, seen := sizes[n]; {
		case seen && s == inProgress:
			return 0, fmt.Errorf("the alias to anchor %q refers to a node that contains it", n.Anchor)
		case seen:
			return s, nil
		}
		sizes[n] = inProgress
		total := 1
		for _, c := range n.Content {
			s, err := size(c)
			if err != nil {
				return 0, err
			}
			if total += s; total > maxExpanded {
				return 0, fmt.Errorf("its aliases expand to more than %d nodes", maxExpanded)
			}
		}
		sizes[n] = total
		return total, nil
	}
	_, err := size(root)
	return err
}
