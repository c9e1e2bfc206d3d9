package admin_test

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/internal/admin"
	"github.com/mockserver-go/mockserver/report"
)

func TestReport(t *testing.T) {
	t.Parallel()
	built := 0
	h := serve(t, nil, func(c *admin.Config) {
		c.Report = func() report.Report {
			built++
			return report.Report{Title: "Notes", Mode: report.ModeMock, Requests: built, Violations: []report.Violation{}}
		}
	})
	tests := []struct {
		query string
		ctype string
		check func(t *testing.T, body string)
	}{
		{"", "application/json", func(t *testing.T, body string) {
			if !strings.Contains(body, `"title": "Notes"`) || !strings.Contains(body, `"requests": 1`) {
				t.Errorf("JSON report: %s", body)
			}
		}},
		{"?format=json", "application/json", func(t *testing.T, body string) {
			if !strings.Contains(body, `"requests": 2`) {
				t.Errorf("a report built again for each request: %s", body)
			}
		}},
		{"?format=junit", "application/xml", func(t *testing.T, body string) {
			var x struct {
				XMLName xml.Name
				Name    string `xml:"name,attr"`
			}
			if err := xml.Unmarshal([]byte(body), &x); err != nil || x.XMLName.Local != "testsuites" || x.Name != "mockserver contract mock" {
				t.Errorf("JUnit report: %v %+v\n%s", err, x, body)
			}
		}},
		{"?format=xml", "application/xml", func(t *testing.T, body string) {
			if !strings.Contains(body, "<testsuites") {
				t.Errorf("xml report: %s", body)
			}
		}},
	}
	for _, tt := range tests {
		w := do(t, h, "GET", "/__mock/report"+tt.query, "", nil)
		if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), tt.ctype) {
			t.Fatalf("GET /report%s: %d %s", tt.query, w.Code, w.Header().Get("Content-Type"))
		}
		tt.check(t, w.Body.String())
	}
	p := isProblem(t, do(t, h, "GET", "/__mock/report?format=html", "", nil), 400, "format must be json or junit")
	if len(p.Errors) != 1 || p.Errors[0].Field != "format" {
		t.Errorf("errors %+v do not name format", p.Errors)
	}
}

// Without Config.Report there is no report endpoint.
func TestReportOff(t *testing.T) {
	t.Parallel()
	isProblem(t, do(t, server(t), "GET", "/__mock/report", "", nil), 404)
}

func TestStop(t *testing.T) {
	t.Parallel()
	stopped := 0
	h := serve(t, nil, func(c *admin.Config) { c.Stop = func() { stopped++ } })
	var out map[string]any
	if w := do(t, h, "POST", "/__mock/stop", "", &out); w.Code != 202 || out["stopping"] != true || stopped != 1 {
		t.Errorf("POST /stop: %d %v, stopped %d times", w.Code, out, stopped)
	}
	// A library user stops the server: no Config.Stop, no stopping.
	isProblem(t, do(t, server(t), "POST", "/__mock/stop", "", nil), 404, "only available when running the mockserver command")
}
