package mockserver

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func twoShops(t *testing.T, mo MultiOptions) *Multi {
	t.Helper()
	a := tempSpecFile(t, dxPetsSpec("Shop A", ""))
	b := tempSpecFile(t, dxPetsSpec("Shop B", ownersPaths))
	m, err := NewMulti([]Mount{{Name: "a", Options: Options{SpecFile: a, EmptyState: true}}, {Name: "b", Options: Options{SpecFile: b, EmptyState: true}}}, mo)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// The report covers every mounted document, operations named by mount,
// and the same operation id in two documents is counted apart.
func TestMultiReportCoversEveryDocument(t *testing.T) {
	m := twoShops(t, MultiOptions{})
	call(t, m, "GET", "/a/pets", "")
	call(t, m, "GET", "/a/pets", "")
	if r := call(t, m, "POST", "/a/pets", `{"name":5}`); r.Code != 400 {
		t.Fatalf("bad create: %d", r.Code)
	}
	call(t, m, "GET", "/b/owners", "")
	call(t, m, "GET", "/nowhere", "")

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
	// Each document's own report sees only its requests.
	if got := m.Server("b").Report(); got.Coverage.Operations.Covered != 1 || len(got.Violations) != 0 {
		t.Errorf("b's own report: %+v", got.Coverage.Operations)
	}
	// The admin endpoint answers the same report.
	r := call(t, m, "GET", "/__mock/report", "")
	if r.Code != 200 || !strings.Contains(r.Body.String(), `"b:listOwners"`) || !strings.Contains(r.Body.String(), `"a:createPet"`) {
		t.Errorf("/__mock/report: %d %.300s", r.Code, r.Body.String())
	}
}

// --state with several documents: one file, one section per mount.
func TestMultiStateSavesEveryDocument(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	m := twoShops(t, MultiOptions{StateFile: file})
	call(t, m, "POST", "/a/pets", `{"name":"Rex"}`)
	call(t, m, "POST", "/b/pets", `{"name":"Tom"}`)
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
	again := twoShops(t, MultiOptions{StateFile: file})
	if got := petNames(t, call(t, again, "GET", "/a/pets", "").Body.String()); len(got) != 1 || got[0] != "Rex" {
		t.Errorf("a after restart: %v", got)
	}
	if got := petNames(t, call(t, again, "GET", "/b/pets", "").Body.String()); len(got) != 1 || got[0] != "Tom" {
		t.Errorf("b after restart: %v", got)
	}

	// A one-document state file, or a section for a mount not served, is
	// an error naming the file.
	single := filepath.Join(t.TempDir(), "single.json")
	s, _ := New(Options{Spec: []byte(dxPetsSpec("x", "")), StateFile: single})
	if err := s.SaveState(); err != nil {
		t.Fatal(err)
	}
	a := tempSpecFile(t, dxPetsSpec("Shop A", ""))
	for path, want := range map[string]string{single: "one document's state", file: `section for "b", which is not served`} {
		_, err := NewMulti([]Mount{{Name: "a", Options: Options{SpecFile: a}}}, MultiOptions{StateFile: path})
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", path, err)
		}
	}
}

// Faults injected before a hot reload still apply after it when their
// operation still exists.
func TestFaultsSurviveReload(t *testing.T) {
	path := tempSpecFile(t, dxPetsSpec("Pets v1", ""))
	w, err := NewWatcher(Options{SpecFile: path, EmptyState: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	call(t, w, "POST", "/pets", `{"name":"Rex"}`)
	if err := w.Server().Fail("getPet", Fault{Status: 404, Times: 2}); err != nil {
		t.Fatal(err)
	}
	if r := call(t, w, "GET", "/pets/1", ""); r.Code != 404 {
		t.Fatalf("fault before reload: %d", r.Code)
	}
	writeSpecFile(t, path, dxPetsSpec("Pets v2", ownersPaths))
	if reloaded, err := w.Check(); !reloaded || err != nil {
		t.Fatalf("reload: %v %v", reloaded, err)
	}
	if r := call(t, w, "GET", "/pets/1", ""); r.Code != 404 {
		t.Fatalf("fault after reload: %d %s", r.Code, r.Body.String())
	}
	if r := call(t, w, "GET", "/pets/1", ""); r.Code != 200 {
		t.Fatalf("the fault was used up: %d %s", r.Code, r.Body.String())
	}
}
