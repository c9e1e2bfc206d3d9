package store

import (
	"encoding/json"
	"fmt"
	"reflect"
	"unicode/utf8"
)

// The store holds objects as JSON decoding gives them: nil, bool, float64,
// string (valid UTF-8), []any and map[string]any. Every write normalizes
// to that (Insert the whole object, Update the values fn changed), so that
// a cold record (hot.go) decodes to the very values it was written with.
// Go values of other types are converted as a JSON round trip would
// convert them: ints and the other numbers to float64, []string to []any,
// structs and time.Time to what they encode to, invalid UTF-8 bytes to
// U+FFFD; a YAML mapping's keys that are not strings become their text. A value that does not encode (a NaN, a channel) is kept as is,
// and the record holding it stays hot.

// Normalize returns a deep copy of v normalized to JSON values, as the
// store holds them: what the mock stores or answers has one shape, however
// it was built (an object given to Put, a document's example).
func Normalize(v any) any { return normalizeValue(v) }

// NormalizeObject is Normalize for an object; a nil map gives an empty one.
func NormalizeObject(m map[string]any) map[string]any { return normalizeObject(m) }

// normalizeObject returns a deep copy of m normalized to JSON values. A
// nil map gives an empty one.
func normalizeObject(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = normalizeValue(v)
	}
	return out
}

// normalizeValue returns a deep copy of v normalized to JSON values.
func normalizeValue(v any) any {
	switch t := v.(type) {
	case nil, bool, float64:
		return v // v, not t: no new boxing of the value
	case string:
		if utf8.ValidString(t) {
			return v
		}
	case map[string]any:
		if t == nil {
			return nil // JSON null, as a nil map encodes
		}
		return normalizeObject(t)
	case []any:
		if t == nil {
			return nil
		}
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = normalizeValue(e)
		}
		return out
	case map[any]any:
		// What YAML decoding gives for a mapping with keys that are not
		// strings (a response code 200): JSON names them by their text.
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[fmt.Sprint(k)] = normalizeValue(e)
		}
		return out
	case int:
		return float64(t)
	case int64:
		return float64(t)
	case float32:
		return roundTrip(v) // float32(0.1) encodes as 0.1, not float64(float32(0.1))
	}
	return roundTrip(v)
}

// roundTrip converts v the way encoding and decoding it would, or returns
// it as is if it does not encode.
func roundTrip(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return v
	}
	return out
}

// isNormal reports whether v is already normalized.
func isNormal(v any) bool {
	switch t := v.(type) {
	case nil, bool, float64:
		return true
	case string:
		return utf8.ValidString(t)
	case map[string]any:
		if t == nil {
			return false
		}
		for _, e := range t {
			if !isNormal(e) {
				return false
			}
		}
		return true
	case []any:
		if t == nil {
			return false
		}
		for _, e := range t {
			if !isNormal(e) {
				return false
			}
		}
		return true
	}
	return false
}

// normalizeChanged normalizes, in place, the values of obj that are not
// those of old (the version obj was copied from, already normalized). An
// unchanged value is the very value of old, found in O(1): an Update costs
// what fn changed, not the object's size.
func normalizeChanged(old, obj map[string]any) {
	for k, v := range obj {
		if w, ok := old[k]; ok && Same(v, w) {
			continue
		}
		if !isNormal(v) {
			obj[k] = normalizeValue(v)
		}
	}
}

// Same reports whether two JSON-shaped values are the very same value:
// equal scalars, or the same map or the same slice (same backing array and
// length). Stored values are never modified in place, so the same value
// encodes, renders and checks the same way again. false says nothing: the
// values may still be equal.
func Same(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		return ok && reflect.ValueOf(x).UnsafePointer() == reflect.ValueOf(y).UnsafePointer()
	case []any:
		y, ok := b.([]any)
		return ok && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
	case []string:
		y, ok := b.([]string)
		return ok && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
	case nil, bool, float64, string, int, int64:
		return a == b
	}
	return false
}
