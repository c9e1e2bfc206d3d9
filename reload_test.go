package mockserver

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReloadKeepsStateAndJournal(t *testing.T) {
	path := tempSpecFile(t, petsYAML("Pets v1", ""))
	s, err := New(Options{SpecFile: path, EmptyState: true})
	if err != nil {
		t.Fatal(err)
	}
	if r := serve(t, s, "POST", "/pets", `{"name":"Rex"}`); r.Code != 201 {
		t.Fatalf("create: %d %s", r.Code, r.Body.String())
	}
	if r := serve(t, s, "GET", "/owners", ""); r.Code != 404 {
		t.Fatalf("owners before reload: %d", r.Code)
	}

	// A new resource appears; pets keep their state; the journal is kept.
	writeSpecFile(t, path, petsYAML("Pets v2", ownersPaths))
	next, got, err := s.Reload(false)
	if err != nil {
		t.Fatal(err)
	}
	if next.Title() != "Pets v2" {
		t.Fatalf("title %q", next.Title())
	}
	if r := serve(t, next, "GET", "/owners", ""); r.Code != 200 {
		t.Fatalf("owners after reload: %d %s", r.Code, r.Body.String())
	}
	if r := serve(t, next, "GET", "/pets", ""); !hasString(petNames(t, r.Body.String()), "Rex") {
		t.Fatalf("state lost on reload: %s", r.Body.String())
	}
	if n := len(next.Requests()); n != 4 {
		t.Fatalf("journal across the reload has %d requests, want 4", n)
	}
	if !slices.Contains(got.StateKept, "pets") {
		t.Fatalf("kept %+v", got)
	}

	// A broken edit is an error saying where; the last good server still answers.
	writeSpecFile(t, path, petsYAML("Pets v3", ownersPaths)+"  broken: [unclosed\n")
	if _, _, err := next.Reload(false); err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "line") {
		t.Fatalf("broken edit: %v", err)
	}
	if r := serve(t, next, "GET", "/owners", ""); r.Code != 200 {
		t.Fatalf("last good version: %d", r.Code)
	}

	// A resource that disappears loses its state.
	writeSpecFile(t, path, strings.Replace(petsYAML("Pets v4", ownersPaths), "  /pets:", "  /cats:", 1))
	last, got, err := next.Reload(false)
	if err != nil {
		t.Fatal(err)
	}
	if r := serve(t, last, "GET", "/pets", ""); r.Code != 404 {
		t.Fatalf("/pets after removal: %d", r.Code)
	}
	if !slices.Contains(got.StateDropped, "pets") {
		t.Errorf("dropped %+v", got)
	}
}

func TestReloadFreshStateReadsTheFixtures(t *testing.T) {
	path := tempSpecFile(t, petsYAML("Pets", ""))
	dir := t.TempDir()
	fx := filepath.Join(dir, "pets.json")
	writeSpecFile(t, fx, `{"resource":"pets","objects":[{"id":1,"name":"Ada"}]}`)
	s, err := New(Options{SpecFile: path, FixturesDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if got := petNames(t, serve(t, s, "GET", "/pets", "").Body.String()); len(got) != 1 || got[0] != "Ada" {
		t.Fatalf("fixtures: %v", got)
	}
	writeSpecFile(t, fx, `{"resource":"pets","objects":[{"id":1,"name":"Ada"},{"id":2,"name":"Grace"}]}`)
	next, got, err := s.Reload(true)
	if err != nil {
		t.Fatal(err)
	}
	if names := petNames(t, serve(t, next, "GET", "/pets", "").Body.String()); len(names) != 2 || names[1] != "Grace" {
		t.Fatalf("fixtures after reload: %v", names)
	}
	if len(got.StateKept)+len(got.StateDropped) != 0 {
		t.Errorf("a fresh state adopts nothing: %+v", got)
	}
	// A bad fixture file is an error naming it.
	writeSpecFile(t, fx, `{"resource":"pets","objects":[{"id":"x","name":7}]}`)
	if _, _, err := next.Reload(true); err == nil || !strings.Contains(err.Error(), "pets.json") {
		t.Fatalf("bad fixture: %v", err)
	}
}

// Faults injected before a hot reload still apply after it when their
// operation still exists.
func TestFaultsSurviveReload(t *testing.T) {
	path := tempSpecFile(t, petsYAML("Pets v1", ""))
	s, err := New(Options{SpecFile: path, EmptyState: true})
	if err != nil {
		t.Fatal(err)
	}
	serve(t, s, "POST", "/pets", `{"name":"Rex"}`)
	if err := s.Fail("getPet", Fault{Status: 404, Times: 2}); err != nil {
		t.Fatal(err)
	}
	if r := serve(t, s, "GET", "/pets/1", ""); r.Code != 404 {
		t.Fatalf("fault before reload: %d", r.Code)
	}
	writeSpecFile(t, path, petsYAML("Pets v2", ownersPaths))
	next, got, err := s.Reload(false)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(got.FaultsKept, "getPet") {
		t.Errorf("faults kept: %+v", got)
	}
	if r := serve(t, next, "GET", "/pets/1", ""); r.Code != 404 {
		t.Fatalf("fault after reload: %d %s", r.Code, r.Body.String())
	}
	if r := serve(t, next, "GET", "/pets/1", ""); r.Code != 200 {
		t.Fatalf("the fault was used up: %d %s", r.Code, r.Body.String())
	}
}

// With several documents, a reload keeps each document's state and names
// what it kept by document.
func TestReloadOfDocuments(t *testing.T) {
	m := twoShops(t, Options{})
	serve(t, m, "POST", "/b/pets", `{"name":"Tom"}`)
	next, got, err := m.Reload(false)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(got.StateKept, "b:pets") {
		t.Errorf("kept %+v", got)
	}
	if names := petNames(t, serve(t, next, "GET", "/b/pets", "").Body.String()); len(names) != 1 || names[0] != "Tom" {
		t.Errorf("b after reload: %v", names)
	}
}
