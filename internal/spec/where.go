package spec

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// refLocation finds where the document uses a $ref that a loader error
// names, as "paths./orders.get.responses.200.content.application/json.schema
// (line 13)". It returns "" when the error names no $ref of the document.
func refLocation(data []byte, loadErr error) string {
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil {
		return ""
	}
	msg := loadErr.Error()
	var found []string
	var walk func(n *yaml.Node, path []string)
	walk = func(n *yaml.Node, path []string) {
		if len(found) >= 3 {
			return
		}
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, path)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if k.Value == "$ref" && v.Kind == yaml.ScalarNode && v.Value != "" && refNamed(msg, v.Value) {
					found = append(found, strings.Join(path, ".")+" $ref "+strconv.Quote(v.Value)+" (line "+strconv.Itoa(v.Line)+")")
					continue
				}
				walk(v, append(path[:len(path):len(path)], k.Value))
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, append(path[:len(path):len(path)], strconv.Itoa(i)))
			}
		}
	}
	walk(&root, nil)
	return strings.Join(found, "; ")
}

// refNamed reports whether an error message names the ref (whole, or its
// fragment as the loader quotes it).
func refNamed(msg, ref string) bool {
	if strings.Contains(msg, `"`+ref+`"`) {
		return true
	}
	if i := strings.IndexByte(ref, '#'); i >= 0 && i < len(ref)-1 {
		return strings.Contains(msg, `"`+ref[i:]+`"`)
	}
	return false
}
