package report_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/report"
)

func TestParseMin(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want map[string]float64
		err  string // in the error; "" when in is accepted
	}{
		{in: "80", want: map[string]float64{"operations": 80}},
		{in: "75%", want: map[string]float64{"operations": 75}},
		{in: "0", want: map[string]float64{"operations": 0}},
		{in: "100", want: map[string]float64{"operations": 100}},
		{in: "62.5", want: map[string]float64{"operations": 62.5}},
		{in: "operations=80,params=0", want: map[string]float64{"operations": 80, "params": 0}},
		{in: " statuses = 50 , 90 ", want: map[string]float64{"statuses": 50, "operations": 90}},
		{in: "operations=100,statuses=1,params=30%", want: map[string]float64{"operations": 100, "statuses": 1, "params": 30}},
		{in: "80,,", want: map[string]float64{"operations": 80}},
		{in: "", err: "empty threshold"},
		{in: " , ", err: "empty threshold"},
		{in: "abc", err: `"abc" is not a percentage`},
		{in: "101", err: `"101" is not a percentage between 0 and 100`},
		{in: "-1", err: `"-1" is not a percentage`},
		{in: "operations=", err: `"" is not a percentage`},
		{in: "lines=80", err: `"lines" is not a coverage kind (operations, statuses, params)`},
		{in: "operations=80,Params=3", err: `"Params" is not a coverage kind`},
	}
	for _, tt := range tests {
		got, err := report.ParseMin(tt.in)
		switch {
		case tt.err == "" && (err != nil || !reflect.DeepEqual(got, tt.want)):
			t.Errorf("ParseMin(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseMin(%q) = %v, %v; want an error containing %q", tt.in, got, err, tt.err)
		}
	}
}

func TestCoverageKinds(t *testing.T) {
	t.Parallel()
	want := []string{"operations", "statuses", "params"}
	if got := report.CoverageKinds(); !reflect.DeepEqual(got, want) {
		t.Errorf("CoverageKinds() = %v, want %v", got, want)
	}
	// Each kind is a threshold ParseMin takes.
	for _, k := range want {
		if m, err := report.ParseMin(k + "=10"); err != nil || m[k] != 10 {
			t.Errorf("ParseMin(%s=10) = %v, %v", k, m, err)
		}
	}
}

func TestFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		gates report.Gates
		edit  func(r *report.Report)
		want  []string
	}{
		{name: "no gates", want: nil},
		{name: "violations", gates: report.Gates{FailOnViolation: true},
			want: []string{"4 contract violation(s) recorded in 3 operation(s)"}},
		{name: "no violations", gates: report.Gates{FailOnViolation: true},
			edit: func(r *report.Report) { r.ViolationCount, r.Violations = 0, nil }},
		{name: "thresholds met, equality included", gates: report.Gates{Min: map[string]float64{"operations": 50, "params": 30}}},
		{name: "thresholds missed, in report order", gates: report.Gates{Min: map[string]float64{"params": 40, "operations": 75, "statuses": 50}},
			want: []string{
				"operations coverage 50.0% (2 of 4) is below 75.0%",
				"statuses coverage 42.9% (3 of 7) is below 50.0%",
				"params coverage 33.3% (1 of 3) is below 40.0%",
			}},
		{name: "an unknown kind is not checked", gates: report.Gates{Min: map[string]float64{"lines": 99}}},
		{name: "both gates", gates: report.Gates{FailOnViolation: true, Min: map[string]float64{"operations": 51}},
			want: []string{"4 contract violation(s) recorded in 3 operation(s)", "operations coverage 50.0% (2 of 4) is below 51.0%"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := sample()
			if tt.edit != nil {
				tt.edit(r)
			}
			if got := r.Failures(tt.gates); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Failures = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSummary(t *testing.T) {
	t.Parallel()
	want := "6 requests, 4 violations (1 undocumented requests); coverage: operations 50.0% (2/4), statuses 42.9% (3/7), params 33.3% (1/3)"
	if got := sample().Summary(); got != want {
		t.Errorf("Summary() =\n%s\nwant\n%s", got, want)
	}
}
