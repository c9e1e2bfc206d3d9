package safefile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestReadDir(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.json")
	write(t, secret, `{"password":"hunter2"}`)
	exts := []string{".json", ".yaml"}
	cases := []struct {
		name    string
		arrange func(t *testing.T, dir string)
		wantErr string // "" for success
		want    []string
	}{
		{"regular files sorted, others skipped", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "b.json"), "{}")
			write(t, filepath.Join(dir, "a.YAML"), "x: 1")
			write(t, filepath.Join(dir, "notes.txt"), "skip")
			if err := os.Mkdir(filepath.Join(dir, "sub.json"), 0o755); err != nil {
				t.Fatal(err)
			}
		}, "", []string{"a.YAML", "b.json"}},
		{"link inside the directory is followed", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "real.txt"), `{"ok":true}`)
			link(t, "real.txt", filepath.Join(dir, "alias.json"))
		}, "", []string{"alias.json"}},
		{"link outside the directory is refused without reading it", func(t *testing.T, dir string) {
			link(t, secret, filepath.Join(dir, "evil.json"))
		}, "evil.json: a symbolic link to a file outside the directory", nil},
		{"relative link climbing out is refused", func(t *testing.T, dir string) {
			link(t, filepath.Join("..", filepath.Base(outside), "secret.json"), filepath.Join(dir, "up.json"))
		}, "up.json: a symbolic link", nil},
		{"a FIFO is refused before it is opened", func(t *testing.T, dir string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "pipe.json"), 0o644); err != nil {
				t.Skip("no mkfifo:", err)
			}
		}, "pipe.json: not a regular file (a named pipe)", nil},
		{"a device is refused", func(t *testing.T, dir string) {
			link(t, "/dev/zero", filepath.Join(dir, "zero.json"))
		}, "zero.json: a symbolic link", nil},
		{"a file over the size limit is refused", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "big.json"), strings.Repeat(" ", 2000))
		}, "big.json: 2000 bytes, over the limit of 1024", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			tc.arrange(t, dir)
			files, err := ReadDir(dir, exts, 1024)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "hunter2") {
					t.Errorf("the error leaks the outside file: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range files {
				got = append(got, filepath.Base(f.Path))
				if len(f.Data) == 0 {
					t.Errorf("%s read empty", f.Path)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("read %v, want %v", got, tc.want)
			}
		})
	}
}

func TestReadDirMissing(t *testing.T) {
	t.Parallel()
	if _, err := ReadDir(filepath.Join(t.TempDir(), "nope"), []string{".json"}, 10); err == nil {
		t.Fatal("a missing directory read without error")
	}
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func link(t *testing.T, target, path string) {
	t.Helper()
	if err := os.Symlink(target, path); err != nil {
		t.Skip("no symlinks:", err)
	}
}
