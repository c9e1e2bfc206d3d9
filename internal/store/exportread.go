package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// readExportFast reads an export as Export writes it in one pass that
// only finds where each object's bytes are: the objects are decoded later,
// on every CPU, by Check. It reports false, having read nothing, for
// anything it does not expect (another field, a duplicate, an object
// that is not a JSON object...): readExport then reads the document with
// encoding/json, which words the error, if there is one.
func (st *State) readExportFast(ctx context.Context, data []byte) (bool, error) {
	r := exportReader{data: data}
	cols := map[string]map[string]*stateObj{}
	var format, version, collections bool
	ok := r.members(func(name string) bool {
		switch {
		case name == "format" && !format:
			format = true
			s, ok := r.str()
			return ok && s == StateFormat
		case name == "version" && !version:
			version = true
			v := r.token()
			return string(v) == strconv.Itoa(StateVersion)
		case name == "collections" && !collections:
			collections = true
			return r.members(func(key string) bool {
				if cols[key] != nil {
					return false
				}
				col := map[string]*stateObj{}
				cols[key] = col
				seqs := map[uint64]bool{}
				return r.elements(func() bool {
					if st.ord%1024 == 0 && ctx.Err() != nil {
						return false
					}
					o, ok := r.record()
					if !ok || col[o.id] != nil || o.seq != 0 && seqs[o.seq] {
						return false
					}
					seqs[o.seq] = true
					st.ord++
					o.ord = st.ord
					col[o.id] = o
					return true
				})
			})
		}
		return false
	})
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("store: import: stopped after %d objects: %w", st.ord, context.Cause(ctx))
	}
	r.space()
	if !ok || !format || !version || r.i != len(data) {
		st.ord = 0
		return false, nil
	}
	st.cols = cols
	st.export = data
	return true, nil
}

// exportReader reads the structure of an export; its methods report false
// where the bytes are not what Export writes.
type exportReader struct {
	data []byte
	i    int
}

func (r *exportReader) space() {
	for r.i < len(r.data) && (r.data[r.i] == ' ' || r.data[r.i] == '\n' || r.data[r.i] == '\t' || r.data[r.i] == '\r') {
		r.i++
	}
}

func (r *exportReader) next(c byte) bool {
	r.space()
	if r.i < len(r.data) && r.data[r.i] == c {
		r.i++
		return true
	}
	return false
}

// members reads an object, calling member for each member's name with the
// reader at its value.
func (r *exportReader) members(member func(name string) bool) bool {
	if !r.next('{') {
		return false
	}
	if r.next('}') {
		return true
	}
	for {
		name, ok := r.str()
		if !ok || !r.next(':') || !member(name) {
			return false
		}
		if r.next('}') {
			return true
		}
		if !r.next(',') {
			return false
		}
	}
}

// elements reads an array, calling element with the reader at each one.
func (r *exportReader) elements(element func() bool) bool {
	if !r.next('[') {
		return false
	}
	if r.next(']') {
		return true
	}
	for {
		if !element() {
			return false
		}
		if r.next(']') {
			return true
		}
		if !r.next(',') {
			return false
		}
	}
}

// str reads a string.
func (r *exportReader) str() (string, bool) {
	r.space()
	if r.i >= len(r.data) || r.data[r.i] != '"' {
		return "", false
	}
	end := stringEnd(r.data, r.i)
	if end >= len(r.data) {
		return "", false
	}
	tok := r.data[r.i : end+1]
	r.i = end + 1
	if utf8.Valid(tok) && !bytes.ContainsAny(tok, "\\\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f") {
		return string(tok[1 : len(tok)-1]), true
	}
	var s string
	return s, json.Unmarshal(tok, &s) == nil
}

// token reads a number or a literal.
func (r *exportReader) token() []byte {
	r.space()
	start := r.i
	for r.i < len(r.data) && bytes.IndexByte([]byte("-+.eE0123456789truefalsn"), r.data[r.i]) >= 0 {
		r.i++
	}
	return r.data[start:r.i]
}

// record reads one record of a collection; its object is only delimited.
func (r *exportReader) record() (*stateObj, bool) {
	o := &stateObj{}
	var id, obj, hidden, seq bool
	ok := r.members(func(name string) bool {
		switch {
		case name == "id" && !id:
			id = true
			s, ok := r.str()
			o.id = s
			return ok && s != ""
		case name == "obj" && !obj:
			obj = true
			var ok bool
			o.raw, ok = r.object()
			return ok
		case name == "hidden" && !hidden:
			hidden = true
			var ok bool
			o.hidden, ok = r.boolean()
			return ok
		case name == "seq" && !seq:
			seq = true
			var ok bool
			o.seq, ok = r.seq()
			return ok
		}
		return false
	})
	return o, ok && id && obj
}

// readLogLine reads a line of a change log as the log writes it, without
// encoding/json, its object only delimited (as record does); false, for
// anything else, leaves it to encoding/json, which words the error if
// there is one.
func readLogLine(line []byte) (logLine, bool) {
	r := exportReader{data: line}
	var l logLine
	var op, key, id, obj, hidden, seq bool
	ok := r.members(func(name string) bool {
		var ok bool
		switch {
		case name == "op" && !op:
			op = true
			l.Op, ok = r.str()
		case name == "key" && !key:
			key = true
			l.Key, ok = r.str()
		case name == "id" && !id:
			id = true
			l.ID, ok = r.str()
		case name == "obj" && !obj:
			obj = true
			if l.Obj, ok = r.object(); ok {
				_, err := scanJSONObject(l.Obj)
				ok = err == nil
			}
		case name == "hidden" && !hidden:
			hidden = true
			l.Hidden, ok = r.boolean()
		case name == "seq" && !seq:
			seq = true
			l.Seq, ok = r.seq()
		}
		return ok
	})
	r.space()
	return l, ok && r.i == len(r.data)
}

// object delimits the JSON object that starts at the reader (after
// spaces) without decoding it; false if none starts there.
func (r *exportReader) object() ([]byte, bool) {
	r.space()
	if r.i >= len(r.data) || r.data[r.i] != '{' {
		return nil, false
	}
	end := skipValue(r.data, r.i)
	if end > len(r.data) {
		// cut short inside a string: a line a crash left half written
		return nil, false
	}
	raw := r.data[r.i:end:end]
	r.i = end
	return raw, true
}

// boolean reads true or false.
func (r *exportReader) boolean() (v, ok bool) {
	switch string(r.token()) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// seq reads a sequence number as the writer writes it: digits without a
// leading zero.
func (r *exportReader) seq() (uint64, bool) {
	tok := r.token()
	n, err := strconv.ParseUint(string(tok), 10, 64)
	return n, err == nil && (tok[0] != '0' || len(tok) == 1)
}
