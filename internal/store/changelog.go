package store

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
)

// A ChangeLog receives every change of a Memory store as one line of JSON
// (no newline), in the order the changes are made to each collection:
// Memory.SetChangeLog. Replaying the lines over the last export
// (ReadState) gives the state back. Append must not block for long: it
// runs with the collection's lock held.
type ChangeLog interface {
	Append(line []byte)
}

// logLine is one change. Op is "put" (the whole new version of an object:
// created, updated, hidden or shown), "del" (an object deleted), "col" (an
// empty collection created) or "reset" (every collection dropped). A put
// carries the record as the export does, so that replaying it is
// idempotent: a line replayed over a state that already has it changes
// nothing.
type logLine struct {
	Op     string          `json:"op"`
	Key    string          `json:"key,omitempty"`
	ID     string          `json:"id,omitempty"`
	Obj    json.RawMessage `json:"obj,omitempty"`
	Hidden bool            `json:"hidden,omitempty"`
	Seq    uint64          `json:"seq,omitempty"`
}

// shared is what the collections of one Memory share: the change log and
// the count of stored objects, with its bound.
type shared struct {
	log     atomic.Pointer[ChangeLog]
	objects atomic.Int64
	max     atomic.Int64 // 0: no bound
	// versions hands out the collections' versions (Collection.Version).
	versions atomic.Uint64
}

// ErrFull is returned by Create (and Collection.Insert) when the store
// holds as many objects as Memory.SetMaxObjects allows.
var ErrFull = errors.New("store: the store is full")

// SetChangeLog makes the store send every later change to l (nil: to
// none). Changes of a collection detached by Reset or Import are not
// sent: they are no longer part of the state.
func (s *Memory) SetChangeLog(l ChangeLog) {
	if l == nil {
		s.sh.log.Store(nil)
		return
	}
	s.sh.log.Store(&l)
}

// SetMaxObjects bounds the objects the store holds, hidden ones included:
// a Create past n fails with ErrFull. n <= 0 removes the bound.
func (s *Memory) SetMaxObjects(n int64) { s.sh.max.Store(max(n, 0)) }

// Objects returns the number of objects the store holds, hidden included.
func (s *Memory) Objects() int64 { return s.sh.objects.Load() }

// logf sends a change, if a log is set and c is still part of the state.
// c.mu must be held, so that a collection's lines are in the order of its
// changes.
func (c *Collection) logf(line logLine) {
	if c.sh == nil || c.detached {
		return
	}
	if l := c.sh.log.Load(); l != nil {
		b, err := json.Marshal(line)
		if err == nil {
			(*l).Append(b)
		}
	}
}

// logPut sends rec's new version. c.mu must be held.
func (c *Collection) logPut(rec *Record) {
	if c.sh == nil || c.detached || c.sh.log.Load() == nil {
		return
	}
	obj, err := rec.appendJSON(nil)
	if err != nil {
		return
	}
	c.logf(logLine{Op: "put", Key: c.key, ID: rec.ID, Obj: obj, Hidden: rec.Hidden, Seq: rec.Seq})
}

// ReadState reads an export (nil: none) and the change log written after
// it began (nil: none) into a State, ready to validate and to Install. The
// log's last line may be torn (the process was killed while writing it):
// it is skipped, and ReadState reports it in torn. Any other line that is
// not a change is an error naming logName and the line. ctx cancelled
// stops the reading.
func ReadState(ctx context.Context, export []byte, log io.Reader, logName string) (st *State, torn string, err error) {
	st = &State{cols: map[string]map[string]*stateObj{}}
	if export != nil {
		if err := st.readExport(ctx, export); err != nil {
			return nil, "", err
		}
	}
	if log == nil {
		return st, "", nil
	}
	r := bufio.NewReaderSize(log, 1<<20)
	for n := 1; ; n++ {
		line, rerr := r.ReadBytes('\n')
		if rerr != nil && rerr != io.EOF {
			return nil, "", fmt.Errorf("%s: %w", logName, rerr)
		}
		if n%1024 == 0 && ctx.Err() != nil {
			return nil, "", fmt.Errorf("%s: reading stopped at line %d: %w", logName, n, context.Cause(ctx))
		}
		last := rerr == io.EOF
		if last && len(line) == 0 {
			return st, "", nil
		}
		if err := st.apply(bytes.TrimSpace(line)); err != nil {
			if last && !bytes.HasSuffix(line, []byte("\n")) {
				return st, fmt.Sprintf("%s: line %d is incomplete (the process stopped while writing it) and was skipped", logName, n), nil
			}
			return nil, "", fmt.Errorf("%s: line %d: %w", logName, n, err)
		}
		if last {
			return st, "", nil
		}
	}
}
