package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// checkStateFile finds at start-up what saving the state would find only
// at shutdown, after the whole run: a directory that is missing or not
// writable, or a path that is a directory. It writes and removes a
// temporary file where the save writes its own, which is the one test
// that holds for every file system and user (root included, except on a
// read-only mount).
func checkStateFile(path string) error {
	if path == "" {
		return nil
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("--state %s: is a directory, want a file", path)
	}
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("--state %s: the directory %s does not exist", path, dir)
	case err != nil:
		return fmt.Errorf("--state %s: %w", path, err)
	case !fi.IsDir():
		return fmt.Errorf("--state %s: %s is not a directory", path, dir)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".check-*")
	if err != nil {
		return fmt.Errorf("--state %s: the state could not be saved there: %w", path, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}
