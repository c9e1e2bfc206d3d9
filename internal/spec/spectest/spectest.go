// Package spectest loads documents for tests of the packages that read
// them.
package spectest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mockserver-go/mockserver/internal/spec"
)

// Load reads and loads the document at path, failing the test when it
// cannot.
func Load(tb testing.TB, path string) *spec.Doc {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := spec.Load(data, spec.LoadOptions{Location: filepath.Base(path)})
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return doc
}

// Parse loads a document given as text, failing the test when it cannot.
func Parse(tb testing.TB, text string) *spec.Doc {
	tb.Helper()
	doc, err := spec.Load([]byte(text), spec.LoadOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}
