package spec

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// corpusDocuments are the corpus's JSON documents, plus extra.
func corpusDocuments(t *testing.T, extra ...string) []string {
	t.Helper()
	files, err := filepath.Glob("../../testdata/corpus/3.*/*.json")
	if err != nil {
		t.Fatal(err)
	}
	return append(files, extra...)
}

// scanAgainstYAML runs a subtest per file: prepare turns the file's bytes
// into the document scanned, and check compares where a YAML parse of
// those bytes places each property (want) with where scan does (got). A
// document a YAML parse does not take plainly is skipped: it is loaded
// with origins.
func scanAgainstYAML(t *testing.T, files []string, prepare func(*testing.T, []byte) []byte, scan func([]byte) *keyNode, check func(t *testing.T, want, got propertyKeys)) {
	t.Helper()
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			data := prepare(t, readDocument(t, file))
			doc, err := openapi3.NewLoader().LoadFromData(data)
			if err != nil {
				t.Fatal(err)
			}
			yamlRoot := yamlKeyTree(data)
			if yamlRoot == nil {
				t.Skip("not a plain document: loaded with origins")
			}
			root := scan(data)
			if root == nil {
				t.Fatal("the scan refused a document a YAML parse takes")
			}
			check(t, propertyKeysOf(doc, yamlRoot), propertyKeysOf(doc, root))
		})
	}
}

// refusesAll checks that scan gives no tree for any of docs (by name):
// what it cannot follow is left to the YAML parse.
func refusesAll(t *testing.T, scan func([]byte) *keyNode, docs map[string]string) {
	t.Helper()
	for name, doc := range docs {
		if root := scan([]byte(doc)); root != nil {
			t.Errorf("%s: %q gave a tree", name, doc)
		}
	}
}

// readDocument reads a document, gunzipping a .gz one.
func readDocument(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Ext(name) != ".gz" {
		return data
	}
	r, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if data, err = io.ReadAll(r); err != nil {
		t.Fatal(err)
	}
	return data
}
