package report_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver/plugin"
	"github.com/mockserver-go/mockserver/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// sample is a report as a server builds it after a short run against a
// four-operation contract: pets_list called three times with one violation
// seen twice, pets_retrieve twice (an undeclared 418 among them) with a
// tolerated violation, two operations never called, and one request that
// matched no operation.
func sample() *report.Report {
	return &report.Report{
		Title: "Pets", Mode: report.ModeMock, Generated: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
		Requests: 6, Undocumented: 1, ViolationCount: 4, Tolerated: 1,
		Violations: []report.Violation{
			{Operation: "pets_list", Method: "GET", Template: "/pets/", Violation: plugin.Violation{In: "query", Field: "limit", Code: "type", Expected: "integer", Got: `"abc"`, Message: "Not an integer."}, Count: 2,
				Request: report.RequestRef{ID: 1, Method: "GET", Path: "/pets/", Query: "limit=abc", Status: 400}},
			{Operation: "pets_retrieve", Method: "GET", Template: "/pets/{id}/", Violation: plugin.Violation{In: "response", Field: "api_key", Code: "type", Expected: "string", Got: "[redacted]", Message: "Wrong type.", Tolerated: true}, Count: 1,
				Request: report.RequestRef{ID: 4, Method: "GET", Path: "/pets/9/", Status: 404}},
			{Operation: "", Violation: plugin.Violation{In: "route", Code: "unknown_route", Got: "GET /nope", Message: "No operation."}, Count: 1,
				Request: report.RequestRef{ID: 6, Method: "GET", Path: "/nope", Status: 404}},
		},
		Coverage: report.Coverage{
			Operations: report.Ratio{Covered: 2, Total: 4, Percent: 50, Never: []string{"pets_create", "pets_destroy"}},
			Statuses: report.Ratio{Covered: 3, Total: 7, Percent: 42.9,
				Never: []string{"pets_create 201", "pets_create 400", "pets_retrieve 200", "pets_destroy 204"}},
			Params: report.Ratio{Covered: 1, Total: 3, Percent: 33.3, Never: []string{"pets_list query:kind", "pets_retrieve header:X-Trace"}},
		},
		Operations: []report.Operation{
			{ID: "pets_list", Method: "GET", Template: "/pets/", Calls: 3, Statuses: map[string]int{"200": 2, "400": 1},
				Params: map[string]int{"query:limit": 2}, ParamsNever: []string{"query:kind"}, ViolationCount: 2},
			{ID: "pets_create", Method: "POST", Template: "/pets/", StatusesNever: []string{"201", "400"}},
			{ID: "pets_retrieve", Method: "GET", Template: "/pets/{id}/", Calls: 2, Statuses: map[string]int{"404": 1, "418": 1},
				StatusesNever: []string{"200"}, Undeclared: []string{"418"}, ParamsNever: []string{"header:X-Trace"}, ViolationCount: 1},
			{ID: "pets_destroy", Method: "DELETE", Template: "/pets/{id}/", StatusesNever: []string{"204"}},
		},
	}
}

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test -update rewrites it after a deliberate change):\n%s", path, got)
	}
}

func TestOperationViolations(t *testing.T) {
	t.Parallel()
	r := sample()
	tests := []struct {
		op   string
		want []string // codes, in report order
	}{
		{"pets_list", []string{"type"}},
		{"pets_retrieve", []string{"type"}},
		{"", []string{"unknown_route"}},
		{"pets_create", nil},
		{"no_such_op", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, v := range r.OperationViolations(tt.op) {
			if v.Operation != tt.op {
				t.Errorf("OperationViolations(%q) holds %q's violation", tt.op, v.Operation)
			}
			got = append(got, v.Code)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("OperationViolations(%q) codes = %v, want %v", tt.op, got, tt.want)
		}
	}
}
