package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"iter"
	"math"
	"strconv"
	"unicode/utf8"
)

// decodeJSONObject decodes a JSON object into the values encoding/json
// gives for `any` (map[string]any, []any, string, float64, bool, nil), in
// one pass over data, and reports whether data is canonical: the very
// bytes json.Marshal writes for the decoded object (compact, keys sorted
// and unique, strings and numbers written as it writes them). A restored
// object whose bytes are canonical is kept cold as they are, without
// encoding it again (see State.Check).
//
// It is about three times as fast as json.Unmarshal, which scans the whole
// input once to check it and again to decode it, through reflection. Any
// input it does not take is an error; the caller then asks encoding/json,
// for its verdict and its wording.
func decodeJSONObject(data []byte) (obj map[string]any, canonical bool, err error) {
	d := objectDecoder{data: data, canonical: true}
	d.space()
	if d.i >= len(d.data) || d.data[d.i] != '{' {
		return nil, false, errNotObject
	}
	v, err := d.value(0)
	if err != nil {
		return nil, false, err
	}
	d.space()
	if d.i != len(d.data) {
		return nil, false, errSyntax
	}
	return v.(map[string]any), d.canonical, nil
}

// DecodeValue decodes one JSON value as decodeJSONObject decodes the
// values of an object.
func DecodeValue(data []byte) (any, error) {
	d := objectDecoder{data: data}
	v, err := d.value(0)
	if err == nil && d.i != len(data) {
		err = errSyntax
	}
	return v, err
}

// DecodeObject decodes a JSON object as encoding/json does.
func DecodeObject(data []byte) (map[string]any, error) {
	obj, _, err := decodeJSONObject(data)
	return obj, err
}

var (
	errNotObject = errors.New("not a JSON object")
	errSyntax    = errors.New("not valid JSON")
)

// maxDecodeDepth is encoding/json's nesting limit.
const maxDecodeDepth = 10000

type objectDecoder struct {
	data      []byte
	i         int
	canonical bool
	// scan: check the JSON and whether it is canonical, building no
	// value (scanJSONObject).
	scan bool
	// str is the last string read, decoded (it may share data).
	str []byte
	// table, when scanning, collects the member table of the top-level
	// object (withMembers' format).
	table []byte
}

// scanJSONObject is decodeJSONObject without the decoding: it checks data
// as decodeJSONObject does and tells whether it is canonical, allocating
// nothing for an object without escaped strings.
func scanJSONObject(data []byte) (canonical bool, err error) {
	canonical, _, err = scanObjectTable(data, nil)
	return canonical, err
}

// scanObjectTable is scanJSONObject that also appends data's member table
// (withMembers' format) to table, in the same pass: a restored object is
// scanned once, and kept cold with the table that pass made.
func scanObjectTable(data, table []byte) (canonical bool, _ []byte, err error) {
	d := objectDecoder{data: data, canonical: true, scan: true, table: table}
	d.space()
	if d.i >= len(d.data) || d.data[d.i] != '{' {
		return false, table, errNotObject
	}
	if _, err := d.value(0); err != nil {
		return false, table, err
	}
	d.space()
	if d.i != len(d.data) {
		return false, table, errSyntax
	}
	return d.canonical, d.table, nil
}

// space skips white space, which json.Marshal never writes.
func (d *objectDecoder) space() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
			d.canonical = false
		default:
			return
		}
	}
}

func (d *objectDecoder) value(depth int) (any, error) {
	if depth > maxDecodeDepth {
		return nil, errSyntax
	}
	if d.i >= len(d.data) {
		return nil, errSyntax
	}
	switch c := d.data[d.i]; {
	case c == '{':
		return d.object(depth)
	case c == '[':
		return d.array(depth)
	case c == '"':
		return d.string()
	case c == '-' || c >= '0' && c <= '9':
		return d.number()
	case d.literal("true"):
		return true, nil
	case d.literal("false"):
		return false, nil
	case d.literal("null"):
		return nil, nil
	}
	return nil, errSyntax
}

func (d *objectDecoder) literal(lit string) bool {
	if bytes.HasPrefix(d.data[d.i:], []byte(lit)) {
		d.i += len(lit)
		return true
	}
	return false
}

func (d *objectDecoder) object(depth int) (any, error) {
	d.i++ // {
	var m map[string]any
	if !d.scan {
		m = make(map[string]any)
	}
	d.space()
	if d.i < len(d.data) && d.data[d.i] == '}' {
		d.i++
		return m, nil
	}
	var prev []byte
	first := true
	for {
		if d.i >= len(d.data) || d.data[d.i] != '"' {
			return nil, errSyntax
		}
		if d.scan && depth == 0 {
			d.table = binary.LittleEndian.AppendUint32(d.table, uint32(d.i))
		}
		k, err := d.string()
		if err != nil {
			return nil, err
		}
		if !first && bytes.Compare(d.str, prev) <= 0 { // json.Marshal sorts the keys; a duplicate's last value wins
			d.canonical = false
		}
		prev, first = d.str, false
		d.space()
		if d.i >= len(d.data) || d.data[d.i] != ':' {
			return nil, errSyntax
		}
		d.i++
		d.space()
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if !d.scan {
			m[k.(string)] = v
		}
		d.space()
		if d.i >= len(d.data) {
			return nil, errSyntax
		}
		switch d.data[d.i] {
		case ',':
			d.i++
			d.space()
		case '}':
			d.i++
			return m, nil
		default:
			return nil, errSyntax
		}
	}
}

func (d *objectDecoder) array(depth int) (any, error) {
	d.i++ // [
	var a []any
	if !d.scan {
		a = []any{}
	}
	d.space()
	if d.i < len(d.data) && d.data[d.i] == ']' {
		d.i++
		return a, nil
	}
	for {
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if !d.scan {
			a = append(a, v)
		}
		d.space()
		if d.i >= len(d.data) {
			return nil, errSyntax
		}
		switch d.data[d.i] {
		case ',':
			d.i++
			d.space()
		case ']':
			d.i++
			return a, nil
		default:
			return nil, errSyntax
		}
	}
}

// string decodes the string at d.i. One without escapes, HTML characters
// or anything but valid UTF-8 is taken as it is (and is canonical);
// encoding/json decodes the others, and their bytes are canonical when
// json.Marshal writes them back the same.
func (d *objectDecoder) string() (any, error) {
	start := d.i
	plain, ascii := true, true
	j := start + 1
	for ; j < len(d.data); j++ {
		for j < len(d.data) && !stringSpecial[d.data[j]] { // the common bytes, fast
			j++
		}
		if j >= len(d.data) {
			break
		}
		c := d.data[j]
		if c == '"' {
			break
		}
		switch {
		case c == '\\':
			plain = false
			j++
		case c < 0x20:
			return nil, errSyntax
		case c >= utf8.RuneSelf:
			ascii = false
		case c == '<', c == '>', c == '&':
			plain = false
		}
	}
	if j >= len(d.data) {
		return nil, errSyntax
	}
	d.i = j + 1
	tok := d.data[start:d.i]
	if plain && !ascii {
		// json.Marshal escapes U+2028 and U+2029, and replaces invalid UTF-8.
		body := tok[1 : len(tok)-1]
		plain = utf8.Valid(body) && !bytes.Contains(body, []byte("\u2028")) && !bytes.Contains(body, []byte("\u2029"))
	}
	if plain {
		d.str = tok[1 : len(tok)-1]
		if d.scan {
			return nil, nil
		}
		return string(d.str), nil
	}
	var s string
	if err := json.Unmarshal(tok, &s); err != nil {
		return nil, errSyntax
	}
	d.str = []byte(s)
	if d.canonical {
		again, err := json.Marshal(s)
		d.canonical = err == nil && bytes.Equal(again, tok)
	}
	return s, nil
}

// stringSpecial marks the bytes of a string that string looks at: all
// others are taken as they are.
var stringSpecial = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c == '"' || c == '\\' || c < 0x20 || c >= utf8.RuneSelf || c == '<' || c == '>' || c == '&'
	}
	return t
}()

// number decodes the number at d.i, checking JSON's grammar.
func (d *objectDecoder) number() (any, error) {
	start := d.i
	i := d.i
	if d.data[i] == '-' {
		i++
	}
	switch {
	case i < len(d.data) && d.data[i] == '0':
		i++
	case i < len(d.data) && d.data[i] >= '1' && d.data[i] <= '9':
		i = digits(d.data, i)
	default:
		return nil, errSyntax
	}
	integer := true
	if i < len(d.data) && d.data[i] == '.' {
		integer = false
		if j := digits(d.data, i+1); j > i+1 {
			i = j
		} else {
			return nil, errSyntax
		}
	}
	if i < len(d.data) && (d.data[i] == 'e' || d.data[i] == 'E') {
		integer = false
		i++
		if i < len(d.data) && (d.data[i] == '+' || d.data[i] == '-') {
			i++
		}
		if j := digits(d.data, i); j > i {
			i = j
		} else {
			return nil, errSyntax
		}
	}
	d.i = i
	tok := d.data[start:i]
	short := integer && len(tok) <= 15 // in range, and written back as it is read
	if d.scan && short {
		return nil, nil
	}
	f, err := strconv.ParseFloat(string(tok), 64)
	if err != nil {
		return nil, errSyntax // out of range: encoding/json refuses it too
	}
	if d.canonical && !(short && string(tok) != "-0") {
		d.canonical = bytes.Equal(appendFloat(nil, f), tok)
	}
	return f, nil
}

func digits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

// appendFloat writes f as json.Marshal does.
func appendFloat(b []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// Members yields the members of raw, a JSON object as json.Marshal writes
// it: each one's name and its value's bytes. It stops at anything else.
func Members(raw []byte) iter.Seq2[[]byte, []byte] {
	return func(yield func([]byte, []byte) bool) {
		if len(raw) < 2 || raw[0] != '{' {
			return
		}
		for i := 1; i < len(raw) && raw[i] == '"'; {
			kEnd := stringEnd(raw, i) + 1
			if kEnd >= len(raw) || raw[kEnd] != ':' {
				return
			}
			next := skipMember(raw, i)
			end := next
			if raw[end-1] == ',' {
				end--
			}
			name := raw[i+1 : kEnd-1]
			if bytes.IndexByte(name, '\\') >= 0 {
				var s string
				if json.Unmarshal(raw[i:kEnd], &s) != nil {
					return
				}
				name = []byte(s)
			}
			if !yield(name, raw[kEnd+1:end]) {
				return
			}
			i = next
		}
	}
}

// RawObject is an object's JSON as json.Marshal writes it, with its
// member table (withMembers' format) when the scan that checked it made
// one: its members are then found without scanning it again.
type RawObject struct {
	JSON  []byte
	table []byte
}

// NewRawObject returns raw, a JSON object as json.Marshal writes it, with
// its member table.
func NewRawObject(raw []byte) RawObject {
	_, table, err := scanObjectTable(raw, nil)
	if err != nil || len(raw) > math.MaxUint32 {
		table = nil
	}
	return RawObject{JSON: raw, table: table}
}

// Len returns the number of members the member table lists: 0 without
// one.
func (o RawObject) Len() int { return len(o.table) / 4 }

// Member returns the name and the value's bytes of the i-th member of the
// table (0 <= i < Len); ok is false for a name that does not decode.
func (o RawObject) Member(i int) (name, val []byte, ok bool) {
	raw, table := o.JSON, o.table
	at := int(binary.LittleEndian.Uint32(table[4*i:]))
	kEnd := stringEnd(raw, at) + 1
	end := len(raw) - 1 // the closing brace
	if 4*i+4 < len(table) {
		end = int(binary.LittleEndian.Uint32(table[4*i+4:])) - 1 // the comma
	}
	name = raw[at+1 : kEnd-1]
	if bytes.IndexByte(name, '\\') >= 0 {
		var s string
		if json.Unmarshal(raw[at:kEnd], &s) != nil {
			return nil, nil, false
		}
		name = []byte(s)
	}
	return name, raw[kEnd+1 : end], true
}

// Members yields the object's members as Members does, from its member
// table when it has one.
func (o RawObject) Members() iter.Seq2[[]byte, []byte] {
	if len(o.table) == 0 {
		return Members(o.JSON)
	}
	return func(yield func([]byte, []byte) bool) {
		for i := range o.Len() {
			name, val, ok := o.Member(i)
			if !ok || !yield(name, val) {
				return
			}
		}
	}
}
