package mockserver_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
)

// overlayDoc wraps actions (a YAML list) in an Overlay 1.0 document.
func overlayDoc(actions string) []byte {
	return []byte("overlay: 1.0.0\ninfo: {title: test, version: 1.0.0}\nactions:\n" + actions)
}

func TestOverlayChangesWhatTheServerValidates(t *testing.T) {
	t.Parallel()
	short := overlayDoc(`- target: $.components.schemas.Note.properties.title
  update: {maxLength: 3}
`)
	note := map[string]any{"title": "Longer than three", "color": "red"}
	plain := newNotes(t, mockserver.Options{EmptyState: true})
	call(t, plain, "POST", "/teams/1/notes/", note).must(t, 201)
	overlaid := newNotes(t, mockserver.Options{EmptyState: true, Overlays: [][]byte{short}})
	r := call(t, overlaid, "POST", "/teams/1/notes/", note).must(t, 400)
	if !strings.Contains(string(r.Body), "title") {
		t.Errorf("the 400 does not name title: %s", r.Body)
	}
	call(t, overlaid, "POST", "/teams/1/notes/", map[string]any{"title": "abc", "color": "red"}).must(t, 201)
}

func TestOverlayOnTheEmbeddedContract(t *testing.T) {
	t.Parallel()
	const list = "/api/projects/1/insights/"
	srv, err := mockserver.New(mockserver.Options{Overlays: [][]byte{overlayDoc(`- target: $.paths['/api/projects/{project_id}/insights/'].get
  remove: true
`)}})
	if err != nil {
		t.Fatal(err)
	}
	call(t, srv, "GET", list, nil).must(t, 405)
	call(t, srv, "GET", "/api/environments/1/insights/", nil).must(t, 200)
}

func TestOverlayFilesApplyInOrderAfterOverlays(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	first := filepath.Join(dir, "first.overlay.yaml")
	second := filepath.Join(dir, "second.overlay.yaml")
	write := func(path string, data []byte) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(first, overlayDoc("- target: $.info\n  update: {title: first}\n"))
	write(second, overlayDoc("- target: $.info\n  update: {title: second}\n"))
	srv := newNotes(t, mockserver.Options{
		Overlays:     [][]byte{overlayDoc("- target: $.info\n  update: {title: bytes}\n")},
		OverlayFiles: []string{first, second},
	})
	if got := srv.Title(); got != "second" {
		t.Errorf("title %q, want second (the last overlay file)", got)
	}
}

func TestOverlayWarnsOfATargetThatSelectsNothing(t *testing.T) {
	t.Parallel()
	srv := newNotes(t, mockserver.Options{Overlays: [][]byte{overlayDoc("- target: $.paths['/gone/']\n  remove: true\n")}})
	want := "overlay Options.Overlays[0]: actions[0] (target $.paths['/gone/']) selects nothing"
	if w := srv.Warnings(); len(w) == 0 || w[0] != want {
		t.Errorf("warnings %q, want first %q", w, want)
	}
}

func TestOverlayErrorsNameTheOverlay(t *testing.T) {
	t.Parallel()
	bad := filepath.Join(t.TempDir(), "bad.overlay.yaml")
	if err := os.WriteFile(bad, overlayDoc("- target: $.info\n  update: {x-a: 1}\n- target: $.info.title\n  update: {x: 1}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts mockserver.Options
		want string
	}{
		{"action", mockserver.Options{OverlayFiles: []string{bad}},
			"overlay " + bad + ": actions[1] (target $.info.title): at $['info']['title']: update: the target is a string"},
		{"malformed", mockserver.Options{Overlays: [][]byte{[]byte("overlay: 1.0.0\n")}},
			"overlay Options.Overlays[0]: no actions"},
		{"missing file", mockserver.Options{OverlayFiles: []string{filepath.Join(t.TempDir(), "none.yaml")}},
			"reading the overlay"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := mockserver.New(tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestOverlayExampleCorrectsPostHogsDocument serves PostHog's own document
// with the README's example overlay: a hog function whose input value is
// an object is refused by the document as published and accepted once
// corrected.
func TestOverlayExampleCorrectsPostHogsDocument(t *testing.T) {
	if testing.Short() {
		t.Skip("loads PostHog's full document twice")
	}
	t.Parallel()
	fn := map[string]any{"name": "Webhook", "type": "destination", "hog": "return event",
		"inputs": map[string]any{"headers": map[string]any{"value": map[string]any{"Content-Type": "application/json"}}}}
	const path = "/api/projects/1/hog_functions/"
	for _, tt := range []struct {
		overlays []string
		status   int
	}{{nil, 400}, {[]string{"examples/overlays/posthog-inputs.overlay.yaml"}, 201}} {
		srv, err := mockserver.New(mockserver.Options{SpecFile: "testdata/posthog-openapi.yaml", OverlayFiles: tt.overlays, EmptyState: true})
		if err != nil {
			t.Fatal(err)
		}
		r := call(t, srv, "POST", path, fn)
		if r.Status != tt.status {
			t.Errorf("overlays %v: status %d, want %d; body %s", tt.overlays, r.Status, tt.status, r.Body)
		}
	}
}

// An overlay corrects a document you do not own: here the embedded
// contract's insight names get a shorter limit, and the warning says
// which action selected nothing.
func ExampleOptions_overlays() {
	fix := []byte(`overlay: 1.0.0
info: {title: Shorter insight names, version: 1.0.0}
actions:
- target: $.components.schemas.Insight.properties.name
  update: {maxLength: 5}
- target: $.paths['/api/projects/{project_id}/dashbords/']
  remove: true
`)
	s, err := mockserver.New(mockserver.Options{Overlays: [][]byte{fix}, EmptyState: true})
	if err != nil {
		panic(err)
	}
	fmt.Println(s.Warnings()[0])
	c := s.Client()
	for _, name := range []string{"Short", "Too long"} {
		resp, err := c.Do(newRequest("POST", "http://posthog.test/api/projects/1/insights/", `{"name": "`+name+`"}`))
		if err != nil {
			panic(err)
		}
		resp.Body.Close()
		fmt.Println(name, resp.StatusCode)
	}
	// Output:
	// overlay Options.Overlays[0]: actions[1] (target $.paths['/api/projects/{project_id}/dashbords/']) selects nothing
	// Short 201
	// Too long 400
}

// TestOverlayOfOneDocument: a Document's overlay changes that document
// only; the Options' overlays reach every document, before it.
func TestOverlayOfOneDocument(t *testing.T) {
	t.Parallel()
	notes, err := os.ReadFile("testdata/specs/notes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := mockserver.New(mockserver.Options{
		Overlays: [][]byte{overlayDoc("- target: $.info\n  update: {title: both}\n")},
		Documents: []mockserver.Document{
			{Name: "a", Spec: notes, Overlays: [][]byte{overlayDoc("- target: $.info\n  update: {title: only a}\n")}},
			{Name: "b", Spec: notes},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	info := call(t, srv, "GET", "/__mock/info", nil).must(t, 200)
	body := string(info.Body)
	if !strings.Contains(body, `"only a"`) || !strings.Contains(body, `"both"`) {
		t.Errorf("titles: %s", body)
	}
	bad := overlayDoc("- target: $.info\n  update: nope\n")
	_, err = mockserver.New(mockserver.Options{Documents: []mockserver.Document{{Name: "a", Spec: notes, Overlays: [][]byte{bad}}}})
	if err == nil || !strings.Contains(err.Error(), "overlay Options.Documents[a].Overlays[0]: actions[0]") {
		t.Errorf("error %v, want one naming the document's overlay", err)
	}
}
