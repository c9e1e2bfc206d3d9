package mockserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/mockserver-go/mockserver/internal/store"
	"io"
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
// documents the file has one section per document. The change log beside
// it then drops what the file now holds (compaction). Without a StateFile
// it does nothing.
func (s *Server) SaveState() error {
	if s.opts.StateFile == "" {
		return nil
	}
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	// Every change before these offsets is in the export that follows;
	// changes made during the export may or may not be, and stay in the
	// log, whose replay over the export is idempotent.
	offs := make([]int64, len(s.logs))
	for i, l := range s.logs {
		off, err := l.Sync()
		if err != nil {
			return fmt.Errorf("mockserver: saving state: %w", err)
		}
		offs[i] = off
	}
	if err := s.writeState(); err != nil {
		return err
	}
	for i, l := range s.logs {
		if err := l.DropBefore(offs[i]); err != nil {
			return fmt.Errorf("mockserver: saving state: %w", err)
		}
	}
	return nil
}

func (s *Server) writeState() error {
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

// restoreState loads the state file and the change log beside it, when
// they exist. Missing ones are a first start; anything else that cannot be
// read or is not a state document of these contracts (a file of one
// document for several, of another tool, or naming a document that is not
// served), or an object the contract refuses, is an error naming the
// file, so a developer's data is never silently discarded (or overwritten
// on the next save). A torn last line of a log is skipped, and reported
// in Warnings.
func (s *Server) restoreState(ctx context.Context, path string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		data, err = nil, nil
	}
	if err != nil {
		return fmt.Errorf("mockserver: --state %s: %w", path, err)
	}
	if !s.named() {
		if err := s.restoreDocument(ctx, s.docs[0], path, data); err != nil {
			return fmt.Errorf("mockserver: --state %s: cannot restore it (fix or remove the file): %w", path, err)
		}
		return nil
	}
	sections := map[string]json.RawMessage{}
	if data != nil {
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
		sections = st.Mounts
	}
	names := make([]string, 0, len(sections))
	for name := range sections {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if s.document(name) == nil {
			return fmt.Errorf("mockserver: --state %s: the file has a section for %q, which is not served (documents: %s)", path, name, strings.Join(s.documentNames(), ", "))
		}
	}
	for _, d := range s.docs {
		if err := s.restoreDocument(ctx, d, path, sections[d.name]); err != nil {
			return fmt.Errorf("mockserver: --state %s: document %q: cannot restore it (fix or remove the file): %w", path, d.name, err)
		}
	}
	return nil
}

// restoreDocument installs a document's state: its section of the state
// file (nil: none) and its change log, each object checked against the
// contract. Nothing changes when both are missing.
func (s *Server) restoreDocument(ctx context.Context, d *document, path string, section []byte) error {
	mem := d.eng.Store()
	if mem == nil {
		return errors.New("a state file needs the in-memory store")
	}
	logPath := s.logPath(d)
	var log io.Reader
	f, err := os.Open(logPath)
	switch {
	case err == nil:
		defer f.Close()
		log = f
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	if section == nil && log == nil {
		return nil
	}
	st, torn, err := store.ReadState(ctx, section, log, logPath)
	if err != nil {
		return err
	}
	if torn != "" {
		s.stateNotes = append(s.stateNotes, torn)
	}
	if err := checkRestored(ctx, d, st); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return mem.Install(st)
}

// checkRestored checks every object of st against d's contract, on every
// CPU (the validator is safe for concurrent use): the error is the first
// object's that fails, in collection and creation order.
func checkRestored(ctx context.Context, d *document, st *store.State) error {
	return st.Check(ctx, d.eng.NewRestoreCheck().Check)
}

// logPath is where a document's change log lives: beside the state file,
// one per document.
func (s *Server) logPath(d *document) string {
	if d.name == "" {
		return s.opts.StateFile + ".log"
	}
	return s.opts.StateFile + "." + d.name + ".log"
}

// openLogs starts logging every change of every document to its change
// log (Options.StateSyncInterval). A log past logCompactAt bytes is
// compacted into the state file.
func (s *Server) openLogs() error {
	interval := s.opts.StateSyncInterval
	if interval == 0 {
		interval = DefaultStateSyncInterval
	}
	for _, d := range s.docs {
		l, err := store.OpenLogFile(s.logPath(d), interval, logCompactAt, func() {
			if err := s.SaveState(); err != nil && s.opts.Logger != nil {
				s.opts.Logger.Error("compacting the state log", "err", err)
			}
		})
		if err != nil {
			s.closeLogs()
			return fmt.Errorf("mockserver: --state %s: %w", s.opts.StateFile, err)
		}
		s.logs = append(s.logs, l)
		d.eng.Store().SetChangeLog(l)
	}
	return nil
}

// logCompactAt is the size past which a change log is compacted.
const logCompactAt = 64 << 20

// closeLogs stops the change logs, syncing what is left.
func (s *Server) closeLogs() error {
	var errs []error
	for i, l := range s.logs {
		if i < len(s.docs) {
			if m := s.docs[i].eng.Store(); m != nil {
				m.SetChangeLog(nil)
			}
		}
		errs = append(errs, l.Close())
	}
	s.logs = nil
	return errors.Join(errs...)
}

// Close stops what a server runs in the background: with a StateFile, it
// syncs and closes the change log (call SaveState first to compact it into
// the file); with a StoreURL, it closes the connections to the store (a
// Server that Reload made closes those it took over). It does not save
// the state.
func (s *Server) Close() error { return errors.Join(s.closeLogs(), s.closeStores()) }

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
