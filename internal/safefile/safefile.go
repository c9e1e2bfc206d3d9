// Package safefile reads the files of a directory that an operator points
// the server at (fixtures) without trusting what is in it: only regular
// files inside the directory, each within a size limit. A symbolic link is
// followed only when it stays inside the directory, and a device or a FIFO
// is refused before it is opened, so a stray link or pipe can neither leak
// another file into an error message nor block or exhaust the server.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// File is one file read from the directory.
type File struct {
	Path string // the directory joined with the file's name
	Data []byte
}

// ReadDir reads the regular files of dir whose names end in one of exts
// (compared without case), sorted by name. Subdirectories are skipped. A
// matching entry that is not a regular file inside dir, or that is larger
// than maxSize bytes, is an error naming it.
func ReadDir(dir string, exts []string, maxSize int64) ([]File, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	entries, err := fs.ReadDir(root.FS(), ".")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && hasExt(e.Name(), exts) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	out := make([]File, 0, len(names))
	for _, name := range names {
		path := filepath.Join(dir, name)
		data, err := readOne(root, name, maxSize)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, File{Path: path, Data: data})
	}
	return out, nil
}

func hasExt(name string, exts []string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	for _, e := range exts {
		if ext == e {
			return true
		}
	}
	return false
}

// readOne reads name, a regular file of root (after links that stay
// inside it), of at most maxSize bytes.
func readOne(root *os.Root, name string, maxSize int64) ([]byte, error) {
	fi, err := root.Stat(name) // follows links, refusing any that leave root
	if err != nil {
		if li, lerr := root.Lstat(name); lerr == nil && li.Mode()&fs.ModeSymlink != 0 {
			return nil, errors.New("a symbolic link to a file outside the directory, or to none (only files inside it are read)")
		}
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%s)", kind(fi.Mode()))
	}
	if fi.Size() > maxSize {
		return nil, fmt.Errorf("%d bytes, over the limit of %d", fi.Size(), maxSize)
	}
	f, err := root.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file may have changed since Stat: read no more than the limit.
	data, err := io.ReadAll(io.LimitReader(f, maxSize+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > maxSize {
		return nil, fmt.Errorf("over the limit of %d bytes", maxSize)
	}
	return data, nil
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a directory"
	}
	return m.Type().String()
}
