package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// JUnit XML, in the shape CI systems (GitHub, GitLab, Jenkins) read.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string         `xml:"name,attr"`
	Classname string         `xml:"classname,attr"`
	Failures  []junitFailure `xml:"failure"`
	Skipped   *junitSkipped  `xml:"skipped"`
	SystemOut *junitText     `xml:"system-out"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

type junitText struct {
	Text string `xml:",cdata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// UndocumentedCase is the name of the test case that holds violations of
// requests matching no operation.
const UndocumentedCase = "undocumented requests"

// WriteJUnit writes the report as JUnit XML: one test case per operation
// (skipped when never called), one failure per distinct violation with the
// request, field, expected and got; a last case for undocumented requests.
func (r *Report) WriteJUnit(w io.Writer) error {
	suite := junitSuite{Name: r.Title, Timestamp: r.Generated.Format("2006-01-02T15:04:05Z"),
		Properties: []junitProperty{
			{Name: "mode", Value: r.Mode},
			{Name: "requests", Value: strconv.Itoa(r.Requests)},
			{Name: "violations", Value: strconv.Itoa(r.ViolationCount)},
			{Name: "coverage.operations", Value: percent(r.Coverage.Operations)},
			{Name: "coverage.statuses", Value: percent(r.Coverage.Statuses)},
			{Name: "coverage.params", Value: percent(r.Coverage.Params)},
		}}
	if r.Upstream != "" {
		suite.Properties = append(suite.Properties, junitProperty{Name: "upstream", Value: r.Upstream})
	}
	class := "contract." + r.Mode
	for _, o := range r.Operations {
		c := junitCase{Name: o.Method + " " + o.Template + " (" + o.ID + ")", Classname: class}
		for _, v := range r.OperationViolations(o.ID) {
			c.Failures = append(c.Failures, failure(v))
		}
		if len(c.Failures) == 0 && o.Calls == 0 {
			c.Skipped = &junitSkipped{Message: "never exercised"}
		}
		c.SystemOut = &junitText{Text: caseSummary(o)}
		suite.Cases = append(suite.Cases, c)
	}
	if vs := r.OperationViolations(""); len(vs) > 0 || r.Undocumented > 0 {
		c := junitCase{Name: UndocumentedCase, Classname: class,
			SystemOut: &junitText{Text: fmt.Sprintf("%d requests matched no operation of the contract", r.Undocumented)}}
		for _, v := range vs {
			c.Failures = append(c.Failures, failure(v))
		}
		suite.Cases = append(suite.Cases, c)
	}
	for _, c := range suite.Cases {
		suite.Tests++
		suite.Failures += len(c.Failures)
		if c.Skipped != nil {
			suite.Skipped++
		}
	}
	doc := junitSuites{Name: "mockserver contract " + r.Mode, Tests: suite.Tests, Failures: suite.Failures,
		Skipped: suite.Skipped, Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func failure(v Violation) junitFailure {
	where := v.In
	if v.Field != "" {
		where += " " + v.Field
	}
	var b strings.Builder
	fmt.Fprintf(&b, "request: %s %s", v.Request.Method, v.Request.Path)
	if v.Request.Query != "" {
		b.WriteString("?" + v.Request.Query)
	}
	fmt.Fprintf(&b, " (#%d, answered %d)\n", v.Request.ID, v.Request.Status)
	fmt.Fprintf(&b, "field: %s\n", where)
	fmt.Fprintf(&b, "expected: %s\n", dash(v.Expected))
	fmt.Fprintf(&b, "got: %s\n", dash(v.Got))
	fmt.Fprintf(&b, "count: %d\n", v.Count)
	if v.Tolerated {
		b.WriteString("tolerated: the real API accepts this; recorded only\n")
	}
	return junitFailure{Message: where + ": " + v.Message, Type: v.Code, Text: b.String()}
}

func caseSummary(o Operation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "calls: %d", o.Calls)
	if len(o.Statuses) > 0 {
		b.WriteString("\nstatuses:")
		for _, s := range slices.Sorted(maps.Keys(o.Statuses)) {
			fmt.Fprintf(&b, " %s×%d", s, o.Statuses[s])
		}
	}
	if len(o.StatusesNever) > 0 {
		b.WriteString("\nstatuses never answered: " + strings.Join(o.StatusesNever, ", "))
	}
	if len(o.ParamsNever) > 0 {
		b.WriteString("\nparameters never sent: " + strings.Join(o.ParamsNever, ", "))
	}
	return b.String()
}

func percent(r Ratio) string { return strconv.FormatFloat(r.Percent, 'f', 1, 64) }

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
