package report_test

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/report"
)

func TestWriteJUnitGolden(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := sample().WriteJUnit(&buf); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.junit.xml", buf.Bytes())
}

// junitDoc is what a CI system reads of the XML.
type junitDoc struct {
	Name     string `xml:"name,attr"`
	Tests    int    `xml:"tests,attr"`
	Failures int    `xml:"failures,attr"`
	Skipped  int    `xml:"skipped,attr"`
	Suites   []struct {
		Name       string `xml:"name,attr"`
		Tests      int    `xml:"tests,attr"`
		Failures   int    `xml:"failures,attr"`
		Skipped    int    `xml:"skipped,attr"`
		Timestamp  string `xml:"timestamp,attr"`
		Properties []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"properties>property"`
		Cases []junitCase `xml:"testcase"`
	} `xml:"testsuite"`
}

type junitCase struct {
	Name      string `xml:"name,attr"`
	Classname string `xml:"classname,attr"`
	Failures  []struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	} `xml:"failure"`
	Skipped *struct {
		Message string `xml:"message,attr"`
	} `xml:"skipped"`
	SystemOut string `xml:"system-out"`
}

func readJUnit(t *testing.T, r *report.Report) junitDoc {
	t.Helper()
	var buf bytes.Buffer
	if err := r.WriteJUnit(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), xml.Header) {
		t.Errorf("no XML declaration: %.60s", buf.String())
	}
	var d junitDoc
	if err := xml.Unmarshal(buf.Bytes(), &d); err != nil {
		t.Fatalf("not XML: %v\n%s", err, buf.String())
	}
	if len(d.Suites) != 1 {
		t.Fatalf("%d suites, want 1", len(d.Suites))
	}
	return d
}

func TestWriteJUnitTotals(t *testing.T) {
	t.Parallel()
	d := readJUnit(t, sample())
	s := d.Suites[0]
	if d.Name != "mockserver contract mock" || s.Name != "Pets" || s.Timestamp != "2025-01-02T03:04:05Z" {
		t.Errorf("names = %q, %q, %q", d.Name, s.Name, s.Timestamp)
	}
	// Four operations and the undocumented requests; one failure per
	// distinct violation; the two operations never called are skipped.
	if d.Tests != 5 || d.Failures != 3 || d.Skipped != 2 || s.Tests != 5 || s.Failures != 3 || s.Skipped != 2 {
		t.Errorf("totals: testsuites %d/%d/%d, testsuite %d/%d/%d; want 5/3/2", d.Tests, d.Failures, d.Skipped, s.Tests, s.Failures, s.Skipped)
	}
	props := map[string]string{}
	for _, p := range s.Properties {
		props[p.Name] = p.Value
	}
	want := map[string]string{"mode": "mock", "requests": "6", "violations": "4",
		"coverage.operations": "50.0", "coverage.statuses": "42.9", "coverage.params": "33.3"}
	for k, v := range want {
		if props[k] != v {
			t.Errorf("property %s = %q, want %q", k, props[k], v)
		}
	}
	if _, ok := props["upstream"]; ok {
		t.Errorf("a mock's report names an upstream: %v", props)
	}
}

func TestWriteJUnitCases(t *testing.T) {
	t.Parallel()
	d := readJUnit(t, sample())
	byName := map[string]junitCase{}
	for _, c := range d.Suites[0].Cases {
		if c.Classname != "contract.mock" {
			t.Errorf("%s: classname %q", c.Name, c.Classname)
		}
		byName[c.Name] = c
	}
	tests := []struct {
		name     string
		skipped  bool
		failures []string // failure types
		text     []string // in the first failure's text
		out      []string // in system-out
	}{
		{name: "GET /pets/ (pets_list)", failures: []string{"type"},
			text: []string{"request: GET /pets/?limit=abc (#1, answered 400)\n", "field: query limit\n", "expected: integer\n", "got: \"abc\"\n", "count: 2\n"},
			out:  []string{"calls: 3", "statuses: 200×2 400×1", "parameters never sent: query:kind"}},
		{name: "POST /pets/ (pets_create)", skipped: true, out: []string{"calls: 0", "statuses never answered: 201, 400"}},
		{name: "GET /pets/{id}/ (pets_retrieve)", failures: []string{"type"},
			text: []string{"request: GET /pets/9/ (#4, answered 404)\n", "field: response api_key\n", "got: [redacted]\n", "tolerated: the real API accepts this"},
			out:  []string{"statuses: 404×1 418×1", "statuses never answered: 200", "parameters never sent: header:X-Trace"}},
		{name: "DELETE /pets/{id}/ (pets_destroy)", skipped: true, out: []string{"calls: 0"}},
		{name: report.UndocumentedCase, failures: []string{"unknown_route"},
			text: []string{"field: route\n", "expected: -\n", "got: GET /nope\n"},
			out:  []string{"1 requests matched no operation of the contract"}},
	}
	if len(byName) != len(tests) {
		t.Errorf("%d cases, want %d", len(byName), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := byName[tt.name]
			if !ok {
				t.Fatalf("no case %q", tt.name)
			}
			if (c.Skipped != nil) != tt.skipped {
				t.Errorf("skipped = %v, want %v", c.Skipped != nil, tt.skipped)
			}
			if c.Skipped != nil && c.Skipped.Message != "never exercised" {
				t.Errorf("skipped message %q", c.Skipped.Message)
			}
			var types []string
			for _, f := range c.Failures {
				types = append(types, f.Type)
			}
			if strings.Join(types, ",") != strings.Join(tt.failures, ",") {
				t.Fatalf("failure types = %v, want %v", types, tt.failures)
			}
			for _, s := range tt.text {
				if !strings.Contains(c.Failures[0].Text, s) {
					t.Errorf("failure text lacks %q:\n%s", s, c.Failures[0].Text)
				}
			}
			for _, s := range tt.out {
				if !strings.Contains(c.SystemOut, s) {
					t.Errorf("system-out lacks %q:\n%s", s, c.SystemOut)
				}
			}
		})
	}
	if m := byName["GET /pets/ (pets_list)"].Failures[0].Message; m != "query limit: Not an integer." {
		t.Errorf("failure message = %q, want where: message", m)
	}
}

func TestWriteJUnitVariants(t *testing.T) {
	t.Parallel()
	t.Run("an upstream is a property", func(t *testing.T) {
		r := sample()
		r.Mode, r.Upstream = report.ModeProxy, "https://api.example"
		d := readJUnit(t, r)
		var found bool
		for _, p := range d.Suites[0].Properties {
			found = found || (p.Name == "upstream" && p.Value == "https://api.example")
		}
		if !found || d.Name != "mockserver contract proxy" || d.Suites[0].Cases[0].Classname != "contract.proxy" {
			t.Errorf("proxy report: %+v", d)
		}
	})
	t.Run("no undocumented requests, no case for them", func(t *testing.T) {
		r := sample()
		r.Undocumented, r.Violations = 0, r.Violations[:2]
		d := readJUnit(t, r)
		for _, c := range d.Suites[0].Cases {
			if c.Name == report.UndocumentedCase {
				t.Errorf("case %q in a report without undocumented requests", c.Name)
			}
		}
		if d.Tests != 4 {
			t.Errorf("tests = %d, want 4", d.Tests)
		}
	})
	t.Run("undocumented requests without violations still have their case", func(t *testing.T) {
		r := sample()
		r.Violations = r.Violations[:2]
		d := readJUnit(t, r)
		last := d.Suites[0].Cases[len(d.Suites[0].Cases)-1]
		if last.Name != report.UndocumentedCase || len(last.Failures) != 0 || last.Skipped != nil {
			t.Errorf("last case = %+v", last)
		}
	})
	t.Run("a called operation without violations passes", func(t *testing.T) {
		r := sample()
		r.Violations = r.Violations[1:]
		c := readJUnit(t, r).Suites[0].Cases[0]
		if c.Name != "GET /pets/ (pets_list)" || len(c.Failures) != 0 || c.Skipped != nil {
			t.Errorf("pets_list case = %+v", c)
		}
	})
	t.Run("an uncalled operation with a violation fails, not skipped", func(t *testing.T) {
		r := sample()
		r.Violations[0].Operation = "pets_create"
		c := readJUnit(t, r).Suites[0].Cases[1]
		if c.Name != "POST /pets/ (pets_create)" || len(c.Failures) != 1 || c.Skipped != nil {
			t.Errorf("pets_create case = %+v", c)
		}
	})
	t.Run("markup in values stays text", func(t *testing.T) {
		r := sample()
		r.Violations[0].Got = `"]]></failure><x>"`
		r.Violations[0].Message = `<script>&`
		c := readJUnit(t, r).Suites[0].Cases[0]
		if f := c.Failures[0]; !strings.Contains(f.Text, `got: "]]></failure><x>"`) || f.Message != "query limit: <script>&" {
			t.Errorf("failure = %+v", f)
		}
	})
}
