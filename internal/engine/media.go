package engine

import (
	"bytes"
	"encoding/xml"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/resource"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// concreteMedia turns a declared response media type, which may be a range
// ("image/*", "*/*"), into the Content-Type to send.
func concreteMedia(mt string) string { return spec.ConcreteMedia(mt) }

// negotiated is the non-JSON media type a response must be rendered in:
// the one the client's Accept names, or the only kind the response
// declares. It is "" when JSON is fine.
func negotiated(r *openapi3.Response, accept string) (string, *openapi3.MediaType) {
	if r == nil {
		return "", nil
	}
	mt, media := pickMedia(r.Content, accept)
	if media == nil || spec.IsJSON(concreteMedia(mt)) {
		return "", nil
	}
	return concreteMedia(mt), media
}

// renderMedia writes a JSON-shaped value in a non-JSON media type: XML for XML
// types, the text for text, a picture for images, the bytes of a string
// (or the value's text) otherwise.
func renderMedia(mt string, v any, s *openapi3.Schema) []byte {
	base := strings.ToLower(strings.SplitN(mt, ";", 2)[0])
	switch {
	case strings.HasPrefix(base, "image/"):
		return append([]byte(nil), onePixelPNG...)
	case strings.Contains(base, "xml"):
		return renderXML(v, s)
	}
	return []byte(resource.ScalarString(v))
}

// renderXML encodes a value as XML, naming elements after the schema's
// xml.name, the property, or "item"/"root".
func renderXML(v any, s *openapi3.Schema) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	root := "root"
	if s != nil && s.XML != nil && s.XML.Name != "" {
		root = s.XML.Name
	} else if s != nil && s.Title != "" && xmlName(s.Title) {
		root = s.Title
	}
	writeXML(&b, root, v, s, 0)
	return b.Bytes()
}

func xmlName(n string) bool {
	if n == "" {
		return false
	}
	for i, r := range n {
		ok := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && (r >= '0' && r <= '9' || r == '-' || r == '.')
		if !ok {
			return false
		}
	}
	return true
}

func writeXML(b *bytes.Buffer, name string, v any, s *openapi3.Schema, depth int) {
	if s != nil && s.XML != nil && s.XML.Name != "" && depth > 0 {
		name = s.XML.Name
	}
	if !xmlName(name) {
		name = "item"
	}
	switch x := v.(type) {
	case []any:
		var is *openapi3.Schema
		if s != nil && s.Items != nil {
			is = s.Items.Value
		}
		wrapped := depth == 0 || (s != nil && s.XML != nil && s.XML.Wrapped)
		if wrapped {
			b.WriteString("<" + name + ">")
		}
		itemName := name
		if wrapped {
			itemName = "item"
		}
		for _, e := range x {
			writeXML(b, itemName, e, is, depth+1)
		}
		if wrapped {
			b.WriteString("</" + name + ">")
		}
		return
	case map[string]any:
		b.WriteString("<" + name + ">")
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			var ps *openapi3.Schema
			if s != nil {
				ps = propSchema(s, k)
			}
			writeXML(b, k, x[k], ps, depth+1)
		}
		b.WriteString("</" + name + ">")
		return
	}
	b.WriteString("<" + name + ">")
	_ = xml.EscapeText(b, []byte(resource.ScalarString(v)))
	b.WriteString("</" + name + ">")
}

// nonJSONValue generates the body of a non-JSON media type from its schema.
func nonJSONValue(gen *fixtures.Generator, mt string, s *openapi3.Schema, key string) []byte {
	base := strings.ToLower(strings.SplitN(mt, ";", 2)[0])
	switch {
	case strings.HasPrefix(base, "image/"):
		return append([]byte(nil), onePixelPNG...)
	case s != nil && (strings.HasPrefix(base, "text/") || strings.Contains(base, "xml")):
		return renderMedia(mt, gen.Value(s, key, fixtures.Response), s)
	case strings.HasPrefix(base, "text/"):
		return []byte(gen.Faker(key).Sentence(8))
	}
	return []byte(gen.Faker(key).LoremIpsumSentence(8))
}
