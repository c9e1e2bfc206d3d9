package mockserver

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStateFileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "state.json")
	s := newHardServer(t, Options{StateFile: file}) // no file yet: a first start
	w := authed(t, s, "POST", hfList, `{"name":"survives","hog":"return 1"}`)
	if w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	if w := authed(t, s, "PATCH", inList+"2/", `{"deleted":true}`); w.Code != 200 {
		t.Fatalf("soft delete: %d %s", w.Code, w.Body)
	}
	// Empty a seeded collection: after a restart it must stay empty, not be
	// seeded again.
	for _, id := range []string{"1", "2", "3"} {
		if w := authed(t, s, "DELETE", "/api/environments/7/insights/"+id+"/", ""); w.Code >= 500 {
			t.Fatalf("delete: %d", w.Code)
		}
		authed(t, s, "PATCH", "/api/environments/7/insights/"+id+"/", `{"deleted":true}`)
	}
	if p := decodeList(t, authed(t, s, "GET", "/api/environments/7/insights/", "").Body.Bytes()); p.Count != 0 {
		t.Fatalf("environment 7 still lists %d insights", p.Count)
	}
	want := exportState(t, s)
	if err := s.SaveState(); err != nil {
		t.Fatalf("SaveState: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 || entries[0].Name() != "state.json" || entries[1].Name() != "state.json.log" {
		t.Errorf("the directory holds %v, want only state.json and its log (no temporary files left)", entries)
	}
	if fi, err := os.Stat(file + ".log"); err != nil || fi.Size() != 0 {
		t.Errorf("the log after SaveState: %v, size %d; want empty (compacted into the file)", err, fi.Size())
	}

	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2 := newHardServer(t, Options{StateFile: file})
	if got := exportState(t, s2); !bytes.Equal(got, want) {
		t.Errorf("restored state differs:\n got %.300s\nwant %.300s", got, want)
	}
	p := decodeList(t, authed(t, s2, "GET", hfList, "").Body.Bytes())
	found := false
	for _, r := range p.Results {
		found = found || r["name"] == "survives"
	}
	if p.Count != 4 || !found {
		t.Errorf("restored list: count %d, created function listed: %v", p.Count, found)
	}
	if p := decodeList(t, authed(t, s2, "GET", "/api/environments/7/insights/", "").Body.Bytes()); p.Count != 0 {
		t.Errorf("a restored empty collection was seeded again: %d insights", p.Count)
	}
	if w := authed(t, s2, "GET", inList+"2/", ""); w.Code != 404 {
		t.Errorf("a restored soft-deleted insight answers %d", w.Code)
	}
	// Ids are deterministic: creating after a restore must not collide
	// with the restored objects.
	for i := 0; i < 6; i++ {
		if w := authed(t, s2, "POST", hfList, `{"name":"after restart","hog":"return 1"}`); w.Code != 201 {
			t.Fatalf("create after restore: %d %s", w.Code, w.Body)
		}
		if w := authed(t, s2, "POST", inList, `{"name":"after restart"}`); w.Code != 201 {
			t.Fatalf("create insight after restore: %d %s", w.Code, w.Body)
		}
	}
	if p := decodeList(t, authed(t, s2, "GET", hfList, "").Body.Bytes()); p.Count != 10 {
		t.Errorf("after 6 creates: count %d, want 10", p.Count)
	}
	// Without StateFile, SaveState does nothing.
	if err := newHardServer(t, Options{}).SaveState(); err != nil {
		t.Errorf("SaveState without a file: %v", err)
	}
}

func TestStateFileRefused(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good, _ := json.Marshal(map[string]any{"format": "mockserver-state", "version": 1,
		"collections": map[string]any{"widgets|shop=1": []any{map[string]any{"id": "1", "obj": map[string]any{"id": "1"}}}}})
	cases := map[string]string{
		write("corrupt.json", `{"format":"mockserver-state","version":1,"collections":{"insights|project_id=1":[{"id":"1","obj":`): "bad JSON",
		write("foreign.json", `{"name":"some other tool","items":[]}`):                                                             "not a mockserver state document",
		write("newer.json", `{"format":"mockserver-state","version":99,"collections":{}}`):                                         "newer",
		write("other-contract.json", string(good)):                                                                                 "widgets",
		write("empty.json", ``): "",
		dir:                     "",
	}
	for path, want := range cases {
		before, _ := os.ReadFile(path)
		_, err := New(Options{StateFile: path})
		if err == nil {
			t.Errorf("%s: New accepted it", filepath.Base(path))
			continue
		}
		if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %q should name the file and say %q", filepath.Base(path), err, want)
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
			t.Errorf("%s: the refused file was changed", filepath.Base(path))
		}
	}
}

// Every kind of write reaches the change log: a server stopped without
// SaveState (as a crash after the last sync) comes back with the same
// state from the file and the log.
func TestStateLogReplaysEveryWrite(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "state.json")
	s := newHardServer(t, Options{StateFile: file})
	authed(t, s, "GET", hfList, "")       // seeds
	if err := s.SaveState(); err != nil { // a file, then changes in the log only
		t.Fatal(err)
	}
	w := authed(t, s, "POST", hfList, `{"name":"created","hog":"return 1"}`)
	var created struct{ ID string }
	if err := json.Unmarshal(w.Body.Bytes(), &created); w.Code != 201 || err != nil {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	steps := []struct{ method, path, body string }{
		{"PATCH", hfList + created.ID + "/", `{"name":"renamed"}`},
		{"PATCH", inList + "1/", `{"name":"renamed"}`},
		{"PATCH", inList + "2/", `{"deleted":true}`},
		{"PATCH", inList + "3/", `{"deleted":true}`},
		{"PATCH", inList + "3/", `{"deleted":false}`},
	}
	for _, st := range steps {
		if w := authed(t, s, st.method, st.path, st.body); w.Code >= 300 {
			t.Fatalf("%s %s: %d %s", st.method, st.path, w.Code, w.Body)
		}
	}
	if _, err := s.Put("insights", map[string]string{"project_id": "5"}, map[string]any{"name": "put"}); err != nil {
		t.Fatal(err)
	}
	want := exportState(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2 := newHardServer(t, Options{StateFile: file})
	if got := exportState(t, s2); !bytes.Equal(got, want) {
		t.Errorf("state from the file and the log differs:\n got %.400s\nwant %.400s", got, want)
	}

	// A reset is a write too: after it, the state is seeded again.
	s2.Reset()
	authed(t, s2, "GET", hfList, "")
	want = exportState(t, s2)
	if err := s2.Close(); err != nil {
		t.Fatal(err)
	}
	if got := exportState(t, newHardServer(t, Options{StateFile: file})); !bytes.Equal(got, want) {
		t.Errorf("state after a reset differs:\n got %.400s\nwant %.400s", got, want)
	}
}

// A process killed while writing leaves a torn last line: it is skipped
// and reported. A bad line anywhere else is an error naming the file and
// the line.
func TestStateLogTornAndCorruptLines(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "state.json")
	s := newHardServer(t, Options{StateFile: file})
	if w := authed(t, s, "POST", inList, `{"name":"kept"}`); w.Code != 201 {
		t.Fatalf("create: %d", w.Code)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	log, err := os.ReadFile(file + ".log")
	if err != nil || len(log) == 0 {
		t.Fatalf("no log: %v", err)
	}
	torn := append(append([]byte{}, log...), `{"op":"put","key":"hog_fun`...)
	if err := os.WriteFile(file+".log", torn, 0o644); err != nil {
		t.Fatal(err)
	}
	s2 := newHardServer(t, Options{StateFile: file})
	if w := authed(t, s2, "GET", inList+"4/", ""); w.Code != 200 {
		t.Errorf("the object before the torn line: %d", w.Code)
	}
	if ws := strings.Join(s2.Warnings(), "\n"); !strings.Contains(ws, "state.json.log: line") || !strings.Contains(ws, "incomplete") {
		t.Errorf("the torn line is not reported: %s", ws)
	}
	_ = s2.Close()

	lines := bytes.Count(log, []byte("\n"))
	corrupt := append([]byte("{not a change}\n"), log...)
	if err := os.WriteFile(file+".log", corrupt, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = New(Options{StateFile: file})
	if err == nil || !strings.Contains(err.Error(), "state.json.log: line 1:") {
		t.Errorf("a corrupt first line of %d: %v, want an error naming the file and line 1", lines+1, err)
	}
}

// Restored objects are checked against the contract: a field of the wrong
// type is an error naming the file, resource, object and field; an object
// without an id gets the id it is stored under.
func TestStateFileObjectsCheckedAgainstTheContract(t *testing.T) {
	dir := t.TempDir()
	s := newHardServer(t, Options{})
	obj, err := s.Put("insights", map[string]string{"project_id": "1"}, map[string]any{"name": "x"})
	if err != nil {
		t.Fatal(err)
	}
	state := func(obj map[string]any) string {
		b, _ := json.Marshal(map[string]any{"format": "mockserver-state", "version": 1,
			"collections": map[string]any{"insights|project_id=1": []any{map[string]any{"id": "42", "obj": obj, "seq": 1}}}})
		p := filepath.Join(dir, "state.json")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := maps.Clone(obj)
	bad["id"], bad["name"] = 42, 12345
	path := state(bad)
	_, err = New(Options{StateFile: path})
	for _, want := range []string{path, "insights", `"42"`, "name"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v should name %s", err, want)
		}
	}

	noID := maps.Clone(obj)
	delete(noID, "id")
	s2 := newHardServer(t, Options{StateFile: state(noID)})
	w := authed(t, s2, "GET", inList+"42/", "")
	var got map[string]any
	_ = json.Unmarshal(w.Body.Bytes(), &got)
	if w.Code != 200 || got["id"] != float64(42) {
		t.Errorf("an object stored under 42 without an id: %d, id %v", w.Code, got["id"])
	}
}

// On a first start the starting state (fixtures here) is saved at once:
// a crash before any clean shutdown keeps it, with the changes logged
// after it.
func TestStateFileFirstStartKeepsFixtures(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	opts := Options{SpecFile: "testdata/specs/notes.yaml", FixturesDir: "testdata/fixtures/notes-good", StateFile: file}
	s := newHardServer(t, opts)
	if _, err := s.Put("tags", map[string]string{"team_id": "1"}, map[string]any{"tag_id": 6, "label": "work"}); err != nil {
		t.Fatal(err)
	}
	want := exportState(t, s)
	if err := s.Close(); err != nil { // no SaveState: as a crash after the last sync
		t.Fatal(err)
	}
	s2 := newHardServer(t, opts)
	if got := exportState(t, s2); !bytes.Equal(got, want) {
		t.Errorf("after a crash:\n got %.400s\nwant %.400s", got, want)
	}
	if _, _, ok := s2.Get("notes", map[string]string{"team_id": "1"}, "11111111-1111-4111-8111-111111111111"); !ok {
		t.Error("a fixture object is gone")
	}
}

// A hot reload hands the change log to the next server: what is written
// before and after it survives a crash.
func TestStateLogAcrossReload(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	s := newHardServer(t, Options{StateFile: file})
	if w := authed(t, s, "POST", inList, `{"name":"before reload"}`); w.Code != 201 {
		t.Fatalf("create: %d", w.Code)
	}
	next, _, err := s.Reload(false)
	if err != nil {
		t.Fatal(err)
	}
	if w := authed(t, next, "POST", inList, `{"name":"after reload"}`); w.Code != 201 {
		t.Fatalf("create: %d", w.Code)
	}
	want := exportState(t, next)
	authed(t, s, "POST", inList, `{"name":"on the replaced server"}`) // not the state any more
	if err := next.Close(); err != nil {
		t.Fatal(err)
	}
	if got := exportState(t, newHardServer(t, Options{StateFile: file})); !bytes.Equal(got, want) {
		t.Errorf("after a reload and a crash:\n got %.400s\nwant %.400s", got, want)
	}
}
