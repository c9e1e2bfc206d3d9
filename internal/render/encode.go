package render

import (
	"math"
	"sort"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/spec"
)

type schemaT = openapi3.Schema

// Encoder writes JSON-shaped values with object keys in the schema's
// property order (the order the real API serializes in), then any other
// keys sorted. No reflection: values are the decoded JSON types only.
type Encoder struct {
	doc    *spec.Doc // says the property order
	orders sync.Map  // *openapi3.Schema -> []string
	pool   sync.Pool
}

// NewEncoder returns an encoder that writes properties in doc's order.
func NewEncoder(doc *spec.Doc) *Encoder {
	return &Encoder{doc: doc, pool: sync.Pool{New: func() any { b := make([]byte, 0, 2048); return &b }}}
}

// Encode writes v in s's property order into a new slice.
func (e *Encoder) Encode(v any, s *schemaT) []byte {
	bp := e.pool.Get().(*[]byte)
	buf := e.value((*bp)[:0], v, s, 0)
	out := append([]byte(nil), buf...)
	*bp = buf
	e.pool.Put(bp)
	return out
}

// EncodeAround encodes a list page around its items' encodings, which it
// does not copy: env is the envelope (an object whose property prop is
// the list), or nil for a bare array (prop ""). It returns the parts of
// the body: the encoding up to the list's '[', the items with commas
// between them, then the rest from its ']'. size is the envelope's
// expected size. env[prop] is overwritten.
func (e *Encoder) EncodeAround(env map[string]any, s *schemaT, prop string, items RawArray, size int) [][]byte {
	var b []byte
	open := 0 // where the list's "[]" is in b
	if env == nil {
		b = append(make([]byte, 0, 3), "[]"...)
	} else {
		env[prop] = RawArray(nil) // written "[]", spanned
		spans := make([]span, 0, len(env))
		b = e.object(make([]byte, 0, size+1), env, s, 0, &spans)
		for _, sp := range spans {
			if sp.key == prop {
				open = sp.start
			}
		}
	}
	b = append(b, ',') // the items' separator, past the encoding
	comma, enc := b[len(b)-1:], b[:len(b)-1]
	parts := make([][]byte, 0, 2*len(items)+1)
	parts = append(parts, enc[:open+1])
	for i, it := range items {
		if i > 0 {
			parts = append(parts, comma)
		}
		parts = append(parts, it)
	}
	return append(parts, enc[open+1:])
}

// Order is s's property order, as the document declares it.
func (e *Encoder) Order(s *schemaT) []string {
	if o, ok := e.orders.Load(s); ok {
		return o.([]string)
	}
	o := e.doc.PropertyOrder(s)
	e.orders.Store(s, o)
	return o
}

func (e *Encoder) value(b []byte, v any, s *schemaT, depth int) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		if x {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case float64:
		return appendFloat(b, x)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case string:
		return appendString(b, x)
	case RawArray:
		b = append(b, '[')
		for i, el := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, el...)
		}
		return append(b, ']')
	case []any:
		var is *schemaT
		if s != nil && s.Items != nil {
			is = s.Items.Value
		}
		b = append(b, '[')
		for i, el := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.value(b, el, is, depth+1)
		}
		return append(b, ']')
	case map[string]any:
		return e.object(b, x, s, depth, nil)
	case []string:
		b = append(b, '[')
		for i, el := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, el)
		}
		return append(b, ']')
	default:
		return appendString(b, "<unsupported value>")
	}
}

// object writes m; spans, when not nil, receives where each property's
// value is written (a rendering's top level: see encodeFrom).
func (e *Encoder) object(b []byte, m map[string]any, s *schemaT, depth int, spans *[]span) []byte {
	s = branchFor(s, m)
	b = append(b, '{')
	first := true
	written := 0
	if s != nil {
		for _, k := range e.Order(s) {
			v, ok := m[k]
			if !ok {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = appendString(b, k)
			b = append(b, ':')
			start, ps := len(b), propSchema(s, k)
			b = e.value(b, v, ps, depth+1)
			if spans != nil {
				*spans = append(*spans, span{key: k, s: ps, start: start, end: len(b)})
			}
			written++
		}
	}
	if written < len(m) {
		rest := make([]string, 0, len(m)-written)
		for k := range m {
			if s == nil || propSchema(s, k) == nil {
				rest = append(rest, k)
			}
		}
		sort.Strings(rest)
		var as *schemaT
		if s != nil && s.AdditionalProperties.Schema != nil {
			as = s.AdditionalProperties.Schema.Value
		}
		for _, k := range rest {
			if !first {
				b = append(b, ',')
			}
			first = false
			b = appendString(b, k)
			b = append(b, ':')
			start := len(b)
			b = e.value(b, m[k], as, depth+1)
			if spans != nil {
				*spans = append(*spans, span{key: k, s: as, start: start, end: len(b)})
			}
		}
	}
	return append(b, '}')
}

// branchFor picks, for a schema made only of anyOf/oneOf alternatives, the
// first alternative whose required properties the object has, so its keys
// are written in that alternative's order.
func branchFor(s *schemaT, m map[string]any) *schemaT {
	if s == nil || len(s.Properties) > 0 || len(s.AllOf) > 0 {
		return s
	}
	for _, alts := range []openapi3.SchemaRefs{s.AnyOf, s.OneOf} {
	next:
		for _, a := range alts {
			if a == nil || a.Value == nil {
				continue
			}
			for _, r := range a.Value.Required {
				if _, ok := m[r]; !ok {
					continue next
				}
			}
			return a.Value
		}
	}
	return s
}

// propSchema finds a property's schema, looking into allOf branches.
func propSchema(s *schemaT, name string) *schemaT { return spec.PropertySchema(s, name) }

func appendFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...)
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e21 {
		return strconv.AppendFloat(b, f, 'f', -1, 64)
	}
	abs := math.Abs(f)
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		return strconv.AppendFloat(b, f, 'e', -1, 64)
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}

const hex = "0123456789abcdef"

// appendString writes a JSON string the way encoding/json does (without
// HTML escaping), replacing invalid UTF-8 with U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// RawArray is a JSON array of already-encoded elements (a list's items),
// written as they are.
type RawArray [][]byte
