package mockserver

import (
	"bytes"
	"encoding/json"
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
