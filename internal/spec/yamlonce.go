package spec

import (
	"context"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"
)

// decodeOnce decodes YAML written by people from one parse, which gives
// both kin-openapi's document and the key tree for the property order:
// LoadFromData would parse the bytes, and the key tree parse them again.
// It does what LoadFromData does with the node tree (prepare the scalars,
// decode through openapi3.T's UnmarshalYAML, resolve the refs), for a
// plain tree only (keys.go: no aliases, merge keys or $refs outside
// components). It returns nil for anything else, and for a document that
// fails, which is then loaded the usual way so that kin-openapi words the
// error.
func decodeOnce(data []byte) (*openapi3.T, *keyNode) {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil
	}
	top := doc.Content[0]
	if !plain(top, false) || !prepareScalars(top) {
		return nil, nil
	}
	root := fromYAML(top)
	t := &openapi3.T{}
	if doc.Decode(t) != nil {
		return nil, nil
	}
	loader := openapi3.NewLoader()
	loader.Context = context.Background()
	if loader.ResolveRefsIn(t, nil) != nil {
		return nil, nil
	}
	return t, root
}

// prepareScalars is what kin-openapi does to a node tree before decoding
// it, for a tree without aliases: a mapping key names a member, so it is a
// string whatever it looks like (a status code 200); a local tag or a
// timestamp is read as the text written. It reports false for what
// kin-openapi refuses (a null key, an infinite or NaN number).
func prepareScalars(n *yaml.Node) bool {
	switch n.Kind {
	case yaml.ScalarNode:
		if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") || n.Tag == "!!timestamp" {
			n.Tag = "!!str"
		}
		if n.Tag == "!!float" {
			switch strings.ToLower(strings.TrimLeft(n.Value, "+-")) {
			case ".inf", ".nan":
				return false
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode || k.Tag == "!!str" {
				continue
			}
			if k.Tag == "!!null" {
				return false
			}
			k.Tag = "!!str"
		}
	}
	for _, c := range n.Content {
		if !prepareScalars(c) {
			return false
		}
	}
	return true
}
