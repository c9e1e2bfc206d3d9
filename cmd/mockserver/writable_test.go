package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckStateFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, wantErr string
	}{
		{"", ""},
		{filepath.Join(dir, "state.json"), ""},
		{file, ""},
		{filepath.Join(dir, "missing", "state.json"), "the directory " + filepath.Join(dir, "missing") + " does not exist"},
		{filepath.Join(file, "state.json"), "is not a directory"},
		{dir, "is a directory, want a file"},
	}
	for _, tc := range tests {
		err := checkStateFile(tc.path)
		if tc.wantErr == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.path, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "--state "+tc.path) {
			t.Errorf("%s: %v, want an error naming it and saying %q", tc.path, err, tc.wantErr)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the check left files behind: %v", entries)
	}
}

func TestCheckStateFileReadOnlyDirectory(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		t.Skip("root writes into a read-only directory")
	}
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	if err := checkStateFile(filepath.Join(dir, "state.json")); err == nil || !strings.Contains(err.Error(), "could not be saved") {
		t.Errorf("read-only directory: %v", err)
	}
}
