package mockserver

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
)

const petsSpec = "testdata/ci/pets.yaml"

func TestReportRecordsEveryConsumerViolation(t *testing.T) {
	stopped := 0
	s, err := New(Options{SpecFile: petsSpec, JournalSize: 2, OnStop: func() { stopped++ }})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		serve(t, s, "GET", "/pets/?limit=abc", "")
	}
	serve(t, s, "POST", "/pets/", `{"kind":"cat"}`)      // missing required name
	serve(t, s, "GET", "/nope", "")                      // undocumented path
	serve(t, s, "PATCH", "/pets/1/", `{}`)               // undocumented method
	serve(t, s, "GET", "/pets/999/", "")                 // the mock's 404 breaks its declared schema
	serve(t, s, "GET", "/pets/1/", "", "X-Trace", "abc") // clean
	if n := len(s.Requests()); n != 2 {
		t.Fatalf("journal kept %d requests, want 2 (it wraps)", n)
	}
	r := s.Report()
	if r.ViolationCount != 9 || r.Requests != 10 || r.Undocumented != 2 {
		t.Errorf("report counts %d violations in %d requests (%d undocumented), want 9 in 10 (2)", r.ViolationCount, r.Requests, r.Undocumented)
	}
	type key struct{ op, in, field, code string }
	got := map[key]int{}
	for _, v := range r.Violations {
		got[key{v.Operation, v.In, v.Field, v.Code}] = v.Count
	}
	want := map[key]int{
		{"pets_list", "query", "limit", "type"}:              5,
		{"pets_create", "body", "name", "required"}:          1,
		{"", "route", "", "unknown_route"}:                   1,
		{"", "method", "", "method_not_allowed"}:             1,
		{"pets_retrieve", "response", "message", "required"}: 1,
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("violation %+v counted %d, want %d (all: %+v)", k, got[k], n, got)
		}
	}
	if r.Coverage.Operations.Covered != 3 || r.Coverage.Params.Covered != 2 {
		t.Errorf("coverage = %+v", r.Coverage)
	}

	// The admin endpoints serve the same report.
	w := serve(t, s, "GET", "/__mock/report", "")
	var js struct {
		ViolationCount int `json:"violation_count"`
	}
	if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &js) != nil || js.ViolationCount != 9 {
		t.Errorf("GET /__mock/report = %d %s", w.Code, w.Body.String())
	}
	w = serve(t, s, "GET", "/__mock/report?format=junit", "")
	var x struct {
		Failures int `xml:"failures,attr"`
	}
	if w.Code != 200 || xml.Unmarshal(w.Body.Bytes(), &x) != nil || x.Failures != 5 {
		t.Errorf("GET /__mock/report?format=junit = %d %s", w.Code, w.Body.String())
	}
	if w = serve(t, s, "GET", "/__mock/report?format=pdf", ""); w.Code != 400 {
		t.Errorf("bad format = %d", w.Code)
	}
	if w = serve(t, s, "POST", "/__mock/stop", ""); w.Code != 202 || stopped != 1 {
		t.Errorf("POST /__mock/stop = %d, OnStop called %d times", w.Code, stopped)
	}
	s.ResetJournal()
	if r := s.Report(); r.ViolationCount != 0 || len(r.Violations) != 0 {
		t.Errorf("ResetJournal kept %d violations", r.ViolationCount)
	}
}

// A body refused before the engine answers (413) is still reported under
// the operation its path matches, not as an undocumented request.
func TestPayloadTooLargeNamesItsOperation(t *testing.T) {
	s := newHardServer(t, Options{MaxBody: 64, EmptyState: true})
	w := authed(t, s, "POST", hfList, `{"name":"`+strings.Repeat("x", 100)+`"}`)
	if w.Code != 413 {
		t.Fatalf("status %d", w.Code)
	}
	w = authed(t, s, "POST", "/api/nowhere/", `{"name":"`+strings.Repeat("x", 100)+`"}`)
	if w.Code != 413 {
		t.Fatalf("unknown path: status %d", w.Code)
	}
	reqs := s.Requests()
	if len(reqs) != 2 || reqs[0].OperationID != "hog_functions_create" || reqs[1].OperationID != "" {
		t.Fatalf("journal: %+v", reqs)
	}
	rep := s.Report()
	if rep.Undocumented != 1 {
		t.Errorf("undocumented requests: %d, want 1 (only /api/nowhere/)", rep.Undocumented)
	}
	found := false
	for _, v := range rep.Violations {
		if v.Code == "payload_too_large" && v.Operation == "hog_functions_create" && v.Template == "/api/projects/{project_id}/hog_functions/" {
			found = true
		}
	}
	if !found {
		t.Errorf("no payload_too_large violation under hog_functions_create: %+v", rep.Violations)
	}
}
