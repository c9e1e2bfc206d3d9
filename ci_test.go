package mockserver

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
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
		call(t, s, "GET", "/pets/?limit=abc", "")
	}
	call(t, s, "POST", "/pets/", `{"kind":"cat"}`)      // missing required name
	call(t, s, "GET", "/nope", "")                      // undocumented path
	call(t, s, "PATCH", "/pets/1/", `{}`)               // undocumented method
	call(t, s, "GET", "/pets/999/", "")                 // the mock's 404 breaks its declared schema
	call(t, s, "GET", "/pets/1/", "", "X-Trace", "abc") // clean
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
	w := call(t, s, "GET", "/__mock/report", "")
	var js struct {
		ViolationCount int `json:"violation_count"`
	}
	if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &js) != nil || js.ViolationCount != 9 {
		t.Errorf("GET /__mock/report = %d %s", w.Code, w.Body.String())
	}
	w = call(t, s, "GET", "/__mock/report?format=junit", "")
	var x struct {
		Failures int `xml:"failures,attr"`
	}
	if w.Code != 200 || xml.Unmarshal(w.Body.Bytes(), &x) != nil || x.Failures != 5 {
		t.Errorf("GET /__mock/report?format=junit = %d %s", w.Code, w.Body.String())
	}
	if w = call(t, s, "GET", "/__mock/report?format=pdf", ""); w.Code != 400 {
		t.Errorf("bad format = %d", w.Code)
	}
	if w = call(t, s, "POST", "/__mock/stop", ""); w.Code != 202 || stopped != 1 {
		t.Errorf("POST /__mock/stop = %d, OnStop called %d times", w.Code, stopped)
	}
	s.ResetJournal()
	if r := s.Report(); r.ViolationCount != 0 || len(r.Violations) != 0 {
		t.Errorf("ResetJournal kept %d violations", r.ViolationCount)
	}
}

func TestStopNeedsTheCommand(t *testing.T) {
	s, err := New(Options{SpecFile: petsSpec})
	if err != nil {
		t.Fatal(err)
	}
	if w := call(t, s, "POST", "/__mock/stop", ""); w.Code != 404 {
		t.Errorf("POST /__mock/stop without OnStop = %d, want 404", w.Code)
	}
}

func TestProxyModeEndToEnd(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/pets/":
			_, _ = io.WriteString(w, `{"count":2,"next":null,"results":[{"id":1,"name":"Tom","kind":"cat","api_key":"phx_0123456789abcdef"},{"id":2,"name":"Rex","kind":"dog"}]}`)
		case "/pets/2/":
			_, _ = io.WriteString(w, `{"id":2,"name":"Rex","kind":"dog","color":"brown","personal_api_key":"phx_fedcba9876543210"}`)
		default:
			w.WriteHeader(404)
			_, _ = io.WriteString(w, `{"detail":"nope"}`)
		}
	}))
	defer up.Close()
	dir := t.TempDir()
	s, err := New(Options{SpecFile: petsSpec, Proxy: up.URL, RecordDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	w := call(t, s, "GET", "/pets/?personal_api_key=phx_querysecret123", "", "Authorization", "Bearer phx_headersecret123")
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"api_key":"phx_0123456789abcdef"`) {
		t.Fatalf("client did not get the upstream answer unchanged: %d %s", w.Code, w.Body.String())
	}
	call(t, s, "GET", "/pets/2/", "", "Authorization", "Bearer phx_headersecret123")
	call(t, s, "GET", "/pets/5/", "")

	r := s.Report()
	if r.Mode != "proxy" || r.Upstream != up.URL {
		t.Errorf("mode %q upstream %q", r.Mode, r.Upstream)
	}
	var codes []string
	for _, v := range r.Violations {
		codes = append(codes, v.Operation+" "+v.Field+" "+v.Code)
	}
	joined := strings.Join(codes, ", ")
	for _, want := range []string{"pets_retrieve color undocumented_field", "pets_retrieve personal_api_key undocumented_field", "pets_retrieve message required", "pets_retrieve detail undocumented_field"} {
		if !strings.Contains(joined, want) {
			t.Errorf("drift %q not reported: %s", want, joined)
		}
	}
	var everything bytes.Buffer
	_ = r.WriteJSON(&everything)
	_ = r.WriteJUnit(&everything)
	jb, _ := json.Marshal(s.Requests())
	everything.Write(jb)
	for _, secret := range []string{"querysecret", "headersecret", "phx_0123456789abcdef", "phx_fedcba"} {
		if strings.Contains(everything.String(), secret) {
			t.Errorf("%s leaked into the journal or reports", secret)
		}
	}

	files, err := s.SaveRecording()
	if err != nil || len(files) != 1 {
		t.Fatalf("SaveRecording = %v, %v", files, err)
	}
	if skipped := s.RecordingSkipped(); len(skipped) != 0 {
		t.Errorf("skipped = %v", skipped)
	}
	// What the real API returned seeds the stateful mock.
	m, err := New(Options{SpecFile: petsSpec, FixturesDir: dir})
	if err != nil {
		t.Fatalf("recorded fixtures do not load: %v", err)
	}
	list := m.List("pets", nil)
	if len(list) != 2 || list[1]["name"] != "Rex" || list[0]["api_key"] != "[redacted]" {
		t.Errorf("mock state from the recording = %v", list)
	}
	if w := call(t, m, "GET", "/pets/2/", ""); w.Code != 200 || !strings.Contains(w.Body.String(), `"Rex"`) {
		t.Errorf("GET recorded pet = %d %s", w.Code, w.Body.String())
	}
}

func TestRecordNeedsProxy(t *testing.T) {
	if _, err := New(Options{SpecFile: petsSpec, RecordDir: t.TempDir()}); err == nil {
		t.Error("RecordDir without Proxy accepted")
	}
	if _, err := New(Options{SpecFile: petsSpec, Proxy: "not a url"}); err == nil {
		t.Error("bad Proxy accepted")
	}
}
