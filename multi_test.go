package mockserver

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestMultiMountsDocumentsWithOwnState(t *testing.T) {
	a := tempSpecFile(t, dxPetsSpec("Shop A", ""))
	b := tempSpecFile(t, dxPetsSpec("Shop B", ownersPaths))
	m, err := NewMulti([]Mount{{Name: "a", Options: Options{SpecFile: a, EmptyState: true}}, {Name: "b", Options: Options{SpecFile: b, EmptyState: true}}}, MultiOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r := call(t, m, "POST", "/a/pets", `{"name":"only in a"}`); r.Code != 201 {
		t.Fatalf("create in a: %d %s", r.Code, r.Body.String())
	}
	if got := petNames(t, call(t, m, "GET", "/a/pets", "").Body.String()); !hasString(got, "only in a") {
		t.Fatalf("a: %v", got)
	}
	if got := petNames(t, call(t, m, "GET", "/b/pets", "").Body.String()); len(got) != 0 {
		t.Fatalf("b shares a's state: %v", got)
	}
	if r := call(t, m, "GET", "/b/owners", ""); r.Code != 200 {
		t.Fatalf("b's own path: %d", r.Code)
	}
	if r := call(t, m, "GET", "/a/owners", ""); r.Code != 404 {
		t.Fatalf("a answers b's path: %d", r.Code)
	}
	if r := call(t, m, "GET", "/pets", ""); r.Code != 404 || !strings.Contains(r.Header().Get("Content-Type"), "json") {
		t.Fatalf("outside every mount: %d %v", r.Code, r.Header())
	}
	if r := call(t, m, "GET", "/", ""); r.Code != 200 || !strings.Contains(r.Body.String(), `"path":"/b/"`) {
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
	if err := json.Unmarshal(call(t, m, "GET", "/__mock/requests", "").Body.Bytes(), &reqs); err != nil {
		t.Fatal(err)
	}
	if len(reqs.Requests) != 7 || reqs.Requests[len(reqs.Requests)-1].Path != "/a/pets" {
		t.Fatalf("shared journal: %+v", reqs.Requests)
	}
	st := call(t, m, "GET", "/__mock/state", "").Body.String()
	if !strings.Contains(st, `"a:pets"`) || !strings.Contains(st, "only in a") || !strings.Contains(st, `"b:pets"`) {
		t.Fatalf("state by document: %s", st)
	}
	// listOwners exists only in b: a's engine would refuse it as unknown.
	if r := call(t, m, "POST", "/__mock/faults", `{"operation":"listOwners","status":200}`); r.Code != 201 {
		t.Fatalf("fault for b's operation: %d %s", r.Code, r.Body.String())
	}
	if r := call(t, m, "POST", "/__mock/faults", `{"operation":"nope","status":200}`); r.Code < 400 {
		t.Fatalf("fault for an unknown operation: %d %s", r.Code, r.Body.String())
	}
	if r := call(t, m, "POST", "/__mock/reset", ""); r.Code != 200 {
		t.Fatalf("reset: %d", r.Code)
	}
	if got := petNames(t, call(t, m, "GET", "/a/pets", "").Body.String()); len(got) != 0 {
		t.Fatalf("reset did not reach a: %v", got)
	}
	if r := call(t, m, "GET", "/__mock/", ""); r.Code != 200 || !strings.Contains(r.Body.String(), "Shop A (/a) + Shop B (/b)") {
		t.Fatalf("inspector: %d", r.Code)
	}
}

func TestMultiRejectsBadMounts(t *testing.T) {
	a := tempSpecFile(t, dxPetsSpec("A", ""))
	for _, ms := range [][]Mount{
		nil,
		{{Name: "x/y", Options: Options{SpecFile: a}}},
		{{Name: "__mock", Options: Options{SpecFile: a}}},
		{{Name: "a", Options: Options{SpecFile: a}}, {Name: "a", Options: Options{SpecFile: a}}},
		{{Name: "a", Options: Options{SpecFile: a + ".missing"}}},
	} {
		if _, err := NewMulti(ms, MultiOptions{}); err == nil {
			t.Errorf("accepted %+v", ms)
		}
	}
}
