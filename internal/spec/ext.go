package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// ErrorFormat is the decoded x-mock-errors extension.
type ErrorFormat struct {
	// Body maps error-body properties to error attributes (type, code,
	// detail, attr, status, title). Empty means application/problem+json.
	Body map[string]string `json:"body"`
	// Kinds override status, type, code and detail per error kind.
	Kinds map[string]ErrorKind `json:"kinds"`
	// Codes map engine violation codes to the contract's codes.
	Codes map[string]string `json:"codes"`
	// Messages are detail templates per violation code, filled with
	// {field}, {expected}, {got} and {max}/{min} where known.
	Messages map[string]string `json:"messages"`
}

// ErrorKind is one entry of x-mock-errors.kinds.
type ErrorKind struct {
	Status int    `json:"status"`
	Type   string `json:"type"`
	Code   string `json:"code"`
	Detail string `json:"detail"`
}

var errorAttrs = map[string]bool{"type": true, "code": true, "detail": true, "attr": true, "status": true, "title": true}

func parseErrorFormat(ext map[string]any) (ErrorFormat, error) {
	var f ErrorFormat
	raw, ok := ext["x-mock-errors"]
	if !ok {
		return f, nil
	}
	if err := decodeExt(raw, &f); err != nil {
		return f, err
	}
	for prop, attr := range f.Body {
		if !errorAttrs[attr] {
			return f, fmt.Errorf("body.%s: unknown error attribute %q (want one of type, code, detail, attr, status, title)", prop, attr)
		}
	}
	return f, nil
}

// resourceExt is the decoded x-mock-resource extension.
type resourceExt struct {
	Name       string   `json:"name"`
	SoftDelete string   `json:"soft-delete"`
	Order      []string `json:"order"`
	Hooks      string   `json:"hooks"`
	PageSize   int      `json:"page-size"`
	Seed       *int     `json:"seed"`
}

func parseResourceExt(raw any) (resourceExt, error) {
	var r resourceExt
	if raw == nil {
		return r, nil
	}
	if s, ok := raw.(string); ok {
		r.Name = s
		return r, nil
	}
	return r, decodeExt(raw, &r)
}

func parseOnInvalid(raw any) (OnInvalid, error) {
	switch v := raw.(type) {
	case nil:
		return OnInvalid{}, nil
	case string:
		switch v {
		case "ignore", "not-found", "reject":
			if v == "reject" {
				v = ""
			}
			return OnInvalid{Action: v}, nil
		}
		return OnInvalid{}, fmt.Errorf("x-mock-on-invalid: unknown value %q (want ignore, not-found, reject or {status, detail})", v)
	default:
		var o struct {
			Status int    `json:"status"`
			Detail string `json:"detail"`
		}
		if err := decodeExt(v, &o); err != nil {
			return OnInvalid{}, fmt.Errorf("x-mock-on-invalid: %w", err)
		}
		if o.Status < 400 || o.Status > 599 {
			return OnInvalid{}, fmt.Errorf("x-mock-on-invalid: status %d is not an error status", o.Status)
		}
		return OnInvalid{Action: "status", Status: o.Status, Detail: o.Detail}, nil
	}
}

var filterOps = map[string]bool{"eq": true, "in": true, "search": true, "contains": true, "contains-any": true, "none": true}

func parseFilter(raw any) (*Filter, error) {
	if raw == nil {
		return nil, nil
	}
	var f struct {
		Field  string   `json:"field"`
		Fields []string `json:"fields"`
		Op     string   `json:"op"`
	}
	if err := decodeExt(raw, &f); err != nil {
		return nil, fmt.Errorf("x-mock-filter: %w", err)
	}
	if f.Op == "" {
		f.Op = "eq"
	}
	if !filterOps[f.Op] {
		return nil, fmt.Errorf("x-mock-filter: unknown op %q (want eq, in, search, contains, contains-any or none)", f.Op)
	}
	if f.Field != "" {
		f.Fields = append([]string{f.Field}, f.Fields...)
	}
	if len(f.Fields) == 0 && f.Op != "none" {
		return nil, fmt.Errorf("x-mock-filter: op %q needs field or fields", f.Op)
	}
	return &Filter{Fields: f.Fields, Op: f.Op}, nil
}

// parseMaxLimit decodes x-mock-max-limit: a positive integer.
func parseMaxLimit(raw any) (int, error) {
	var n float64
	if err := decodeExt(raw, &n); err != nil {
		return 0, fmt.Errorf("want a positive integer: %w", err)
	}
	if n < 1 || n != float64(int(n)) || n > 1<<31 {
		return 0, fmt.Errorf("want a positive integer, not %v", n)
	}
	return int(n), nil
}

func stringExt(ext map[string]any, key string) (string, bool) {
	v, ok := ext[key]
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	return strings.TrimSpace(s), ok && strings.TrimSpace(s) != ""
}

// decodeExt converts an extension value (as decoded by the loader) into a
// typed struct, rejecting unknown keys so typos are reported.
func decodeExt(raw any, into any) error {
	if m, ok := raw.(json.RawMessage); ok {
		return strictUnmarshal(m, into)
	}
	// A scalar into a scalar needs no JSON round trip (which a large
	// document pays on nearly every operation at start-up).
	switch p := into.(type) {
	case *string:
		if s, ok := raw.(string); ok {
			*p = s
			return nil
		}
	case *float64:
		switch n := raw.(type) {
		case float64:
			*p = n
			return nil
		case int:
			*p = float64(n)
			return nil
		}
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return err
	}
	return strictUnmarshal(b, into)
}

func strictUnmarshal(b []byte, into any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(into)
}
