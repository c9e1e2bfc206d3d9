package mockserver

import (
	"os"
	"path/filepath"
	"testing"
)

func TestExternalRefsOff(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "schema.yaml"), []byte("type: object\nproperties: {a: {type: string}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fileSpec := filepath.Join(dir, "openapi.yaml")
	if err := os.WriteFile(fileSpec, tiny("/things", "schema.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	urlSpec := filepath.Join(dir, "url.yaml")
	if err := os.WriteFile(urlSpec, tiny("/things", "http://127.0.0.1:1/x.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{fileSpec, urlSpec} {
		if _, err := New(Options{SpecFile: f}); err == nil {
			t.Errorf("%s: loaded with external refs off", filepath.Base(f))
		}
	}
	s, err := New(Options{SpecFile: fileSpec, AllowExternalRefs: true})
	if err != nil {
		t.Fatalf("file ref with --allow-external-refs: %v", err)
	}
	if w := authed(t, s, "GET", "/things", ""); w.Code != 200 {
		t.Errorf("GET /things: %d", w.Code)
	}
	if _, err := New(Options{SpecFile: urlSpec, AllowExternalRefs: true}); err == nil {
		t.Errorf("an unreachable URL ref loaded")
	}
}
