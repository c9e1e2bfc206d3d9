package report_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/report"
)

func TestWriteJSONGolden(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := sample().WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.json", buf.Bytes())
}

// A program reading the JSON gets the report back as it was.
func TestWriteJSONRoundTrip(t *testing.T) {
	t.Parallel()
	want := sample()
	want.Mode, want.Upstream, want.Dropped = report.ModeProxy, "https://api.example", 3
	var buf bytes.Buffer
	if err := want.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var got report.Report
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, *want)
	}
}

func TestWriteJSONFields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		edit   func(r *report.Report)
		has    []string
		hasNot []string
	}{
		{"mock mode leaves out upstream and dropped", func(*report.Report) {},
			[]string{`"mode": "mock"`, `"undocumented_requests": 1`, `"tolerated_count": 1`, `"path_template": "/pets/"`},
			[]string{`"upstream"`, `"dropped"`}},
		{"proxy mode names its upstream", func(r *report.Report) { r.Mode, r.Upstream = report.ModeProxy, "https://api.example" },
			[]string{`"mode": "proxy"`, `"upstream": "https://api.example"`}, nil},
		{"violations beyond the journal's bound are counted", func(r *report.Report) { r.Dropped = 7 },
			[]string{`"dropped": 7`}, nil},
		{"values are not HTML-escaped", func(r *report.Report) { r.Violations[0].Got = `"<b>&"` },
			[]string{`"got": "\"<b>&\""`}, []string{`\u003c`}},
		{"no violations is an empty list", func(r *report.Report) { r.Violations = []report.Violation{} },
			[]string{`"violations": []`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := sample()
			tt.edit(r)
			var buf bytes.Buffer
			if err := r.WriteJSON(&buf); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for _, s := range tt.has {
				if !strings.Contains(out, s) {
					t.Errorf("JSON lacks %s:\n%s", s, out)
				}
			}
			for _, s := range tt.hasNot {
				if strings.Contains(out, s) {
					t.Errorf("JSON holds %s:\n%s", s, out)
				}
			}
		})
	}
}

func TestWriteFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "reports", "nested", "contract.json") // directories are made
	r := sample()
	if err := report.WriteFile(path, r.WriteJSON); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	_ = r.WriteJSON(&want)
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("file = %q, %v; want WriteJSON's bytes", got, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode = %v, want 0644 (a CI artifact others read)", fi.Mode().Perm())
	}

	// A second write replaces the file whole.
	if err := report.WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "short\n"); return err }); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "short\n" {
		t.Errorf("rewritten file = %q", got)
	}
	assertOnly(t, filepath.Dir(path), "contract.json")
}

func TestWriteFileErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	tests := []struct {
		name  string
		path  string
		write func(io.Writer) error
		is    error
	}{
		{"the writer fails", filepath.Join(dir, "out.json"), func(w io.Writer) error {
			_, _ = io.WriteString(w, "half")
			return boom
		}, boom},
		{"the directory is a file", filepath.Join(blocker, "out.json"), sample().WriteJSON, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := report.WriteFile(tt.path, tt.write)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.path) {
				t.Errorf("error %q does not name %s", err, tt.path)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %q does not wrap %v", err, tt.is)
			}
			if _, serr := os.Stat(tt.path); serr == nil {
				t.Errorf("a failed write left %s", tt.path)
			}
		})
	}
	assertOnly(t, dir, "file")
}

// assertOnly fails unless dir holds exactly the names (no temporary file
// left behind).
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !reflect.DeepEqual(got, names) {
		t.Errorf("%s holds %v, want %v", dir, got, names)
	}
}
