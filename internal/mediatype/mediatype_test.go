package mediatype

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/fixtures"
)

func TestConcrete(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, wildcard, want string }{
		{"*/*", Answer, "application/json"},
		{"*/*", Request, "application/octet-stream"},
		{"image/*", Answer, "image/png"},
		{"text/*", Request, "text/plain"},
		{"application/*", Answer, "application/octet-stream"},
		{"Application/* ; q=1", Answer, "application/octet-stream"},
		{"application/xml; charset=utf-8", Answer, "application/xml; charset=utf-8"},
	} {
		if got := Concrete(tc.in, tc.wildcard); got != tc.want {
			t.Errorf("Concrete(%q, %q) = %q, want %q", tc.in, tc.wildcard, got, tc.want)
		}
	}
}

func content(types ...string) openapi3.Content {
	c := openapi3.Content{}
	for _, mt := range types {
		c[mt] = openapi3.NewMediaType()
	}
	return c
}

// choice is a table case of Pick and Negotiated: the content declared,
// the Accept header sent, and the media type wanted ("": none).
type choice struct {
	name    string
	content openapi3.Content
	accept  string
	want    string
}

// checkChoices runs choose over the cases; a media type is returned
// exactly when one is wanted.
func checkChoices(t *testing.T, name string, choose func(openapi3.Content, string) (string, *openapi3.MediaType), cases []choice) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, media := choose(tc.content, tc.accept)
			if got != tc.want || (media == nil) != (tc.want == "") {
				t.Errorf("%s = %q (media %v), want %q", name, got, media != nil, tc.want)
			}
		})
	}
}

func TestPick(t *testing.T) {
	t.Parallel()
	checkChoices(t, "Pick", Pick, []choice{
		{"nothing declared", nil, "", ""},
		{"json over others without Accept", content("text/csv", "application/json"), "", "application/json"},
		{"json over others with */*", content("text/csv", "application/json"), "*/*", "application/json"},
		{"the Accept named, any case", content("text/CSV", "application/json"), "application/xml, text/csv;q=0.9", "text/CSV"},
		{"Accept naming nothing declared falls back to json", content("text/csv", "application/json"), "image/png", "application/json"},
		{"a range is not json", content("*/*", "text/plain"), "", "*/*"},
		{"first in name order without json", content("text/plain", "application/xml"), "", "application/xml"},
	})
}

func TestNegotiated(t *testing.T) {
	t.Parallel()
	negotiated := func(c openapi3.Content, accept string) (string, *openapi3.MediaType) {
		return Negotiated(openapi3.NewResponse().WithContent(c), accept)
	}
	checkChoices(t, "Negotiated", negotiated, []choice{
		{"json is fine", content("application/json", "application/xml"), "", ""},
		{"asked for xml", content("application/json", "application/xml"), "application/xml", "application/xml"},
		{"only csv declared", content("text/csv"), "", "text/csv"},
		{"a wildcard answers json", content("*/*"), "", ""},
		{"an image range becomes png", content("image/*"), "", "image/png"},
	})
	if mt, media := Negotiated(nil, "text/csv"); mt != "" || media != nil {
		t.Errorf("Negotiated(nil) = %q, %v; want nothing", mt, media)
	}
}

func TestRender(t *testing.T) {
	t.Parallel()
	pet := openapi3.NewObjectSchema().WithProperty("name", openapi3.NewStringSchema()).
		WithProperty("tags", openapi3.NewArraySchema().WithItems(openapi3.NewStringSchema()))
	pet.XML = &openapi3.XML{Name: "Pet"}
	titled := openapi3.NewObjectSchema()
	titled.Title = "Order"
	badTitle := openapi3.NewObjectSchema()
	badTitle.Title = "an order"
	for _, tc := range []struct {
		name   string
		mt     string
		v      any
		schema *openapi3.Schema
		want   string
	}{
		{"xml named by the schema, keys sorted, arrays unwrapped",
			"application/xml", map[string]any{"tags": []any{"a", "b"}, "name": "Rex <1>"}, pet,
			`<Pet><name>Rex &lt;1&gt;</name><tags>a</tags><tags>b</tags></Pet>`},
		{"xml named by the title", "text/xml", map[string]any{"id": 1.5}, titled, `<Order><id>1.5</id></Order>`},
		{"a title that is no element name", "application/xml", map[string]any{}, badTitle, `<root></root>`},
		{"a top-level array is wrapped", "application/xml", []any{true, nil}, nil, `<root><item>true</item><item></item></root>`},
		{"an invalid property name becomes item", "application/xml", map[string]any{"1x": "v"}, nil, `<root><item>v</item></root>`},
		{"text is the value's text", "text/plain; charset=utf-8", 12.0, nil, "12"},
		{"text of an object is its JSON", "text/csv", map[string]any{"a": 1.0}, nil, `{"a":1}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.TrimPrefix(string(Render(tc.mt, tc.v, tc.schema)), `<?xml version="1.0" encoding="UTF-8"?>`+"\n")
			if got != tc.want {
				t.Errorf("Render(%q) = %s, want %s", tc.mt, got, tc.want)
			}
		})
	}
}

func TestImagesArePictures(t *testing.T) {
	t.Parallel()
	gen := fixtures.New(1)
	for _, body := range [][]byte{Render("image/png", "ignored", nil), Generate(gen, "image/jpeg", nil, "k")} {
		if _, err := png.Decode(bytes.NewReader(body)); err != nil {
			t.Errorf("an image answer does not decode: %v", err)
		}
	}
	a, b := Render("image/png", nil, nil), Render("image/png", nil, nil)
	a[0] = 0
	if b[0] == 0 {
		t.Error("Render returns the shared picture: a caller's change shows in the next answer")
	}
}

func TestGenerate(t *testing.T) {
	t.Parallel()
	gen := fixtures.New(1)
	obj := openapi3.NewObjectSchema().WithProperty("id", openapi3.NewIntegerSchema()).WithRequired([]string{"id"})
	xmlBody := string(Generate(gen, "application/xml", obj, "k"))
	if !strings.Contains(xmlBody, "<root><id>") {
		t.Errorf("xml from a schema = %s, want a root element with the id", xmlBody)
	}
	for _, mt := range []string{"text/plain", "application/octet-stream", "application/xml"} {
		a, b := Generate(gen, mt, nil, "same"), Generate(gen, mt, nil, "same")
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("Generate(%q) = %q then %q: want the same non-empty body for the same key", mt, a, b)
		}
	}
}

func TestText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		v    any
		want string
	}{
		{"a b", "a b"}, {3.0, "3"}, {0.25, "0.25"}, {1e21, "1000000000000000000000"}, {false, "false"},
		{nil, ""}, {[]any{1.0, "x"}, `[1,"x"]`},
	} {
		if got := Text(tc.v); got != tc.want {
			t.Errorf("Text(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}
