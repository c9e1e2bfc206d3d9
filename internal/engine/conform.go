package engine

import (
	"strconv"

	"github.com/mockserver-go/mockserver/internal/fixtures"
)

// conform shapes a stored object for a response of schema s: writeOnly
// properties removed at every depth, properties a closed schema
// (additionalProperties: false) does not declare dropped, and required
// properties the client never sent (nested readOnly ones, typically)
// generated, deterministically per key. An object that already fits is
// returned unchanged in content. The stored object is not modified.
func (e *Engine) conform(s *schemaT, v any, key string) any {
	return e.conformAt(s, v, key, 0)
}

func (e *Engine) conformAt(s *schemaT, v any, key string, depth int) any {
	if s == nil || depth > 16 {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		closed := s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has &&
			len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) == 0
		var extra *schemaT
		if as := s.AdditionalProperties.Schema; as != nil {
			extra = as.Value
		}
		out := make(map[string]any, len(x))
		for k, val := range x {
			ps := propSchema(s, k)
			switch {
			case ps == nil && closed:
			case ps == nil:
				out[k] = e.conformAt(extra, val, key+"/"+k, depth+1)
			case ps.WriteOnly:
			default:
				out[k] = e.conformAt(ps, val, key+"/"+k, depth+1)
			}
		}
		for _, name := range requiredOf(s, 0) {
			if _, ok := out[name]; ok {
				continue
			}
			if ps := propSchema(s, name); ps != nil && !ps.WriteOnly {
				out[name] = e.gen.Value(ps, key+"/"+name, fixtures.Response)
			}
		}
		return out
	case []any:
		if s.Items == nil || s.Items.Value == nil {
			return v
		}
		out := make([]any, len(x))
		for i, el := range x {
			out[i] = e.conformAt(s.Items.Value, el, key+"/"+strconv.Itoa(i), depth+1)
		}
		return out
	}
	return v
}

// requiredOf lists a schema's required properties, with its allOf
// branches'.
func requiredOf(s *schemaT, depth int) []string {
	if len(s.AllOf) == 0 || depth > 8 {
		return s.Required
	}
	out := append([]string(nil), s.Required...)
	for _, sub := range s.AllOf {
		if sub != nil && sub.Value != nil {
			out = append(out, requiredOf(sub.Value, depth+1)...)
		}
	}
	return out
}
