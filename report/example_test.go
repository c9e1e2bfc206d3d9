package report_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/mockserver-go/mockserver/plugin"
	"github.com/mockserver-go/mockserver/report"
)

// small is a report of a one-operation contract, called once with one
// violation: what (*mockserver.Server).Report returns after such a run.
func small() *report.Report {
	return &report.Report{
		Title: "Notes", Mode: report.ModeMock, Generated: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC),
		Requests: 1, ViolationCount: 1,
		Violations: []report.Violation{{Operation: "notes_create", Method: "POST", Template: "/notes", Violation: plugin.Violation{In: "body", Field: "title", Code: "required", Expected: "a value", Message: "This field is required."}, Count: 1,
			Request: report.RequestRef{ID: 1, Method: "POST", Path: "/notes", Status: 400}}},
		Coverage: report.Coverage{
			Operations: report.Ratio{Covered: 1, Total: 1, Percent: 100, Never: []string{}},
			Statuses:   report.Ratio{Covered: 1, Total: 2, Percent: 50, Never: []string{"notes_create 201"}},
			Params:     report.Ratio{Covered: 0, Total: 0, Percent: 100, Never: []string{}},
		},
		Operations: []report.Operation{{ID: "notes_create", Method: "POST", Template: "/notes", Calls: 1,
			Statuses: map[string]int{"400": 1}, StatusesNever: []string{"201"}, ViolationCount: 1}},
	}
}

func ExampleReport_WriteJSON() {
	r := small()
	if err := r.WriteJSON(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "title": "Notes",
	//   "mode": "mock",
	//   "generated": "2025-01-02T03:04:05Z",
	//   "requests": 1,
	//   "undocumented_requests": 0,
	//   "violation_count": 1,
	//   "tolerated_count": 0,
	//   "violations": [
	//     {
	//       "operation": "notes_create",
	//       "method": "POST",
	//       "path_template": "/notes",
	//       "in": "body",
	//       "field": "title",
	//       "code": "required",
	//       "expected": "a value",
	//       "message": "This field is required.",
	//       "count": 1,
	//       "request": {
	//         "id": 1,
	//         "method": "POST",
	//         "path": "/notes",
	//         "status": 400
	//       }
	//     }
	//   ],
	//   "coverage": {
	//     "operations": {
	//       "covered": 1,
	//       "total": 1,
	//       "percent": 100,
	//       "never": []
	//     },
	//     "statuses": {
	//       "covered": 1,
	//       "total": 2,
	//       "percent": 50,
	//       "never": [
	//         "notes_create 201"
	//       ]
	//     },
	//     "params": {
	//       "covered": 0,
	//       "total": 0,
	//       "percent": 100,
	//       "never": []
	//     }
	//   },
	//   "operations": [
	//     {
	//       "id": "notes_create",
	//       "method": "POST",
	//       "path": "/notes",
	//       "calls": 1,
	//       "statuses": {
	//         "400": 1
	//       },
	//       "statuses_never": [
	//         "201"
	//       ],
	//       "violation_count": 1
	//     }
	//   ]
	// }
}

func ExampleReport_WriteJUnit() {
	r := small()
	if err := r.WriteJUnit(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <testsuites name="mockserver contract mock" tests="1" failures="1" skipped="0">
	//   <testsuite name="Notes" tests="1" failures="1" skipped="0" timestamp="2025-01-02T03:04:05Z">
	//     <properties>
	//       <property name="mode" value="mock"></property>
	//       <property name="requests" value="1"></property>
	//       <property name="violations" value="1"></property>
	//       <property name="coverage.operations" value="100.0"></property>
	//       <property name="coverage.statuses" value="50.0"></property>
	//       <property name="coverage.params" value="100.0"></property>
	//     </properties>
	//     <testcase name="POST /notes (notes_create)" classname="contract.mock">
	//       <failure message="body title: This field is required." type="required"><![CDATA[request: POST /notes (#1, answered 400)
	// field: body title
	// expected: a value
	// got: -
	// count: 1
	// ]]></failure>
	//       <system-out><![CDATA[calls: 1
	// statuses: 400×1
	// statuses never answered: 201]]></system-out>
	//     </testcase>
	//   </testsuite>
	// </testsuites>
}

// A CI job reads its thresholds from a flag and fails the build with the
// reasons Failures gives.
func ExampleReport_Failures() {
	min, err := report.ParseMin("operations=100,statuses=80")
	if err != nil {
		fmt.Println(err)
		return
	}
	r := small()
	for _, why := range r.Failures(report.Gates{FailOnViolation: true, Min: min}) {
		fmt.Println(why)
	}
	// Output:
	// 1 contract violation(s) recorded in 1 operation(s)
	// statuses coverage 50.0% (1 of 2) is below 80.0%
}

func ExampleParseMin() {
	for _, s := range []string{"80", "statuses=50,params=30%", "lines=80"} {
		min, err := report.ParseMin(s)
		fmt.Println(min, err)
	}
	// Output:
	// map[operations:80] <nil>
	// map[params:30 statuses:50] <nil>
	// map[] "lines" is not a coverage kind (operations, statuses, params)
}

func ExampleReport_Summary() {
	fmt.Println(small().Summary())
	// Output:
	// 1 requests, 1 violations (0 undocumented requests); coverage: operations 100.0% (1/1), statuses 50.0% (1/2), params 100.0% (0/0)
}

func ExampleReport_OperationViolations() {
	for _, v := range small().OperationViolations("notes_create") {
		fmt.Printf("%s %s: %s (%d×, first request #%d)\n", v.In, v.Field, v.Code, v.Count, v.Request.ID)
	}
	// Output:
	// body title: required (1×, first request #1)
}

// WriteFile takes either writer; a reader of the path never sees half a
// report.
func ExampleWriteFile() {
	dir, err := os.MkdirTemp("", "report")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	r := small()
	for _, name := range []string{"contract.json", "contract.xml"} {
		write := r.WriteJSON
		if filepath.Ext(name) == ".xml" {
			write = r.WriteJUnit
		}
		if err := report.WriteFile(filepath.Join(dir, "reports", name), write); err != nil {
			fmt.Println(err)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "reports"))
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	// Output:
	// contract.json
	// contract.xml
}

func ExampleCoverageKinds() {
	for _, kind := range report.CoverageKinds() {
		fmt.Println(kind)
	}
	// Output:
	// operations
	// statuses
	// params
}
