package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver/internal/journal"
	ireport "github.com/mockserver-go/mockserver/internal/report"
)

// Report is the contract-testing report of every document: operations
// and violations are named "mount:operation_id" (paths "/mount/..."),
// coverage adds up over the documents, and requests outside every mount
// are the undocumented ones.
func (m *Multi) Report() Report {
	now := time.Now
	if m.opts.Now != nil {
		now = m.opts.Now
	}
	parts := make([]ireport.Part, len(m.mounts))
	for i, mt := range m.mounts {
		parts[i] = ireport.Part{Name: mt.name, Report: mt.w.Server().report()}
	}
	undoc := m.jr.ViolationsByOperation()[journal.Undocumented]
	return ireport.Merge(m.Title(), parts, m.jr.Coverage(), undoc, now())
}

// SaveRecording writes every document's recording (see
// Server.SaveRecording) and returns all the files written.
func (m *Multi) SaveRecording() ([]string, error) {
	var files []string
	for _, mt := range m.mounts {
		f, err := mt.w.Server().SaveRecording()
		files = append(files, f...)
		if err != nil {
			return files, fmt.Errorf("document %q: %w", mt.name, err)
		}
	}
	return files, nil
}

// RecordingSkipped lists every document's skipped objects, as
// "mount:resource/id".
func (m *Multi) RecordingSkipped() map[string]string {
	out := map[string]string{}
	for _, mt := range m.mounts {
		for k, v := range mt.w.Server().RecordingSkipped() {
			out[mt.name+":"+k] = v
		}
	}
	return out
}

// multiStateFormat names a state file of several documents.
const multiStateFormat = "mockserver-state-multi"

// multiState is the --state file of a Multi: one section per mount, each
// a single document's state (as Server.SaveState writes it).
type multiState struct {
	Format  string                     `json:"format"`
	Version int                        `json:"version"`
	Mounts  map[string]json.RawMessage `json:"mounts"`
}

// SaveState writes every document's state to MultiOptions.StateFile,
// atomically, one section per mount. Without a StateFile it does nothing.
func (m *Multi) SaveState() error {
	if m.opts.StateFile == "" {
		return nil
	}
	st := multiState{Format: multiStateFormat, Version: 1, Mounts: map[string]json.RawMessage{}}
	for _, mt := range m.mounts {
		data, err := mt.w.Server().eng.Export()
		if err != nil {
			return fmt.Errorf("mockserver: saving the state of %q: %w", mt.name, err)
		}
		st.Mounts[mt.name] = data
	}
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("mockserver: saving state: %w", err)
	}
	return writeFileAtomic(m.opts.StateFile, data)
}

// restoreState loads the state file when it exists. A file of one
// document, of another tool, or naming a mount that is not served is an
// error naming the file; so is a section a document cannot restore.
func (m *Multi) restoreState(path string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("mockserver: --state %s: %w", path, err)
	}
	var st multiState
	if err := json.Unmarshal(data, &st); err != nil {
		return fmt.Errorf("mockserver: --state %s: not a state file: %w", path, err)
	}
	if st.Format != multiStateFormat {
		hint := ""
		if st.Format == "mockserver-state" {
			hint = " (it holds one document's state; several documents keep one section per mount)"
		}
		return fmt.Errorf("mockserver: --state %s: format %q, want %q%s", path, st.Format, multiStateFormat, hint)
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
		s := m.Server(name)
		if s == nil {
			return fmt.Errorf("mockserver: --state %s: the file has a section for %q, which is not served (mounts: %s)", path, name, strings.Join(m.Names(), ", "))
		}
		if err := s.eng.Restore(st.Mounts[name]); err != nil {
			return fmt.Errorf("mockserver: --state %s: document %q: cannot restore it (fix or remove the file): %w", path, name, err)
		}
	}
	return nil
}
