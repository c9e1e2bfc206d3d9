package mockserver

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func twoShops(t *testing.T, opts Options) *Server {
	t.Helper()
	a := tempSpecFile(t, petsYAML("Shop A", ""))
	b := tempSpecFile(t, petsYAML("Shop B", ownersPaths))
	opts.EmptyState = true
	opts.Documents = []Document{{Name: "a", SpecFile: a}, {Name: "b", SpecFile: b}}
	m, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// The report covers every mounted document, operations named by mount,
// and the same operation id in two documents is counted apart.
func TestReportCoversEveryDocument(t *testing.T) {
	m := twoShops(t, Options{})
	serve(t, m, "GET", "/a/pets", "")
	serve(t, m, "GET", "/a/pets", "")
	if r := serve(t, m, "POST", "/a/pets", `{"name":5}`); r.Code != 400 {
		t.Fatalf("bad create: %d", r.Code)
	}
	serve(t, m, "GET", "/b/owners", "")
	serve(t, m, "GET", "/nowhere", "")

	rep := m.Report()
	ops := map[string]int{}
	for _, op := range rep.Operations {
		ops[op.ID] = op.Calls
	}
	if len(ops) != 7 || ops["a:listPets"] != 2 || ops["b:listPets"] != 0 || ops["a:createPet"] != 1 || ops["b:listOwners"] != 1 {
		t.Fatalf("operations: %v", ops)
	}
	if c := rep.Coverage.Operations; c.Covered != 3 || c.Total != 7 || c.Percent != 42.9 {
		t.Errorf("operation coverage: %+v", c)
	}
	if rep.Requests != 5 || rep.Undocumented != 1 || rep.ViolationCount != 3 { // name's type, the undeclared 400, the unknown route
		t.Errorf("totals: %d requests, %d undocumented, %d violations", rep.Requests, rep.Undocumented, rep.ViolationCount)
	}
	var found, undoc bool
	for _, v := range rep.Violations {
		found = found || (v.Operation == "a:createPet" && v.Template == "/a/pets" && v.Field == "name")
		undoc = undoc || (v.Operation == "" && v.Code == "unknown_route")
	}
	if !found || !undoc {
		t.Errorf("violations: %+v", rep.Violations)
	}
	// Each document's part of the report holds only its requests.
	if got := m.document("b").report(m.journal, time.Now()); got.Coverage.Operations.Covered != 1 || len(got.Violations) != 0 {
		t.Errorf("b's own report: %+v", got.Coverage.Operations)
	}
	// The admin endpoint answers the same report.
	r := serve(t, m, "GET", "/__mock/report", "")
	if r.Code != 200 || !strings.Contains(r.Body.String(), `"b:listOwners"`) || !strings.Contains(r.Body.String(), `"a:createPet"`) {
		t.Errorf("/__mock/report: %d %.300s", r.Code, r.Body.String())
	}
}

// --state with several documents: one file, one section per mount.
func TestStateFileOfDocuments(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	m := twoShops(t, Options{StateFile: file})
	serve(t, m, "POST", "/a/pets", `{"name":"Rex"}`)
	serve(t, m, "POST", "/b/pets", `{"name":"Tom"}`)
	if err := m.SaveState(); err != nil {
		t.Fatal(err)
	}
	var st struct {
		Format string                     `json:"format"`
		Mounts map[string]json.RawMessage `json:"mounts"`
	}
	data, _ := os.ReadFile(file)
	if err := json.Unmarshal(data, &st); err != nil || st.Format != "mockserver-state-multi" || len(st.Mounts) != 2 {
		t.Fatalf("state file: %v %s", err, data)
	}
	again := twoShops(t, Options{StateFile: file})
	if got := petNames(t, serve(t, again, "GET", "/a/pets", "").Body.String()); len(got) != 1 || got[0] != "Rex" {
		t.Errorf("a after restart: %v", got)
	}
	if got := petNames(t, serve(t, again, "GET", "/b/pets", "").Body.String()); len(got) != 1 || got[0] != "Tom" {
		t.Errorf("b after restart: %v", got)
	}

	// A one-document state file, or a section for a mount not served, is
	// an error naming the file.
	single := filepath.Join(t.TempDir(), "single.json")
	s, _ := New(Options{Spec: []byte(petsYAML("x", "")), StateFile: single})
	if err := s.SaveState(); err != nil {
		t.Fatal(err)
	}
	a := tempSpecFile(t, petsYAML("Shop A", ""))
	for path, want := range map[string]string{single: "one document's state", file: `section for "b", which is not served`} {
		_, err := New(Options{StateFile: path, Documents: []Document{{Name: "a", SpecFile: a}}})
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", path, err)
		}
	}
}

func TestDocumentsAreMountedWithOwnState(t *testing.T) {
	a := tempSpecFile(t, petsYAML("Shop A", ""))
	b := tempSpecFile(t, petsYAML("Shop B", ownersPaths))
	m, err := New(Options{EmptyState: true, Documents: []Document{{Name: "a", SpecFile: a}, {Name: "b", SpecFile: b}}})
	if err != nil {
		t.Fatal(err)
	}
	if r := serve(t, m, "POST", "/a/pets", `{"name":"only in a"}`); r.Code != 201 {
		t.Fatalf("create in a: %d %s", r.Code, r.Body.String())
	}
	if got := petNames(t, serve(t, m, "GET", "/a/pets", "").Body.String()); !hasString(got, "only in a") {
		t.Fatalf("a: %v", got)
	}
	if got := petNames(t, serve(t, m, "GET", "/b/pets", "").Body.String()); len(got) != 0 {
		t.Fatalf("b shares a's state: %v", got)
	}
	if r := serve(t, m, "GET", "/b/owners", ""); r.Code != 200 {
		t.Fatalf("b's own path: %d", r.Code)
	}
	if r := serve(t, m, "GET", "/a/owners", ""); r.Code != 404 {
		t.Fatalf("a answers b's path: %d", r.Code)
	}
	if r := serve(t, m, "GET", "/pets", ""); r.Code != 404 || !strings.Contains(r.Header().Get("Content-Type"), "json") {
		t.Fatalf("outside every mount: %d %v", r.Code, r.Header())
	}
	if r := serve(t, m, "GET", "/", ""); r.Code != 200 || !strings.Contains(r.Body.String(), `"path":"/b/"`) {
		t.Fatalf("GET / should list the mounts: %d %s", r.Code, r.Body.String())
	}
	if m.Operations() != 7 || !strings.Contains(m.Title(), "Shop A (/a)") || !strings.Contains(m.Title(), "Shop B (/b)") {
		t.Fatalf("title %q, %d operations", m.Title(), m.Operations())
	}

	// Admin at /__mock/: one journal (paths as sent), state by document, reset for all.
	var reqs struct {
		Requests []struct {
			Path        string `json:"path"`
			OperationID string `json:"operation_id"`
		} `json:"requests"`
	}
	if err := json.Unmarshal(serve(t, m, "GET", "/__mock/requests", "").Body.Bytes(), &reqs); err != nil {
		t.Fatal(err)
	}
	if len(reqs.Requests) != 7 || reqs.Requests[len(reqs.Requests)-1].Path != "/a/pets" {
		t.Fatalf("shared journal: %+v", reqs.Requests)
	}
	st := serve(t, m, "GET", "/__mock/state", "").Body.String()
	// b was only read, and reads store nothing (docs/limits.md).
	if !strings.Contains(st, `"a:pets"`) || !strings.Contains(st, "only in a") || strings.Contains(st, `"b:pets"`) {
		t.Fatalf("state by document: %s", st)
	}
	// listOwners exists only in b: a's engine would refuse it as unknown.
	if r := serve(t, m, "POST", "/__mock/faults", `{"operation":"listOwners","status":200}`); r.Code != 201 {
		t.Fatalf("fault for b's operation: %d %s", r.Code, r.Body.String())
	}
	if r := serve(t, m, "POST", "/__mock/faults", `{"operation":"nope","status":200}`); r.Code < 400 {
		t.Fatalf("fault for an unknown operation: %d %s", r.Code, r.Body.String())
	}
	if r := serve(t, m, "POST", "/__mock/reset", ""); r.Code != 200 {
		t.Fatalf("reset: %d", r.Code)
	}
	if got := petNames(t, serve(t, m, "GET", "/a/pets", "").Body.String()); len(got) != 0 {
		t.Fatalf("reset did not reach a: %v", got)
	}
	if r := serve(t, m, "GET", "/__mock/", ""); r.Code != 200 || !strings.Contains(r.Body.String(), "Shop A (/a) + Shop B (/b)") {
		t.Fatalf("inspector: %d", r.Code)
	}
}

func TestDocumentsRejectBadNames(t *testing.T) {
	a := tempSpecFile(t, petsYAML("A", ""))
	for _, docs := range [][]Document{
		{{Name: "", SpecFile: a}},
		{{Name: "x/y", SpecFile: a}},
		{{Name: "__mock", SpecFile: a}},
		{{Name: "a", SpecFile: a}, {Name: "a", SpecFile: a}},
		{{Name: "a", SpecFile: a + ".missing"}},
		{{Name: "a"}},
	} {
		if _, err := New(Options{Documents: docs}); err == nil {
			t.Errorf("accepted %+v", docs)
		}
	}
	if _, err := New(Options{SpecFile: a, Documents: []Document{{Name: "a", SpecFile: a}}}); err == nil {
		t.Error("accepted SpecFile and Documents together")
	}
}

func TestDocumentErrorsNameTheDocumentOnce(t *testing.T) {
	t.Parallel()
	_, err := New(Options{Documents: []Document{{Name: "a", SpecFile: filepath.Join(t.TempDir(), "nope.yaml")}}})
	if err == nil {
		t.Fatal("a missing document loaded")
	}
	if msg := err.Error(); !strings.HasPrefix(msg, `mockserver: document "a": `) || strings.Count(msg, "mockserver:") != 1 {
		t.Errorf("error %q: want one prefix, then the document's name", msg)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v does not wrap fs.ErrNotExist", err)
	}
}
