package store

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
)

// memLog is a ChangeLog in memory.
type memLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *memLog) Append(line []byte) {
	l.mu.Lock()
	l.b.Write(line)
	l.b.WriteByte('\n')
	l.mu.Unlock()
}

// Replaying the log of every kind of change over the export taken before
// them gives the same state, and so does replaying it over an export taken
// in the middle of them (compaction: lines already in the export replay
// idempotently).
func TestChangeLogReplay(t *testing.T) {
	ctx := context.Background()
	s := NewMemory()
	s.SetHotLimit(2)
	log := &memLog{}
	before, _ := s.Export(ctx)
	s.SetChangeLog(log)
	c := s.Collection("pets|shop=1")
	for _, id := range []string{"1", "2", "3", "4"} {
		if _, err := c.Insert(id, map[string]any{"id": id, "n": 1}); err != nil {
			t.Fatal(err)
		}
	}
	mid, _ := s.Export(ctx)
	_, _ = c.Update("1", false, func(o map[string]any) error { o["n"] = 2; return nil })
	_, _ = c.SetHidden("2", true)
	c.Delete("3")
	_, _ = c.Insert("3", map[string]any{"id": "3", "n": 3}) // the same id again, newer
	s.Collection("empty|shop=1")
	_ = s.Seed(ctx, "seeded|shop=1", func(ctx context.Context) error {
		_, err := s.Create(ctx, "seeded|shop=1", "a", map[string]any{"id": "a"})
		return err
	})
	want, _ := s.Export(ctx)

	for name, base := range map[string][]byte{"before": before, "middle": mid} {
		st, torn, err := ReadState(ctx, base, strings.NewReader(log.b.String()), "test.log")
		if err != nil || torn != "" {
			t.Fatalf("%s: %v %q", name, err, torn)
		}
		got := NewMemory()
		if err := got.Install(st); err != nil {
			t.Fatal(err)
		}
		if b, _ := got.Export(ctx); !bytes.Equal(b, want) {
			t.Errorf("replayed over the export %s the changes:\n got %s\nwant %s", name, b, want)
		}
		if got.Objects() != 5 {
			t.Errorf("%s: %d objects counted, want 5", name, got.Objects())
		}
	}

	// Reset drops everything, and the detached collection's later
	// changes are not logged.
	_ = s.Reset(ctx)
	_, _ = c.Insert("9", map[string]any{"id": "9"})
	st, _, err := ReadState(ctx, before, strings.NewReader(log.b.String()), "test.log")
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Keys()) != 0 {
		t.Errorf("after a reset the log replays to %v, want nothing", st.Keys())
	}
}

// A log whose last line a kill cut short, anywhere (inside the object's
// strings too), replays every whole line and reports the torn one.
func TestChangeLogTornLastLine(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := NewMemory()
	log := &memLog{}
	base, _ := s.Export(ctx)
	s.SetChangeLog(log)
	c := s.Collection("pets|shop=1")
	if _, err := c.Insert("1", map[string]any{"id": "1", "name": "Rex"}); err != nil {
		t.Fatal(err)
	}
	whole := log.b.String()
	if _, err := c.Insert("2", map[string]any{"id": "2", "name": "Fido the second"}); err != nil {
		t.Fatal(err)
	}
	last := strings.TrimSuffix(log.b.String()[len(whole):], "\n")
	for cut := 1; cut < len(last); cut++ {
		st, torn, err := ReadState(ctx, base, strings.NewReader(whole+last[:cut]), "test.log")
		if err != nil {
			t.Fatalf("cut at %d (%q): %v", cut, last[:cut], err)
		}
		if torn == "" {
			t.Errorf("cut at %d (%q): the torn line is not reported", cut, last[:cut])
		}
		got := NewMemory()
		if err := got.Install(st); err != nil {
			t.Fatal(err)
		}
		if got.Objects() != 1 {
			t.Errorf("cut at %d: %d objects, want the one whole line's", cut, got.Objects())
		}
	}
}

// The store counts its objects, and refuses a create past its maximum
// with ErrFull until one is deleted.
func TestMaxObjects(t *testing.T) {
	ctx := context.Background()
	s := NewMemory()
	s.SetMaxObjects(2)
	for _, id := range []string{"1", "2"} {
		if _, err := s.Create(ctx, "a", id, map[string]any{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Create(ctx, "b", "3", map[string]any{}); err != ErrFull {
		t.Fatalf("third create: %v, want ErrFull", err)
	}
	if _, err := s.Update(ctx, "a", "1", false, func(ch *Change) error { ch.Hidden = true; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(ctx, "b", "3", map[string]any{}); err != ErrFull {
		t.Errorf("a soft-deleted object still counts: %v", err)
	}
	if err := s.Delete(ctx, "a", "1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(ctx, "b", "3", map[string]any{}); err != nil {
		t.Errorf("create after a delete: %v", err)
	}
	_ = s.Reset(ctx)
	if s.Objects() != 0 {
		t.Errorf("after reset: %d objects", s.Objects())
	}
}
