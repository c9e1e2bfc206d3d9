package mediatype

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// Answer and Request are what Concrete makes of "*/*": an answer the mock
// gives is JSON, which every client of a JSON API reads; a body sent to an
// operation that accepts anything is bytes.
const (
	Answer  = "application/json"
	Request = "application/octet-stream"
)

// Concrete turns a declared media type, which may be a range ("image/*",
// "*/*"), into a Content-Type to send; wildcard is what "*/*" becomes (Answer
// or Request).
func Concrete(mt, wildcard string) string {
	base := strings.ToLower(strings.TrimSpace(strings.SplitN(mt, ";", 2)[0]))
	switch {
	case base == "*/*":
		return wildcard
	case base == "image/*":
		return "image/png"
	case base == "text/*":
		return "text/plain"
	case strings.HasSuffix(base, "/*"):
		return strings.TrimSuffix(base, "*") + "octet-stream"
	}
	return mt
}

// Pick chooses the response media type: one the Accept header asks for,
// else JSON, else the first declared (in name order, so that the choice
// does not depend on map order).
func Pick(c openapi3.Content, accept string) (string, *openapi3.MediaType) {
	if len(c) == 0 {
		return "", nil
	}
	names := make([]string, 0, len(c))
	for k := range c {
		names = append(names, k)
	}
	sort.Strings(names)
	if accept != "" && accept != "*/*" {
		for _, part := range strings.Split(accept, ",") {
			want := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
			for _, n := range names {
				if strings.EqualFold(n, want) {
					return n, c[n]
				}
			}
		}
	}
	for _, n := range names {
		if spec.IsJSON(n) && n != "*/*" {
			return n, c[n]
		}
	}
	return names[0], c[names[0]]
}

// Negotiated is the non-JSON media type a response must be rendered in:
// the one the client's Accept names, or the only kind the response
// declares. It is "" when JSON is fine.
func Negotiated(r *openapi3.Response, accept string) (string, *openapi3.MediaType) {
	if r == nil {
		return "", nil
	}
	mt, media := Pick(r.Content, accept)
	if media == nil || spec.IsJSON(Concrete(mt, Answer)) {
		return "", nil
	}
	return Concrete(mt, Answer), media
}

// Render writes a JSON-shaped value in a non-JSON media type: XML for XML
// types, a picture for images, the value's text otherwise.
func Render(mt string, v any, s *openapi3.Schema) []byte {
	base := strings.ToLower(strings.SplitN(mt, ";", 2)[0])
	switch {
	case strings.HasPrefix(base, "image/"):
		return append([]byte(nil), onePixelPNG...)
	case strings.Contains(base, "xml"):
		return renderXML(v, s)
	}
	return []byte(Text(v))
}

// Generate makes the body of a non-JSON media type from its schema, the
// same for the same key.
func Generate(gen *fixtures.Generator, mt string, s *openapi3.Schema, key string) []byte {
	base := strings.ToLower(strings.SplitN(mt, ";", 2)[0])
	switch {
	case strings.HasPrefix(base, "image/"):
		return append([]byte(nil), onePixelPNG...)
	case s != nil && (strings.HasPrefix(base, "text/") || strings.Contains(base, "xml")):
		return Render(mt, gen.Value(s, key, fixtures.Response), s)
	case strings.HasPrefix(base, "text/"):
		return []byte(gen.Faker(key).Sentence(8))
	}
	return []byte(gen.Faker(key).LoremIpsumSentence(8))
}

// Text is a value as text (a text/plain body, a header, a query
// parameter): a string as is, a number in its shortest form, a boolean,
// "" for null, else its JSON.
func Text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
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
				ps = spec.PropertySchema(s, k)
			}
			writeXML(b, k, x[k], ps, depth+1)
		}
		b.WriteString("</" + name + ">")
		return
	}
	b.WriteString("<" + name + ">")
	_ = xml.EscapeText(b, []byte(Text(v)))
	b.WriteString("</" + name + ">")
}

// onePixelPNG is a valid 1×1 transparent PNG (as image/png encodes it):
// an image answer clients can decode.
var onePixelPNG = []byte{0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
	0x11, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x62, 0x62, 0x60, 0x60, 0x60, 0x00, 0x04, 0x00, 0x00, 0xff, 0xff, 0x00, 0x0f,
	0x00, 0x03, 0xfe, 0x8f, 0xeb, 0xcf, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82}
