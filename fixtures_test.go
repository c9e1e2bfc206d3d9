package mockserver_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver"
)

func TestFixturesLoadAndSurviveReset(t *testing.T) {
	t.Parallel()
	srv := newNotes(t, mockserver.Options{FixturesDir: "testdata/fixtures/notes-good"})
	l := call(t, srv, "GET", "/teams/1/notes/?limit=10", nil).must(t, 200).JSON
	if l["count"] != 2.0 {
		t.Fatalf("count %v, want the 2 fixture notes (no generated ones)", l["count"])
	}
	n := call(t, srv, "GET", "/teams/1/notes/11111111-1111-4111-8111-111111111111/", nil).must(t, 200).JSON
	if n["title"] != "Buy milk" {
		t.Errorf("fixture note: %v", n)
	}
	if tag := call(t, srv, "GET", "/teams/1/tags/5", nil).must(t, 200).JSON; tag["label"] != "home" {
		t.Errorf("fixture tag: %v", tag)
	}
	if next := call(t, srv, "POST", "/teams/1/tags", map[string]any{"label": "new"}).must(t, 201).JSON["tag_id"]; next != 6.0 {
		t.Errorf("integer ids continue after fixtures: got %v, want 6", next)
	}
	call(t, srv, "PATCH", "/teams/1/notes/11111111-1111-4111-8111-111111111111/", map[string]any{"title": "changed"}).must(t, 200)
	call(t, srv, "POST", "/__mock/reset", nil).must(t, 200)
	if n := call(t, srv, "GET", "/teams/1/notes/11111111-1111-4111-8111-111111111111/", nil).must(t, 200).JSON; n["title"] != "Buy milk" {
		t.Errorf("reset must restore the fixtures: %v", n["title"])
	}
	if c := call(t, srv, "GET", "/teams/1/tags", nil).must(t, 200).Array; len(c) != 1 {
		t.Errorf("after reset %d tags, want the 1 fixture", len(c))
	}
	if c := call(t, srv, "GET", "/teams/2/notes/", nil).must(t, 200).JSON["count"]; c != 0.0 {
		t.Errorf("with fixtures, other scopes start empty: %v", c)
	}
}

func TestFixturesBadFileIsAStartupError(t *testing.T) {
	t.Parallel()
	_, err := mockserver.New(mockserver.Options{SpecFile: "testdata/specs/notes.yaml", FixturesDir: "testdata/fixtures/notes-bad"})
	if err == nil {
		t.Fatal("a bad fixture loaded")
	}
	for _, want := range []string{"notes-bad/notes.yaml", "objects[1]", "color", "purple"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q should mention %q", err, want)
		}
	}
	_, err = mockserver.New(mockserver.Options{SpecFile: "testdata/specs/notes.yaml", FixturesDir: "testdata/nope"})
	if err == nil || !strings.Contains(err.Error(), "testdata/nope") {
		t.Errorf("missing dir: %v", err)
	}
}

func TestPutAndGetFromGo(t *testing.T) {
	t.Parallel()
	srv := newNotes(t, mockserver.Options{EmptyState: true})
	scope := map[string]string{"team_id": "3"}
	obj, err := srv.Put("notes", scope, map[string]any{"title": "from Go", "color": "red", "pinned": true})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := obj["id"].(string)
	if r := call(t, srv, "GET", "/teams/3/notes/"+id+"/", nil).must(t, 200).JSON; r["title"] != "from Go" {
		t.Errorf("object put from Go not served: %v", r)
	}
	if _, err := srv.Put("notes", scope, map[string]any{"title": 5, "color": "red"}); err == nil || !strings.Contains(err.Error(), "title") {
		t.Errorf("invalid object: err = %v, want it to name title", err)
	}
	if _, err := srv.Put("nope", scope, map[string]any{}); !errors.Is(err, mockserver.ErrUnknownResource) || !strings.Contains(err.Error(), "notes") {
		t.Errorf("unknown resource: err = %v, want it to list the known ones", err)
	}
	call(t, srv, "PATCH", "/teams/3/notes/"+id+"/", map[string]any{"title": "patched"}).must(t, 200)
	got, hidden, ok := srv.Get("notes", scope, id)
	if !ok || hidden || got["title"] != "patched" {
		t.Errorf("Get = %v %v %v", got, hidden, ok)
	}
	if l := srv.List("notes", scope); len(l) != 1 {
		t.Errorf("List = %d objects", len(l))
	}
}

// TestPutPartialHogFunctionAnswersConform arranges a hog function with only
// a few fields: what the server then answers about it (GET, PATCH, list)
// must still conform to the contract, so the journal stays free of
// response violations (absent fields are omitted, not sent as null).
func TestPutPartialHogFunctionAnswersConform(t *testing.T) {
	t.Parallel()
	srv, err := mockserver.New(mockserver.Options{EmptyState: true})
	if err != nil {
		t.Fatal(err)
	}
	const id = "0d4cd9a4-4aa4-4b39-a4c1-9b0f9a0b4b2a"
	if _, err := srv.Put("hog_functions", map[string]string{"project_id": "1"},
		map[string]any{"id": id, "name": "arranged", "hog": "return event"}); err != nil {
		t.Fatal(err)
	}
	item := "/api/projects/1/hog_functions/" + id + "/"
	if r := call(t, srv, "GET", item, nil).must(t, 200).JSON; r["name"] != "arranged" {
		t.Errorf("GET: %v", r)
	}
	for i := range 2 { // the second PATCH renders from the first one's rendering
		call(t, srv, "PATCH", item, map[string]any{"name": "renamed " + strings.Repeat("x", i), "enabled": true}).must(t, 200)
	}
	call(t, srv, "GET", "/api/projects/1/hog_functions/", nil).must(t, 200)
	if vs := srv.Violations(); len(vs) != 0 {
		t.Errorf("answers about a partial object broke the contract: %+v", vs)
	}
}

func TestFixturesOnlyRegularFilesInsideTheDirectory(t *testing.T) {
	t.Parallel()
	spec, err := os.ReadFile("testdata/specs/notes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "shadow.json")
	if err := os.WriteFile(outside, []byte("root:$6$secrethash:19000:0:99999:7:::\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		arrange func(dir string) error
		want    string
	}{
		{"link out of the directory", func(dir string) error { return os.Symlink(outside, filepath.Join(dir, "notes.json")) },
			"notes.json: a symbolic link to a file outside the directory"},
		{"link to /dev/zero", func(dir string) error { return os.Symlink("/dev/zero", filepath.Join(dir, "zero.json")) },
			"zero.json: a symbolic link"},
		{"a FIFO nobody writes to", func(dir string) error { return syscall.Mkfifo(filepath.Join(dir, "pipe.yaml"), 0o644) },
			"pipe.yaml: not a regular file (a named pipe)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if err := tc.arrange(dir); err != nil {
				t.Skip(err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := mockserver.New(mockserver.Options{Spec: spec, FixturesDir: dir})
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("New: %v, want an error containing %q", err, tc.want)
				}
				if strings.Contains(err.Error(), "secrethash") {
					t.Errorf("the error shows the outside file's content: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("New blocked reading the fixtures directory")
			}
		})
	}
}
