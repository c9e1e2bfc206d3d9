package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"slices"
	"strconv"
)

// Fields returns the object's values for the given top-level keys, for
// readers that look at a few fields of many records (filters): a hot
// record's own map (with every key), or for a cold record a new map
// holding only those of keys the object has, decoded from its bytes
// without decoding (or even scanning) the rest. Never modify the map.
func (r *Record) Fields(keys []string) map[string]any {
	r.mu.Lock()
	obj, raw, table := r.obj, r.raw, r.members
	r.mu.Unlock()
	if obj != nil || raw == nil {
		return obj
	}
	if len(table) == 0 {
		return decodeObject(raw)
	}
	out := make(map[string]any, len(keys))
	for i := 0; i < len(table); i += 4 {
		at := int(binary.LittleEndian.Uint32(table[i:]))
		kEnd := stringEnd(raw, at) + 1
		key, found := wanted(raw[at:kEnd], keys)
		if !found {
			continue
		}
		end := len(raw) - 1 // the closing brace
		if i+4 < len(table) {
			end = int(binary.LittleEndian.Uint32(table[i+4:])) - 1 // the comma
		}
		if v, ok := decodeValue(raw[kEnd+1 : end]); ok { // past the colon
			out[key] = v
		}
	}
	return out
}

// withMembers returns a copy of raw, a compact JSON object as json.Marshal
// writes it, and its member table: where each member starts (its key's
// opening quote), as 4-byte little-endian offsets. Fields reads the table
// to go straight to the members it wants, about twice as fast as scanning
// the members (BenchmarkFieldsCold). Both share one allocation, so that a
// cold record costs the garbage collector one object for them; the JSON's
// capacity ends at its length, so an append to it cannot reach the table.
// An object too large for 32-bit offsets, or empty, gets no table.
func withMembers(raw []byte) (json, members []byte) {
	n := 0
	for i := 1; len(raw) <= math.MaxUint32 && i < len(raw) && raw[0] == '{' && raw[i] == '"'; n++ { // count, then fill
		i = skipMember(raw, i)
	}
	if n == 0 {
		return raw[:len(raw):len(raw)], nil
	}
	buf := make([]byte, len(raw), len(raw)+4*n)
	copy(buf, raw)
	for i := 1; i < len(raw) && raw[i] == '"'; {
		buf = binary.LittleEndian.AppendUint32(buf, uint32(i))
		i = skipMember(raw, i)
	}
	return buf[:len(raw):len(raw)], buf[len(raw):]
}

// skipMember returns where the member after the one at i starts (or the
// closing brace).
func skipMember(raw []byte, i int) int {
	i = skipValue(raw, skipValue(raw, i)+1) // the key, then past ':' the value
	if i < len(raw) && raw[i] == ',' {
		i++
	}
	return i
}

// wanted reports whether the quoted JSON string q is one of keys, without
// allocating unless it is.
func wanted(q []byte, keys []string) (string, bool) {
	if slices.Contains(q, '\\') {
		var key string
		_ = json.Unmarshal(q, &key)
		return key, slices.Contains(keys, key)
	}
	for _, k := range keys {
		if string(q[1:len(q)-1]) == k {
			return k, true
		}
	}
	return "", false
}

// decodeValue decodes one JSON value: strings without escapes, literals
// and numbers directly, anything else with encoding/json.
func decodeValue(b []byte) (any, bool) {
	switch {
	case len(b) >= 2 && b[0] == '"' && !slices.Contains(b, '\\'):
		return string(b[1 : len(b)-1]), true
	case string(b) == "true":
		return true, true
	case string(b) == "false":
		return false, true
	case string(b) == "null":
		return nil, true
	case len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9'):
		f, err := strconv.ParseFloat(string(b), 64)
		return f, err == nil
	}
	var v any
	err := json.Unmarshal(b, &v)
	return v, err == nil
}

// stringEnd returns the index of the quote closing the string that starts
// at b[i].
func stringEnd(b []byte, i int) int {
	for {
		j := bytes.IndexByte(b[i+1:], '"')
		if j < 0 {
			return len(b)
		}
		i += 1 + j
		escapes := 0
		for k := i - 1; b[k] == '\\'; k-- {
			escapes++
		}
		if escapes%2 == 0 {
			return i
		}
	}
}

// skipValue returns the end of the JSON value starting at b[i].
func skipValue(b []byte, i int) int {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			i = stringEnd(b, i)
			if depth == 0 {
				return i + 1
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i // the end of the enclosing object or array
			}
			depth--
			if depth == 0 {
				return i + 1
			}
		case ',', ':', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return i
			}
		}
	}
	return i
}
