package spec

import (
	"bytes"
	"encoding/json"
	"strings"
)

// maxKeyDepth bounds the nesting jsonKeyTree follows; a deeper document is
// left to the YAML parser, which has its own bound.
const maxKeyDepth = 10_000

// jsonKeyTree scans a JSON document into its key tree, checking as it goes
// what plain checks of a YAML tree: every $ref a string pointing into
// components with no collection beside it, and no key written twice in an
// object. It returns nil for anything else (not JSON, not plain, nested
// too deep), which is then parsed as YAML.
//
// A YAML parse of a large JSON document costs about what kin-openapi's
// whole load does and builds a tree several times the document's size;
// this scan costs a few percent of that.
func jsonKeyTree(data []byte) *keyNode {
	s := jsonScanner{data: data, line: 1}
	s.space()
	if !s.at('{') {
		return nil
	}
	n, ok := s.value(0)
	if !ok {
		return nil
	}
	s.space()
	if s.i != len(data) {
		return nil
	}
	return n
}

// jsonScanner reads JSON from data[i:], keeping the line it is on (from 1)
// and the offset that line starts at, for the positions of keys.
type jsonScanner struct {
	data            []byte
	i               int
	line, lineStart int
}

// value reads one value: its key tree for an object or an array, nil for
// a scalar; false when the input is not JSON or not plain.
func (s *jsonScanner) value(depth int) (*keyNode, bool) {
	if depth > maxKeyDepth || s.i >= len(s.data) {
		return nil, false
	}
	switch s.data[s.i] {
	case '{':
		return s.object(depth)
	case '[':
		return s.array(depth)
	case '"':
		_, _, ok := s.string()
		return nil, ok
	}
	return nil, s.literal()
}

func (s *jsonScanner) object(depth int) (*keyNode, bool) {
	s.i++
	n := &keyNode{kind: keyMapping}
	var ref, collections bool
	s.space()
	if s.at('}') {
		s.i++
		return n, true
	}
	for {
		at := position{s.line, s.i - s.lineStart + 1}
		name, ok := s.text()
		if !ok {
			return nil, false
		}
		s.space()
		if !s.at(':') {
			return nil, false
		}
		s.i++
		s.space()
		var v *keyNode
		// A reference's $ref is a string; a mapping under that name is a
		// property called "$ref" (Kubernetes' JSONSchemaProps declares one).
		if name == "$ref" && !s.at('{') && !s.at('[') {
			target, ok := s.text()
			if !ok || !componentRef(target) {
				return nil, false
			}
			ref = true
		} else {
			if v, ok = s.value(depth + 1); !ok {
				return nil, false
			}
			collections = collections || v != nil
		}
		n.pairs = append(n.pairs, keyPair{name: name, at: at, value: v})
		s.space()
		if s.at(',') {
			s.i++
			s.space()
			continue
		}
		if !s.at('}') {
			return nil, false
		}
		s.i++
		break
	}
	// 3.1 merges keywords beside a $ref into a new schema, and kin-openapi
	// keeps the last of two equal keys: neither is what the tree says.
	if ref && collections || duplicateKey(n.pairs) {
		return nil, false
	}
	return n, true
}

func (s *jsonScanner) array(depth int) (*keyNode, bool) {
	s.i++
	n := &keyNode{kind: keySequence}
	s.space()
	if s.at(']') {
		s.i++
		return n, true
	}
	for {
		v, ok := s.value(depth + 1)
		if !ok {
			return nil, false
		}
		n.items = append(n.items, v)
		s.space()
		if s.at(',') {
			s.i++
			s.space()
			continue
		}
		if !s.at(']') {
			return nil, false
		}
		s.i++
		return n, true
	}
}

// text reads a string and returns its value.
func (s *jsonScanner) text() (string, bool) {
	start, end, ok := s.string()
	if !ok {
		return "", false
	}
	raw := s.data[start:end]
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw), true
	}
	var v string
	if json.Unmarshal(s.data[start-1:end+1], &v) != nil {
		return "", false
	}
	return v, true
}

// string skips a string and returns where its contents start and end
// (the quotes excluded).
func (s *jsonScanner) string() (start, end int, ok bool) {
	if !s.at('"') {
		return 0, 0, false
	}
	s.i++
	start = s.i
	for s.i < len(s.data) {
		switch c := s.data[s.i]; {
		case c == '"':
			s.i++
			return start, s.i - 1, true
		case c == '\\':
			s.i += 2
		case c < 0x20: // JSON escapes control characters, line breaks among them
			return 0, 0, false
		default:
			s.i++
		}
	}
	return 0, 0, false
}

// literal skips a number, true, false or null.
func (s *jsonScanner) literal() bool {
	for _, word := range []string{"true", "false", "null"} {
		if bytes.HasPrefix(s.data[s.i:], []byte(word)) {
			s.i += len(word)
			return true
		}
	}
	start := s.i
	for s.i < len(s.data) && strings.IndexByte("0123456789+-.eE", s.data[s.i]) >= 0 {
		s.i++
	}
	return s.i > start
}

// space skips JSON's whitespace, counting lines.
func (s *jsonScanner) space() {
	for ; s.i < len(s.data); s.i++ {
		switch s.data[s.i] {
		case ' ', '\t', '\r':
		case '\n':
			s.line++
			s.lineStart = s.i + 1
		default:
			return
		}
	}
}

// at reports whether the next byte is c.
func (s *jsonScanner) at(c byte) bool { return s.i < len(s.data) && s.data[s.i] == c }

// duplicateKey reports whether two pairs have the same name.
func duplicateKey(pairs []keyPair) bool {
	if len(pairs) <= 16 {
		for i := range pairs {
			for j := range i {
				if pairs[i].name == pairs[j].name {
					return true
				}
			}
		}
		return false
	}
	seen := make(map[string]bool, len(pairs))
	for _, p := range pairs {
		if seen[p.name] {
			return true
		}
		seen[p.name] = true
	}
	return false
}
