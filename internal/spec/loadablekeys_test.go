package spec

import (
	"maps"
	"testing"

	"github.com/mockserver-go/mockserver/internal/overlay"
	"go.yaml.in/yaml/v4"
)

// TestLoadableKeyTreeAsYAML writes documents of the corpus, PostHog's and
// the contract in overlay's loadable layout and checks that the line scan
// places every property where a YAML parse of the same bytes does.
func TestLoadableKeyTreeAsYAML(t *testing.T) {
	t.Parallel()
	files := corpusDocuments(t, "../../testdata/posthog-openapi.yaml", "../../openapi.yaml", "../../testdata/corpus/large/zuora.com.json.gz")
	loadable := func(t *testing.T, data []byte) []byte {
		var tree yaml.Node
		if err := yaml.Unmarshal(data, &tree); err != nil {
			t.Fatal(err)
		}
		out, err := overlay.EncodeLoadable(&tree)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	scanAgainstYAML(t, files, loadable, loadableKeyTree, func(t *testing.T, want, got propertyKeys) {
		if !maps.Equal(got, want) {
			t.Fatalf("%d properties placed, want %d, not all at the same places", len(got), len(want))
		}
	})
}

func TestLoadableKeyTree(t *testing.T) {
	t.Parallel()
	doc := "# generated\n\"a\": 1\n\"b\":\n  \"c\":\n    - \"x\"\n    -\n      \"d\": {}\n  \"e\": []\n  \"$f\": \"#/components/schemas/A\"\n"
	root := loadableKeyTree([]byte(doc))
	if root == nil {
		t.Fatal("refused")
	}
	if len(root.pairs) != 2 || root.pairs[1].name != "b" || root.pairs[1].at != (position{3, 1}) {
		t.Fatalf("root pairs %+v", root.pairs)
	}
	b := root.pairs[1].value
	if len(b.pairs) != 3 || b.pairs[0].at != (position{4, 3}) || b.pairs[2].at != (position{9, 3}) {
		t.Fatalf("b's pairs %+v", b.pairs)
	}
	c := b.pairs[0].value
	if c.kind != keySequence || len(c.items) != 2 || c.items[0] != nil || c.items[1].pairs[0].at != (position{7, 7}) {
		t.Fatalf("c %+v", c)
	}
}

// TestLoadableKeyTreeRefuses: a document in another layout, or one the
// walk cannot follow, is left to the YAML parse.
func TestLoadableKeyTreeRefuses(t *testing.T) {
	t.Parallel()
	refusesAll(t, loadableKeyTree, map[string]string{
		"written by people":    "openapi: 3.0.3\ninfo: {}\n",
		"plain key further on": "\"a\":\n  b: 1\n",
		"odd indent":           "\"a\":\n   \"b\": 1\n",
		"flow mapping":         "\"a\": {\"b\": 1}\n",
		"two scalars":          "\"a\": 1 2\n",
		"no final line break":  "\"a\": 1",
		"duplicate key":        "\"a\": 1\n\"a\": 2\n",
		"external ref":         "\"s\":\n  \"$ref\": \"other.yaml#/A\"\n",
		"ref beside a mapping": "\"s\":\n  \"$ref\": \"#/components/schemas/A\"\n  \"properties\": {}\n",
		"ref not a string":     "\"s\":\n  \"$ref\": 1\n",
		"unterminated string":  "\"a\": \"x\n",
	})
}
