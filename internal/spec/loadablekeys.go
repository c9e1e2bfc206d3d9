package spec

import "bytes"

// loadableKeyTree reads the key tree of a document written by
// overlay.EncodeLoadable (an overlaid document, and the embedded
// contract's loadable form): block YAML, two spaces of indent per level,
// every key a JSON string followed by ':', every scalar as JSON writes it,
// one per line. Its layout says where each key is, so a line scan finds
// what a YAML parse would, for a few percent of the parse. Anything else
// (a document written by people, say) returns nil at its first line that
// does not fit, and is parsed as YAML. It checks what plain checks.
func loadableKeyTree(data []byte) *keyNode {
	s := loadableScanner{jsonScanner{data: data, line: 1}}
	s.comments()
	if s.indent() != 0 || !s.at('"') {
		return nil
	}
	n, ok := s.mapping(0, 0)
	if !ok || s.i != len(data) {
		return nil
	}
	return n
}

// loadableScanner reads lines of EncodeLoadable's output; its strings and
// literals are JSON's.
type loadableScanner struct{ jsonScanner }

// comments skips the comment lines a generated file opens with.
func (s *loadableScanner) comments() {
	for s.at('#') {
		for s.i < len(s.data) && s.data[s.i] != '\n' {
			s.i++
		}
		s.newline()
	}
}

// mapping reads the pairs written at indent, from the start of a line.
func (s *loadableScanner) mapping(indent, depth int) (*keyNode, bool) {
	n := &keyNode{kind: keyMapping}
	var ref, collections bool
	for s.i < len(s.data) && s.indent() == indent && s.peekAfter(indent, '"') {
		at := position{s.line, indent + 1}
		s.i += indent
		name, ok := s.text()
		if !ok || !s.at(':') {
			return nil, false
		}
		s.i++
		v, scalar, ok := s.value(indent+2, depth+1)
		if !ok {
			return nil, false
		}
		if name == "$ref" {
			if v != nil || !componentRef(scalar) {
				return nil, false
			}
			ref = true
		}
		collections = collections || v != nil
		n.pairs = append(n.pairs, keyPair{name: name, at: at, value: v})
	}
	if ref && collections || duplicateKey(n.pairs) {
		return nil, false
	}
	return n, true
}

// sequence reads the items written at indent, from the start of a line.
func (s *loadableScanner) sequence(indent, depth int) (*keyNode, bool) {
	n := &keyNode{kind: keySequence}
	for s.i < len(s.data) && s.indent() == indent && s.peekAfter(indent, '-') {
		s.i += indent + 1
		v, _, ok := s.value(indent+2, depth+1)
		if !ok {
			return nil, false
		}
		n.items = append(n.items, v)
	}
	return n, true
}

// value reads what follows a key's ':' or an item's '-': a scalar, {} or
// [] on the same line, or a mapping or sequence on the lines below,
// indented. It returns the key tree of a collection, or the text of a
// string scalar.
func (s *loadableScanner) value(indent, depth int) (n *keyNode, scalar string, ok bool) {
	if depth > maxKeyDepth {
		return nil, "", false
	}
	if s.at('\n') {
		s.newline()
		switch {
		case s.indent() == indent && s.peekAfter(indent, '"'):
			n, ok = s.mapping(indent, depth)
		case s.indent() == indent && s.peekAfter(indent, '-'):
			n, ok = s.sequence(indent, depth)
		}
		return n, "", ok
	}
	if !s.at(' ') {
		return nil, "", false
	}
	s.i++
	switch {
	case s.at('"'):
		if scalar, ok = s.text(); !ok {
			return nil, "", false
		}
	case bytes.HasPrefix(s.data[s.i:], []byte("{}")):
		n, s.i = &keyNode{kind: keyMapping}, s.i+2
	case bytes.HasPrefix(s.data[s.i:], []byte("[]")):
		n, s.i = &keyNode{kind: keySequence}, s.i+2
	default:
		if !s.literal() {
			return nil, "", false
		}
	}
	if !s.at('\n') {
		return nil, "", false
	}
	s.newline()
	return n, scalar, true
}

// indent counts the spaces at the start of the current line.
func (s *loadableScanner) indent() int {
	n := 0
	for s.i+n < len(s.data) && s.data[s.i+n] == ' ' {
		n++
	}
	return n
}

// peekAfter reports whether the byte indent bytes on is c.
func (s *loadableScanner) peekAfter(indent int, c byte) bool {
	return s.i+indent < len(s.data) && s.data[s.i+indent] == c
}

// newline steps over a line break.
func (s *loadableScanner) newline() {
	if s.at('\n') {
		s.i++
		s.line++
		s.lineStart = s.i
	}
}
