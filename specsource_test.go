package mockserver_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
)

func TestEmptyDocumentIsAnError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.yaml")
	blank := filepath.Join(dir, "blank.yaml")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(blank, []byte(" \n\t\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts mockserver.Options
		want string
	}{
		{"empty file", mockserver.Options{SpecFile: empty}, "mockserver: " + empty + " is empty"},
		{"blank file", mockserver.Options{SpecFile: blank}, "mockserver: " + blank + " is empty"},
		{"empty Spec", mockserver.Options{Spec: []byte{}}, "Options.Spec is empty"},
		{"blank Spec", mockserver.Options{Spec: []byte("\n\n")}, "Options.Spec is empty"},
		{"blank document of several", mockserver.Options{Documents: []mockserver.Document{{Name: "a", Spec: []byte(" ")}}},
			"the document in Options.Documents[a].Spec is empty"},
		{"empty file of several", mockserver.Options{Documents: []mockserver.Document{{Name: "a", SpecFile: empty}}}, empty + " is empty"},
	}
	for _, tc := range tests {
		s, err := mockserver.New(tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: New = %v, %v; want an error saying %q", tc.name, s, err, tc.want)
		}
	}
	// Nil is the embedded contract; an empty Spec beside a SpecFile reads
	// the file, as SpecFile has always been read when Spec is empty.
	for _, opts := range []mockserver.Options{{}, {Spec: []byte{}, SpecFile: "openapi.yaml"}} {
		s, err := mockserver.New(opts)
		if err != nil || s.Operations() == 0 {
			t.Errorf("New(%+v): %v", opts, err)
		}
	}
}
