package store

// Clone returns a deep copy of a JSON-shaped value: nil, bool, float64,
// string, []any, map[string]any, nested arbitrarily. A few other common
// container shapes ([]map[string]any, []string, map[string]string) are copied
// too; any other value is returned as is, on the assumption that it is an
// immutable scalar (numbers of other types, json.Number, ...).
func Clone(v any) any {
	switch t := v.(type) {
	case map[string]any:
		return CloneObject(t)
	case []any:
		if t == nil {
			return t
		}
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = Clone(e)
		}
		return out
	case []map[string]any:
		if t == nil {
			return t
		}
		out := make([]map[string]any, len(t))
		for i, e := range t {
			out[i] = CloneObject(e)
		}
		return out
	case []string:
		if t == nil {
			return t
		}
		return append([]string(nil), t...)
	case map[string]string:
		if t == nil {
			return t
		}
		out := make(map[string]string, len(t))
		for k, e := range t {
			out[k] = e
		}
		return out
	default:
		return v
	}
}

// CloneObject is Clone for a JSON object. A nil map stays nil.
func CloneObject(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, e := range m {
		out[k] = Clone(e)
	}
	return out
}
