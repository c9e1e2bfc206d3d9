// Package spectest loads documents for tests of the packages that read
// them.
package spectest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

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

// Write writes a document to path and, when it replaces one, moves its
// modification time a second past the old one's, so that a watcher that
// polls modification times sees the change even within the file system's
// timestamp resolution.
func Write(tb testing.TB, path, content string) {
	tb.Helper()
	old, _ := os.Stat(path)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
	if old != nil {
		next := old.ModTime().Add(time.Second)
		if err := os.Chtimes(path, next, next); err != nil {
			tb.Fatal(err)
		}
	}
}
