package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// The state file (Options.StateFile) of one document is the store's
// export. Several documents keep one section per document in a file of
// their own format, so that a file of one kind is never read as the other.

// documentsStateFormat names a state file of several documents.
const documentsStateFormat = "mockserver-state-multi"

// documentsState is the state file of several documents: one section per
// document, each a single document's state (as the store exports it).
type documentsState struct {
	Format  string                     `json:"format"`
	Version int                        `json:"version"`
	Mounts  map[string]json.RawMessage `json:"mounts"`
}

// SaveState writes the whole state (hidden objects included) to
// Options.StateFile, atomically: it writes a temporary file in the same
// directory, syncs it and renames it over the old one, so a crash leaves
// either the old or the new state, never a torn file. With several
// documents the file has one section per document. Without a StateFile it
// does nothing.
func (s *Server) SaveState() error {
	if s.opts.StateFile == "" {
		return nil
	}
	if !s.named() {
		data, err := s.docs[0].eng.Export()
		if err != nil {
			return fmt.Errorf("mockserver: saving state: %w", err)
		}
		return writeFileAtomic(s.opts.StateFile, data)
	}
	st := documentsState{Format: documentsStateFormat, Version: 1, Mounts: map[string]json.RawMessage{}}
	for _, d := range s.docs {
		data, err := d.eng.Export()
		if err != nil {
			return fmt.Errorf("mockserver: saving the state of %q: %w", d.name, err)
		}
		st.Mounts[d.name] = data
	}
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("mockserver: saving state: %w", err)
	}
	return writeFileAtomic(s.opts.StateFile, data)
}

// restoreState loads the state file when it exists. A missing file is a
// first start; anything else that cannot be read or is not a state
// document of these contracts (a file of one document for several, of
// another tool, or naming a document that is not served) is an error
// naming the file, so a developer's data is never silently discarded (or
// overwritten on the next save).
func (s *Server) restoreState(path string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("mockserver: --state %s: %w", path, err)
	}
	if !s.named() {
		if err := s.docs[0].eng.Restore(data); err != nil {
			return fmt.Errorf("mockserver: --state %s: cannot restore it (fix or remove the file): %w", path, err)
		}
		return nil
	}
	var st documentsState
	if err := json.Unmarshal(data, &st); err != nil {
		return fmt.Errorf("mockserver: --state %s: not a state file: %w", path, err)
	}
	if st.Format != documentsStateFormat {
		hint := ""
		if st.Format == "mockserver-state" {
			hint = " (it holds one document's state; several documents keep one section per document)"
		}
		return fmt.Errorf("mockserver: --state %s: format %q, want %q%s", path, st.Format, documentsStateFormat, hint)
	}
	if st.Version != 1 {
		return fmt.Errorf("mockserver: --state %s: version %d is not supported (want 1)", path, st.Version)
	}
	names := make([]string, 0, len(st.Mounts))
	for name := range st.Mounts {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		d := s.document(name)
		if d == nil {
			return fmt.Errorf("mockserver: --state %s: the file has a section for %q, which is not served (documents: %s)", path, name, strings.Join(s.documentNames(), ", "))
		}
		if err := d.eng.Restore(st.Mounts[name]); err != nil {
			return fmt.Errorf("mockserver: --state %s: document %q: cannot restore it (fix or remove the file): %w", path, name, err)
		}
	}
	return nil
}

func (s *Server) document(name string) *document {
	for _, d := range s.docs {
		if d.name == name {
			return d
		}
	}
	return nil
}

func (s *Server) documentNames() []string {
	out := make([]string, len(s.docs))
	for i, d := range s.docs {
		out[i] = d.name
	}
	return out
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
