package spec

import (
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestJSONKeyTreeOrdersAsYAML scans every JSON document of the corpus and
// checks that the properties come out in the order a YAML parse of the
// same bytes gives (the columns differ, bytes against characters, but not
// the order).
func TestJSONKeyTreeOrdersAsYAML(t *testing.T) {
	t.Parallel()
	files := corpusDocuments(t, "../../testdata/corpus/large/mailchimp.com.json.gz")
	asRead := func(_ *testing.T, data []byte) []byte { return data }
	scanAgainstYAML(t, files, asRead, jsonKeyTree, func(t *testing.T, want, got propertyKeys) {
		if len(got) != len(want) {
			t.Fatalf("%d properties placed, want %d", len(got), len(want))
		}
		refs := make([]*openapi3.SchemaRef, 0, len(want))
		for ref := range want {
			refs = append(refs, ref)
		}
		byYAML := slices.SortedFunc(slices.Values(refs), func(a, b *openapi3.SchemaRef) int { return comparePositions(want[a], want[b]) })
		byJSON := slices.SortedFunc(slices.Values(refs), func(a, b *openapi3.SchemaRef) int { return comparePositions(got[a], got[b]) })
		for i := range byYAML {
			if byYAML[i] != byJSON[i] {
				t.Fatalf("property %d in document order: JSON scan at %v, YAML parse at %v", i, got[byJSON[i]], want[byYAML[i]])
			}
		}
	})
}

func comparePositions(a, b position) int {
	if a.line != b.line {
		return a.line - b.line
	}
	return a.col - b.col
}

func TestJSONKeyTree(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc string
		want      []keyPair // the root's pairs, values left out
	}{
		{"positions", "{\"a\": 1,\n  \"b\": {\"c\": [true, null, -1.5e3]}}", []keyPair{{name: "a", at: position{1, 2}}, {name: "b", at: position{2, 3}}}},
		{"escaped key", `{"caf\u00e9": "x\"y", "d\/e": 2}`, []keyPair{{name: "café", at: position{1, 2}}, {name: "d/e", at: position{1, 23}}}},
		{"plain ref", `{"s": {"$ref": "#/components/schemas/A", "description": "beside"}}`, []keyPair{{name: "s", at: position{1, 2}}}},
		{"empty", `{}`, nil},
		{"a property named $ref", `{"properties": {"$ref": {"type": "string"}}, "b": 1}`, []keyPair{{name: "properties", at: position{1, 2}}, {name: "b", at: position{1, 46}}}},
	}
	for _, tt := range tests {
		root := jsonKeyTree([]byte(tt.doc))
		if root == nil {
			t.Errorf("%s: refused", tt.name)
			continue
		}
		got := make([]keyPair, len(root.pairs))
		for i, p := range root.pairs {
			got[i] = keyPair{name: p.name, at: p.at}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: pairs %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestJSONKeyTreeRefuses: what the walk cannot follow, or what is not
// JSON, is left to the YAML parse (and then to origins).
func TestJSONKeyTreeRefuses(t *testing.T) {
	t.Parallel()
	refusesAll(t, jsonKeyTree, map[string]string{
		"duplicate key":         `{"a": 1, "a": 2}`,
		"external ref":          `{"s": {"$ref": "other.json#/A"}}`,
		"ref to a path":         `{"s": {"$ref": "#/paths/~1a"}}`,
		"ref beside a mapping":  `{"s": {"$ref": "#/components/schemas/A", "properties": {}}}`,
		"ref not a string":      `{"s": {"$ref": 1}}`,
		"yaml flow":             `{a: 1}`,
		"trailing comma":        `{"a": 1,}`,
		"raw line break":        "{\"a\": \"x\ny\"}",
		"unclosed":              `{"a": [1, 2}`,
		"text after":            `{"a": 1} x`,
		"array at the top":      `[{"a": 1}]`,
		"unterminated string":   `{"a": "x`,
		"bad literal":           `{"a": nope}`,
		"colon missing":         `{"a" 1}`,
		"nested duplicate keys": `{"a": {"b": 1, "c": 2, "b": 3}}`,
	})
}
