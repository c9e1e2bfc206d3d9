package overlay

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"
)

// EncodeLoadable writes a YAML node tree as block-style YAML whose
// scalars are written as JSON writes them (every string and key double
// quoted, numbers, true, false, null), in the tree's key order and
// without comments. It is several times faster than the YAML encoder and
// as fast to parse again as the document it came from: it is for a
// document that is loaded, not read by people (JSON on one line would be
// faster to write but parses slowly with a YAML parser). Aliases are
// written out in full; a scalar JSON cannot hold (a YAML timestamp, .inf)
// is written as a string.
func EncodeLoadable(tree *yaml.Node) ([]byte, error) {
	w := loadable{}
	w.buf.Grow(1 << 20)
	n := deref(tree)
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = deref(n.Content[0])
	}
	var err error
	switch {
	case n.Kind == yaml.MappingNode && len(n.Content) > 0:
		err = w.pairs(n, 0, 0)
	case n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode:
		err = w.value(n, 0, 0)
	case n.Kind == yaml.ScalarNode:
		w.scalar(n)
		w.buf.WriteByte('\n')
	default:
		w.buf.WriteString("null\n")
	}
	if err != nil {
		return nil, fmt.Errorf("encoding the overlaid document: %w", err)
	}
	return w.buf.Bytes(), nil
}

type loadable struct{ buf bytes.Buffer }

// maxDepth stops an alias cycle (which YAML allows) from recursing
// forever.
const maxDepth = 10_000

func (w *loadable) pairs(m *yaml.Node, indent, depth int) error {
	for i := 0; i < len(m.Content); i += 2 {
		w.pad(indent)
		writeQuoted(&w.buf, m.Content[i].Value)
		w.buf.WriteByte(':')
		if err := w.value(m.Content[i+1], indent+2, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// value writes n after "key:" or "-": on the same line when it is a
// scalar or empty, else on the next lines, indented.
func (w *loadable) value(n *yaml.Node, indent, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("nested deeper than %d levels (an alias cycle?)", maxDepth)
	}
	n = deref(n)
	switch {
	case n.Kind == yaml.MappingNode && len(n.Content) == 0:
		w.buf.WriteString(" {}\n")
	case n.Kind == yaml.MappingNode:
		w.buf.WriteByte('\n')
		return w.pairs(n, indent, depth)
	case n.Kind == yaml.SequenceNode && len(n.Content) == 0:
		w.buf.WriteString(" []\n")
	case n.Kind == yaml.SequenceNode:
		w.buf.WriteByte('\n')
		for _, c := range n.Content {
			w.pad(indent)
			w.buf.WriteByte('-')
			if err := w.value(c, indent+2, depth+1); err != nil {
				return err
			}
		}
	default:
		w.buf.WriteByte(' ')
		w.scalar(n)
		w.buf.WriteByte('\n')
	}
	return nil
}

func (w *loadable) scalar(n *yaml.Node) {
	switch v := Plain(n).(type) {
	case nil:
		w.buf.WriteString("null")
	case bool:
		w.buf.WriteString(strconv.FormatBool(v))
	case int64:
		w.buf.WriteString(strconv.FormatInt(v, 10))
	case float64:
		switch {
		case math.IsInf(v, 0) || math.IsNaN(v):
			writeQuoted(&w.buf, n.Value)
		case n.ShortTag() == "!!int" && decimal(n.Value):
			w.buf.WriteString(n.Value) // beyond int64: keep every digit
		default:
			w.buf.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
		}
	default:
		writeQuoted(&w.buf, n.Value)
	}
}

func (w *loadable) pad(n int) {
	for range n {
		w.buf.WriteByte(' ')
	}
}

// writeQuoted writes s as a JSON string, which is also a YAML
// double-quoted scalar. Characters YAML does not allow unescaped (C0 and
// C1 controls, DEL, a byte order mark, line and paragraph separators)
// are escaped.
func writeQuoted(buf *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	buf.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f && c != '"' && c != '\\' {
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			if !(r >= 0x80 && r <= 0x9f || r == 0xfeff || r == 0x2028 || r == 0x2029 || r == 0xfffe || r == 0xffff) {
				i += size
				continue
			}
		}
		buf.WriteString(s[start:i])
		switch r {
		case '"', '\\':
			buf.WriteByte('\\')
			buf.WriteByte(c)
		case '\n':
			buf.WriteString(`\n`)
		case '\t':
			buf.WriteString(`\t`)
		case '\r':
			buf.WriteString(`\r`)
		default:
			buf.WriteString(`\u`)
			for shift := 12; shift >= 0; shift -= 4 {
				buf.WriteByte(hex[r>>shift&0xf])
			}
		}
		i += size
		start = i
	}
	buf.WriteString(s[start:])
	buf.WriteByte('"')
}

// decimal reports whether s is an integer as JSON writes it.
func decimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" || s[0] == '0' && len(s) > 1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
