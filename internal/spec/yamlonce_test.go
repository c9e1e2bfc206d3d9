package spec

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"go.yaml.in/yaml/v4"
)

// TestDecodeOnceIsKinOpenAPIsLoad checks that YAML decoded from one parse
// is the document kin-openapi's LoadFromData gives, with the property
// order a separate parse gives: for the YAML documents of the tests, and
// the corpus's JSON documents written as block YAML.
func TestDecodeOnceIsKinOpenAPIsLoad(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/specs/*.yaml")
	files = append(files, "../../testdata/posthog-openapi.yaml", "../../testdata/corpus/dirty/warnings.yaml",
		"../../internal/engine/testdata/prism.yaml", "../../internal/fixtures/testdata/features.yaml")
	for _, dir := range []string{"3.0", "3.1"} {
		js, _ := filepath.Glob("../../testdata/corpus/" + dir + "/*.json")
		files = append(files, js...)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if filepath.Ext(file) == ".json" {
				data = blockYAML(t, data)
			}
			if v := swaggerVersion(data); v != "" {
				t.Skip("Swagger", v)
			}
			got, root := decodeOnce(data)
			if got == nil {
				t.Skip("not decoded from one parse")
			}
			want, err := decode(data, LoadOptions{}, false)
			if err != nil {
				t.Fatalf("decodeOnce read what kin-openapi refuses: %v", err)
			}
			c := &docComparison{got: got, want: want, pairs: map[[2]uintptr]bool{}}
			c.compare(reflect.ValueOf(got), reflect.ValueOf(want), "#")
			for _, d := range c.diffs[:min(len(c.diffs), 10)] {
				t.Error(d)
			}
			gotDoc := &Doc{T: got, keys: propertyKeysOf(got, root)}
			wantDoc := &Doc{T: want, keys: propertyKeysOf(want, yamlKeyTree(data))}
			if want.Components == nil {
				return
			}
			for name, s := range want.Components.Schemas {
				g, w := gotDoc.PropertyOrder(got.Components.Schemas[name].Value), wantDoc.PropertyOrder(s.Value)
				if !slices.Equal(g, w) {
					t.Errorf("schema %s: property order %v, want %v", name, g, w)
				}
			}
		})
	}
}

// TestDecodeOnceRefuses checks the documents decodeOnce leaves to
// kin-openapi: what kin-openapi refuses, and trees that are not plain.
func TestDecodeOnceRefuses(t *testing.T) {
	for name, doc := range map[string]string{
		"null key":      "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths: {}\n~: 1\n",
		"infinite":      "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths: {}\nx-n: .inf\n",
		"alias":         "openapi: 3.0.3\ninfo: &i {title: t, version: v}\npaths: {}\nx-info: *i\n",
		"broken ref":    "openapi: 3.0.3\ninfo: {title: t, version: v}\npaths: {}\ncomponents: {schemas: {a: {$ref: '#/components/schemas/b'}}}\n",
		"not yaml":      "openapi: [\n",
		"not a mapping": "- 1\n",
	} {
		if got, _ := decodeOnce([]byte(doc)); got != nil {
			t.Errorf("%s: decoded", name)
		}
	}
}

// blockYAML writes a JSON document as block YAML, keys in their order.
func blockYAML(t *testing.T, data []byte) []byte {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		t.Fatal(err)
	}
	var unstyle func(*yaml.Node)
	unstyle = func(n *yaml.Node) {
		if n.Kind != yaml.ScalarNode {
			n.Style = 0
		}
		for _, c := range n.Content {
			unstyle(c)
		}
	}
	unstyle(&n)
	out, err := yaml.Marshal(&n)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
