package coverage

import (
	pub "github.com/mockserver-go/mockserver/report"

	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

func petsDoc(t *testing.T) *spec.Doc {
	t.Helper()
	data, err := os.ReadFile("../../testdata/ci/pets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spec.Load(data, spec.LoadOptions{Location: "pets.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// sample records: pets_list called 3 times (200, 200, 400, with limit),
// pets_retrieve once (404) and once with an undeclared 418, one
// undocumented request.
func sample(t *testing.T) pub.Report {
	t.Helper()
	j := journal.New(2) // wraps: the report must not depend on the ring
	limit := problem.Violation{In: "query", Field: "limit", Code: "type", Expected: "integer", Got: `"abc"`, Message: "Not an integer."}
	j.Add(journal.Entry{Method: "GET", Path: "/pets/", Query: "limit=abc", OperationID: "pets_list", Status: 400, Params: []string{"query:limit"}, Violations: []problem.Violation{limit}})
	j.Add(journal.Entry{Method: "GET", Path: "/pets/", Query: "limit=abc", OperationID: "pets_list", Status: 200, Params: []string{"query:limit"}, Violations: []problem.Violation{limit}})
	j.Add(journal.Entry{Method: "GET", Path: "/pets/", OperationID: "pets_list", Status: 200})
	j.Add(journal.Entry{Method: "GET", Path: "/pets/9/", OperationID: "pets_retrieve", Status: 404, Params: []string{"path:id"},
		Violations: []problem.Violation{{In: "response", Field: "api_key", Code: "type", Expected: "string", Got: `"phx_0123456789abcdef"`, Message: "Wrong type."}}})
	j.Add(journal.Entry{Method: "GET", Path: "/pets/8/", OperationID: "pets_retrieve", Status: 418, Params: []string{"path:id"}})
	j.Add(journal.Entry{Method: "GET", Path: "/nope", Status: 404, Violations: []problem.Violation{{In: "route", Code: "unknown_route", Got: "GET /nope", Message: "No operation."}}})
	return Build(Input{Doc: petsDoc(t), Coverage: j.Coverage(), Violations: j.ViolationsByOperation(),
		Now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)})
}

func TestCoverageNumbers(t *testing.T) {
	r := sample(t)
	c := r.Coverage
	check := func(name string, got pub.Ratio, covered, total int, pct float64, never []string) {
		t.Helper()
		if got.Covered != covered || got.Total != total || got.Percent != pct || !reflect.DeepEqual(got.Never, never) {
			t.Errorf("%s = %+v, want %d/%d %.1f%% never %v", name, got, covered, total, pct, never)
		}
	}
	check("operations", c.Operations, 2, 4, 50, []string{"pets_create", "pets_destroy"})
	check("statuses", c.Statuses, 3, 7, 42.9, []string{"pets_create 201", "pets_create 400", "pets_retrieve 200", "pets_destroy 204"})
	check("params", c.Params, 1, 3, 33.3, []string{"pets_list query:kind", "pets_retrieve header:X-Trace"})
	var retrieve pub.Operation
	for _, o := range r.Operations {
		if o.ID == "pets_retrieve" {
			retrieve = o
		}
	}
	if !reflect.DeepEqual(retrieve.Undeclared, []string{"418"}) || retrieve.Calls != 2 || retrieve.ViolationCount != 1 {
		t.Errorf("pets_retrieve = %+v", retrieve)
	}
	if r.Requests != 6 || r.Undocumented != 1 || r.ViolationCount != 4 {
		t.Errorf("totals = %d requests, %d undocumented, %d violations", r.Requests, r.Undocumented, r.ViolationCount)
	}
}

func TestJSONNamesOperationFieldAndWhatWasWrong(t *testing.T) {
	r := sample(t)
	var buf bytes.Buffer
	if err := r.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "phx_0123") {
		t.Fatalf("secret in report: %s", buf.String())
	}
	var out struct {
		ViolationCount int              `json:"violation_count"`
		Violations     []map[string]any `json:"violations"`
		Coverage       map[string]struct {
			Percent float64  `json:"percent"`
			Never   []string `json:"never"`
		} `json:"coverage"`
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if out.ViolationCount != 4 || len(out.Violations) != 3 {
		t.Fatalf("violations = %d / %d listed: %s", out.ViolationCount, len(out.Violations), buf.String())
	}
	first := out.Violations[0]
	want := map[string]any{"operation": "pets_list", "method": "GET", "path_template": "/pets/", "in": "query", "field": "limit",
		"code": "type", "expected": "integer", "got": `"abc"`, "count": 2.0}
	for k, v := range want {
		if first[k] != v {
			t.Errorf("violations[0].%s = %v, want %v", k, first[k], v)
		}
	}
	if req, _ := first["request"].(map[string]any); req["id"] != 1.0 || req["query"] != "limit=abc" {
		t.Errorf("violations[0].request = %v", first["request"])
	}
	if out.Violations[1]["got"] != "[redacted]" {
		t.Errorf("api_key value not redacted: %v", out.Violations[1])
	}
	if last := out.Violations[2]; last["operation"] != "" || last["code"] != "unknown_route" {
		t.Errorf("undocumented violation = %v", last)
	}
	if out.Coverage["operations"].Percent != 50 || len(out.Coverage["params"].Never) != 2 {
		t.Errorf("coverage = %+v", out.Coverage)
	}
}

type xSuites struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Skipped  int `xml:"skipped,attr"`
	Suites   []struct {
		Properties []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"properties>property"`
		Cases []struct {
			Name     string `xml:"name,attr"`
			Failures []struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Skipped *struct{} `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestJUnitOneCasePerOperationOneFailurePerViolation(t *testing.T) {
	r := sample(t)
	var buf bytes.Buffer
	if err := r.WriteJUnit(&buf); err != nil {
		t.Fatal(err)
	}
	var x xSuites
	if err := xml.Unmarshal(buf.Bytes(), &x); err != nil {
		t.Fatalf("not XML: %v\n%s", err, buf.String())
	}
	if x.Tests != 5 || x.Failures != 3 || x.Skipped != 2 || len(x.Suites) != 1 {
		t.Fatalf("totals tests=%d failures=%d skipped=%d", x.Tests, x.Failures, x.Skipped)
	}
	cases := map[string]int{}
	s := x.Suites[0]
	for i, c := range s.Cases {
		cases[c.Name] = i
	}
	list := s.Cases[cases["GET /pets/ (pets_list)"]]
	if len(list.Failures) != 1 || list.Skipped != nil {
		t.Fatalf("pets_list case = %+v", list)
	}
	f := list.Failures[0]
	for _, want := range []string{"request: GET /pets/?limit=abc (#1, answered 400)", "field: query limit", "expected: integer", `got: "abc"`, "count: 2"} {
		if !strings.Contains(f.Text, want) {
			t.Errorf("failure text lacks %q:\n%s", want, f.Text)
		}
	}
	if f.Type != "type" || !strings.HasPrefix(f.Message, "query limit: ") {
		t.Errorf("failure = %+v", f)
	}
	for _, name := range []string{"POST /pets/ (pets_create)", "DELETE /pets/{id}/ (pets_destroy)"} {
		if c := s.Cases[cases[name]]; c.Skipped == nil {
			t.Errorf("%s not skipped", name)
		}
	}
	if c := s.Cases[cases[pub.UndocumentedCase]]; len(c.Failures) != 1 || c.Failures[0].Type != "unknown_route" {
		t.Errorf("undocumented case = %+v", c)
	}
	props := map[string]string{}
	for _, p := range s.Properties {
		props[p.Name] = p.Value
	}
	if props["coverage.operations"] != "50.0" || props["violations"] != "4" {
		t.Errorf("properties = %v", props)
	}
}

func TestGates(t *testing.T) {
	r := sample(t)
	if f := r.Failures(pub.Gates{}); len(f) != 0 {
		t.Errorf("no gates failed: %v", f)
	}
	if f := r.Failures(pub.Gates{FailOnViolation: true}); len(f) != 1 || !strings.Contains(f[0], "4 contract violation(s) recorded in 3 operation(s)") {
		t.Errorf("fail on violation = %v", f)
	}
	if f := r.Failures(pub.Gates{Min: map[string]float64{"operations": 50, "params": 30}}); len(f) != 0 {
		t.Errorf("met thresholds failed: %v", f)
	}
	f := r.Failures(pub.Gates{Min: map[string]float64{"operations": 75, "statuses": 50}})
	if len(f) != 2 || !strings.Contains(f[0], "operations coverage 50.0% (2 of 4) is below 75.0%") || !strings.Contains(f[1], "statuses") {
		t.Errorf("below thresholds = %v", f)
	}
}

func TestParseMin(t *testing.T) {
	good := map[string]map[string]float64{
		"80":                        {"operations": 80},
		"75%":                       {"operations": 75},
		"operations=80,params=0":    {"operations": 80, "params": 0},
		" statuses = 50 , 90 ":      {"statuses": 50, "operations": 90},
		"operations=100,statuses=1": {"operations": 100, "statuses": 1},
	}
	for in, want := range good {
		got, err := pub.ParseMin(in)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("pub.ParseMin(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "abc", "101", "-1", "lines=80", "operations="} {
		if _, err := pub.ParseMin(in); err == nil {
			t.Errorf("pub.ParseMin(%q) accepted", in)
		}
	}
}

func TestEmptyContractIsFullyCovered(t *testing.T) {
	r := Build(Input{Doc: &spec.Doc{Title: "empty"}, Coverage: journal.New(1).Coverage()})
	if r.Coverage.Operations.Percent != 100 || r.Mode != pub.ModeMock || r.Violations == nil || r.Coverage.Params.Never == nil {
		t.Errorf("report = %+v", r)
	}
}
