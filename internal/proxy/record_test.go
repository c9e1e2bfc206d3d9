package proxy

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/internal/redact"
	"github.com/mockserver-go/mockserver/internal/spec"
)

func TestRecorderSavesValidRedactedFixtures(t *testing.T) {
	dir := t.TempDir()
	eng := testEngine(t)
	rec := NewRecorder(dir, eng)
	p := newProxy(t, upstream(t).URL, rec)

	do(p, "GET", "/pets/", "", nil)   // ids 1 and 2 (2 carries an api_key)
	do(p, "GET", "/pets/1/", "", nil) // id 1 again, with an owner: newest wins
	do(p, "GET", "/pets/2/", "", nil) // drifts: not saved, and id 2 stays as the list had it
	do(p, "POST", "/pets/", `{"name":"New","kind":"dog"}`, map[string]string{"Content-Type": "application/json"})
	do(p, "DELETE", "/pets/10/", "", nil) // the created pet is gone again
	do(p, "GET", "/pets/3/", "", nil)     // 418: nothing to record

	files, err := rec.Flush()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || filepath.Base(files[0]) != "pets.json" {
		t.Fatalf("files = %v, want one pets.json", files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "phx_") {
		t.Errorf("secret in fixture: %s", data)
	}
	var ff fixtureFile
	if err := json.Unmarshal(data, &ff); err != nil {
		t.Fatal(err)
	}
	if ff.Resource != "pets" || len(ff.Objects) != 2 {
		t.Fatalf("fixture = %s", data)
	}
	if ff.Objects[0]["owner"] == nil {
		t.Errorf("object 1 is not the newest version: %v", ff.Objects[0])
	}
	if ff.Objects[1]["api_key"] != "[redacted]" || ff.Objects[1]["kind"] != "dog" {
		t.Errorf("object 2 = %v, want the list's version with api_key redacted", ff.Objects[1])
	}
	skipped := rec.Skipped()
	if why := skipped["pets/2"]; !strings.Contains(why, "kind") && !strings.Contains(why, "name") {
		t.Errorf("skipped = %v, want pets/2 with why", skipped)
	}
}

func TestRedactValue(t *testing.T) {
	in := map[string]any{"name": "x", "inputs": map[string]any{"api_key": map[string]any{"value": "abc"}},
		"note": "key phx_abcdefghijk here", "count": 3.0, "personal_api_key": "k"}
	red := redact.New(spec.Secrets{Prefixes: []string{"phx_"}})
	out := redactValue(red, in, false).(map[string]any)
	if out["inputs"].(map[string]any)["api_key"].(map[string]any)["value"] != "[redacted]" {
		t.Errorf("nested secret kept: %v", out)
	}
	if out["note"] != "key [redacted] here" || out["personal_api_key"] != "[redacted]" || out["count"] != 3.0 || out["name"] != "x" {
		t.Errorf("redacted = %v", out)
	}
	if in["personal_api_key"] != "k" {
		t.Error("input modified")
	}
}
