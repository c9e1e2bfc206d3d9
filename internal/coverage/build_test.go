package coverage

import (
	"reflect"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/spec/spectest"
	"github.com/mockserver-go/mockserver/plugin"
	pub "github.com/mockserver-go/mockserver/report"
)

func petsDoc(t *testing.T) *spec.Doc {
	t.Helper()
	return spectest.Load(t, "../../testdata/ci/pets.yaml")
}

// sample records: pets_list called 3 times (200, 200, 400, with limit),
// pets_retrieve once (404) and once with an undeclared 418, one
// undocumented request.
func sample(t *testing.T) pub.Report {
	t.Helper()
	return Build(sampleInput(t))
}

func sampleInput(t *testing.T) Input {
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
	return Input{Doc: petsDoc(t), Coverage: j.Coverage(), Violations: j.ViolationsByOperation(),
		Now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func TestCoverageNumbers(t *testing.T) {
	t.Parallel()
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

// Each violation group becomes one report entry with its operation's
// method and template, in operation order, undocumented requests last;
// values that may hold secrets are redacted.
func TestBuildViolations(t *testing.T) {
	t.Parallel()
	r := sample(t)
	want := []pub.Violation{
		{Operation: "pets_list", Method: "GET", Template: "/pets/", Violation: plugin.Violation{In: "query", Field: "limit", Code: "type", Expected: "integer", Got: `"abc"`, Message: "Not an integer."}, Count: 2,
			Request: pub.RequestRef{ID: 1, Method: "GET", Path: "/pets/", Query: "limit=abc", Status: 400}},
		{Operation: "pets_retrieve", Method: "GET", Template: "/pets/{id}/", Violation: plugin.Violation{In: "response", Field: "api_key", Code: "type", Expected: "string", Got: "[redacted]", Message: "[redacted]"}, Count: 1, // a secret field: its message may quote it
			Request: pub.RequestRef{ID: 4, Method: "GET", Path: "/pets/9/", Status: 404}},
		{Operation: "", Violation: plugin.Violation{In: "route", Code: "unknown_route", Got: "GET /nope", Message: "No operation."}, Count: 1,
			Request: pub.RequestRef{ID: 6, Method: "GET", Path: "/nope", Status: 404}},
	}
	if !reflect.DeepEqual(r.Violations, want) {
		t.Errorf("violations:\n got %+v\nwant %+v", r.Violations, want)
	}
	if r.Tolerated != 0 || r.Dropped != 0 {
		t.Errorf("tolerated %d, dropped %d", r.Tolerated, r.Dropped)
	}
}

func TestBuildInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edit  func(in *Input)
		check func(t *testing.T, r pub.Report)
	}{
		{"mode defaults to mock", func(*Input) {}, func(t *testing.T, r pub.Report) {
			if r.Mode != pub.ModeMock || r.Upstream != "" || r.Title != "Pets (CI test contract)" {
				t.Errorf("mode %q, upstream %q, title %q", r.Mode, r.Upstream, r.Title)
			}
		}},
		{"a proxy names its upstream", func(in *Input) { in.Mode, in.Upstream = pub.ModeProxy, "https://api.example" },
			func(t *testing.T, r pub.Report) {
				if r.Mode != pub.ModeProxy || r.Upstream != "https://api.example" {
					t.Errorf("mode %q, upstream %q", r.Mode, r.Upstream)
				}
			}},
		{"the time is UTC", func(in *Input) { in.Now = time.Date(2025, 1, 2, 4, 4, 5, 0, time.FixedZone("CET", 3600)) },
			func(t *testing.T, r pub.Report) {
				if want := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC); r.Generated != want {
					t.Errorf("generated %v, want %v", r.Generated, want)
				}
			}},
		{"a Redact of the caller's replaces the document's", func(in *Input) {
			in.Redact = func(field, s string) string {
				if s == "" {
					return s
				}
				return field + "=<" + s + ">"
			}
		}, func(t *testing.T, r pub.Report) {
			v := r.Violations[0]
			if v.Got != `limit=<"abc">` || v.Message != "limit=<Not an integer.>" || v.Request.Query != "=<limit=abc>" || v.Expected != "integer" {
				t.Errorf("redacted by the caller's function: %+v", v)
			}
		}},
		{"tolerated and dropped violations are counted", func(in *Input) {
			ov := in.Violations["pets_list"]
			ov.Groups = append([]journal.ViolationGroup(nil), ov.Groups...)
			ov.Groups[0].Tolerated = true
			ov.Total, ov.Dropped = ov.Total+5, 5
			in.Violations["pets_list"] = ov
		}, func(t *testing.T, r pub.Report) {
			if r.Tolerated != 2 || r.Dropped != 5 || r.ViolationCount != 9 || !r.Violations[0].Tolerated {
				t.Errorf("tolerated %d, dropped %d, count %d", r.Tolerated, r.Dropped, r.ViolationCount)
			}
			for _, o := range r.Operations {
				if o.ID == "pets_list" && o.ViolationCount != 7 {
					t.Errorf("pets_list violation count %d, want 7", o.ViolationCount)
				}
			}
		}},
		{"violations of an operation the document lacks keep its id", func(in *Input) {
			in.Violations["gone"] = journal.OpViolations{Total: 1, Groups: []journal.ViolationGroup{{Violation: problem.Violation{In: "body", Code: "x"}, Count: 1}}}
		}, func(t *testing.T, r pub.Report) {
			var found bool
			for _, v := range r.Violations {
				if v.Operation == "gone" {
					found = v.Method == "" && v.Template == ""
				}
			}
			if !found || r.ViolationCount != 5 {
				t.Errorf("violations %+v", r.Violations)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := sampleInput(t)
			tt.edit(&in)
			tt.check(t, Build(in))
		})
	}
}

func TestEmptyContractIsFullyCovered(t *testing.T) {
	t.Parallel()
	r := Build(Input{Doc: &spec.Doc{Title: "empty"}, Coverage: journal.New(1).Coverage()})
	if r.Coverage.Operations.Percent != 100 || r.Mode != pub.ModeMock || r.Violations == nil || r.Coverage.Params.Never == nil {
		t.Errorf("report = %+v", r)
	}
}
