package redact

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// Hidden is what redacting a request found: the fields it hid (nested keys
// joined by "__", as violations name them) and the values it hid, so that
// an answer or a violation echoing them can hide them too.
type Hidden struct {
	Fields []string
	Values []string
}

// minEcho is the shortest hidden value looked for in other text: shorter
// ones would hide unrelated digits and words.
const minEcho = 6

func (h *Hidden) add(field string, v any) {
	if h == nil {
		return
	}
	h.Fields = append(h.Fields, field)
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			if len(x) >= minEcho && x != Mask {
				h.Values = append(h.Values, x)
			}
		case float64:
			if s := strconv.FormatFloat(x, 'f', -1, 64); len(s) >= minEcho {
				h.Values = append(h.Values, s)
			}
		case json.Number:
			if len(x) >= minEcho {
				h.Values = append(h.Values, string(x))
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
}

// Scrub hides the found values wherever they occur in s (text that holds
// one is assumed to echo it).
func (h Hidden) Scrub(s string) string {
	for _, v := range h.Values {
		if strings.Contains(s, v) {
			s = strings.ReplaceAll(s, v, Mask)
		}
	}
	return s
}

// Covers reports whether a field (nested keys joined by "__") is a hidden
// field or lies inside one.
func (h Hidden) Covers(field string) bool {
	for _, f := range h.Fields {
		if field == f || strings.HasPrefix(field, f+"__") {
			return true
		}
	}
	return false
}

// Exchange redacts a request body and its answer as the journal keeps
// them. Secrets the answer flags (a list of inputs marked secret) tell which
// entries of the request are secret, and values hidden in the request (and
// in already, such as the query string's) are hidden where the answer
// echoes them.
func (r *Redactor) Exchange(req, resp []byte, already Hidden) (string, string) {
	learned := r.learn(resp)
	h := already
	reqOut := r.body(req, learned, &h)
	respOut := r.body(resp, nil, nil)
	return reqOut, h.Scrub(respOut)
}

// Request redacts a request body on its own (no answer to learn from) and
// says what it hid.
func (r *Redactor) Request(b []byte) (string, Hidden) {
	var h Hidden
	out := r.body(b, nil, &h)
	return out, h
}

// Body redacts one body on its own.
func (r *Redactor) Body(b []byte) string { return r.body(b, nil, nil) }

// body redacts a JSON body by its structure, anything else as text. It
// returns b unchanged (as a string) when nothing in it is secret.
func (r *Redactor) body(b []byte, learned []map[string]bool, h *Hidden) string {
	if !r.mayHold(string(b)) {
		return string(b)
	}
	v, ok := decode(b)
	if !ok {
		return r.Text(string(b))
	}
	w := walker{r: r, learned: learned, hidden: h}
	if !w.value(v, "") {
		return string(b)
	}
	out, err := json.Marshal(v)
	if err != nil {
		return r.Text(string(b))
	}
	return string(out)
}

func decode(b []byte) (any, bool) {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || (t[0] != '{' && t[0] != '[') {
		return nil, false
	}
	var v any
	if json.Unmarshal(t, &v) != nil {
		return nil, false
	}
	return v, true
}

// learn collects, per flagged declaration, the keys an answer flags as
// secret anywhere in it; nil where it holds no such list.
func (r *Redactor) learn(resp []byte) []map[string]bool {
	if len(r.flagged) == 0 || !r.mayHold(string(resp)) {
		return nil
	}
	v, ok := decode(resp)
	if !ok {
		return nil
	}
	learned := make([]map[string]bool, len(r.flagged))
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for i, f := range r.flagged {
				if list, ok := x[f.List].([]any); ok {
					if learned[i] == nil {
						learned[i] = map[string]bool{}
					}
					for k := range flaggedKeys(list, f.Key, f.Flag) {
						learned[i][k] = true
					}
				}
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return learned
}

func flaggedKeys(list []any, key, flag string) map[string]bool {
	keys := map[string]bool{}
	for _, it := range list {
		item, _ := it.(map[string]any)
		if k, ok := item[key].(string); ok && item[flag] == true {
			keys[k] = true
		}
	}
	return keys
}

type walker struct {
	r       *Redactor
	learned []map[string]bool
	hidden  *Hidden
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "__" + key
}

// value redacts v in place and reports whether it changed anything.
func (w walker) value(v any, path string) bool {
	changed := false
	switch x := v.(type) {
	case map[string]any:
		for i, f := range w.r.flagged {
			if vals, ok := x[f.Values].(map[string]any); ok {
				changed = w.flagged(x, vals, i, f.List, f.Key, f.Flag, join(path, f.Values)) || changed
			}
		}
		for k, e := range x {
			p := join(path, k)
			switch {
			case e == nil || e == Mask:
			case w.r.fields[strings.ToLower(k)]:
				w.hidden.add(p, e)
				x[k] = Mask
				changed = true
			case isCommonSecretName(k):
				if s, ok := e.(string); ok {
					w.hidden.add(p, s)
					x[k] = Mask
					changed = true
				} else {
					changed = w.strings(e, p) || changed
				}
			default:
				changed = w.value(e, p) || changed
			}
		}
	case []any:
		for i, e := range x {
			if s, ok := e.(string); ok {
				if t := w.r.tokens(s); t != s {
					x[i] = t
					changed = true
				}
				continue
			}
			changed = w.value(e, path) || changed
		}
	case string:
		// Strings in place are handled by their container.
	}
	if m, ok := v.(map[string]any); ok {
		for k, e := range m {
			if s, ok := e.(string); ok && s != Mask {
				if t := w.r.tokens(s); t != s {
					m[k] = t
					changed = true
				}
			}
		}
	}
	return changed
}

// flagged hides the entries of vals that the object's list flags as
// secret; without a list, those an answer flagged, and without either,
// every entry: a secret is never kept for want of knowing it is one.
func (w walker) flagged(obj, vals map[string]any, i int, listName, key, flag, path string) bool {
	var secret map[string]bool
	if list, ok := obj[listName].([]any); ok {
		secret = flaggedKeys(list, key, flag)
	} else if w.learned != nil && w.learned[i] != nil {
		secret = w.learned[i]
	}
	changed := false
	for k, e := range vals {
		if secret != nil && !secret[k] {
			continue
		}
		p := join(path, k)
		switch x := e.(type) {
		case nil:
		case map[string]any:
			if in, ok := x["value"]; ok && in != nil && in != Mask {
				w.hidden.add(join(p, "value"), in)
				x["value"] = Mask
				changed = true
			}
		default:
			if e != Mask {
				w.hidden.add(p, e)
				vals[k] = Mask
				changed = true
			}
		}
	}
	return changed
}

// strings hides every string below a credential-named field (numbers and
// booleans under names such as tokens_used are not credentials).
func (w walker) strings(v any, path string) bool {
	changed := false
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && s != Mask {
				w.hidden.add(join(path, k), s)
				x[k] = Mask
				changed = true
				continue
			}
			changed = w.strings(e, join(path, k)) || changed
		}
	case []any:
		for i, e := range x {
			if s, ok := e.(string); ok && s != Mask {
				w.hidden.add(path, s)
				x[i] = Mask
				changed = true
				continue
			}
			changed = w.strings(e, path) || changed
		}
	}
	return changed
}
