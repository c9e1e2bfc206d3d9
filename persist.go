package mockserver

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// restoreState loads Options.StateFile when it exists. A missing file is a
// first start; anything else that cannot be read or is not a state
// document of this contract is an error naming the file, so a developer's
// data is never silently discarded (or overwritten on the next save).
func (s *Server) restoreState(path string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("mockserver: --state %s: %w", path, err)
	}
	if err := s.eng.Restore(data); err != nil {
		return fmt.Errorf("mockserver: --state %s: cannot restore it (fix or remove the file): %w", path, err)
	}
	return nil
}

// SaveState writes the whole state (hidden objects included) to
// Options.StateFile, atomically: it writes a temporary file in the same
// directory, syncs it and renames it over the old one, so a crash leaves
// either the old or the new state, never a torn file. Without a StateFile
// it does nothing.
func (s *Server) SaveState() error {
	if s.opts.StateFile == "" {
		return nil
	}
	return s.writeState(s.opts.StateFile)
}

// writeState writes the state to path atomically (see SaveState).
func (s *Server) writeState(path string) error {
	data, err := s.eng.Export()
	if err != nil {
		return fmt.Errorf("mockserver: saving state: %w", err)
	}
	return writeFileAtomic(path, data)
}

// writeFileAtomic writes data (and a final newline) to a temporary file
// in path's directory, syncs it and renames it over path.
func writeFileAtomic(path string, data []byte) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("mockserver: saving state to %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(append(data, '\n')); err != nil {
		return fmt.Errorf("mockserver: saving state to %s: %w", path, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("mockserver: saving state to %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("mockserver: saving state to %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("mockserver: saving state to %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("mockserver: saving state to %s: %w", path, err)
	}
	return nil
}
