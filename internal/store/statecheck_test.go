package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

func stateDoc(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"format":"mockserver-state","version":1,"collections":{"a":[`)
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"%d","obj":{"id":%d,"n":"x"},"hidden":false,"seq":%d}`, i, i, i)
	}
	b.WriteString(`],"b":[]}}`)
	return []byte(b.String())
}

// TestCheckVisitsEveryObjectAndReportsTheFirstFailure checks a state of
// many objects on every CPU: each object is checked once, with its bytes
// as read, and of several failing objects the first in creation order is
// the one reported, whichever worker met it.
func TestCheckVisitsEveryObjectAndReportsTheFirstFailure(t *testing.T) {
	t.Parallel()
	const n = 5000
	st, _, err := ReadState(t.Context(), stateDoc(n), nil, "")
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int64
	err = st.Check(t.Context(), func(key, id string, obj map[string]any, raw RawObject) (map[string]any, error) {
		calls.Add(1)
		if want := fmt.Sprintf(`{"id":%s,"n":"x"}`, id); string(raw.JSON) != want {
			return nil, fmt.Errorf("raw %s, want %s", raw.JSON, want)
		}
		var members []string
		for name, val := range raw.Members() {
			members = append(members, string(name)+"="+string(val))
		}
		if want := []string{"id=" + id, `n="x"`}; !slices.Equal(members, want) {
			return nil, fmt.Errorf("members %q, want %q", members, want)
		}
		if id == "4000" || id == "1234" || id == "4999" {
			return nil, errors.New("bad " + id)
		}
		return nil, nil
	})
	if err == nil || err.Error() != "bad 1234" {
		t.Fatalf("Check = %v, want the first failure, bad 1234", err)
	}
	if calls.Load() < 1234 {
		t.Fatalf("%d objects checked", calls.Load())
	}

	st, _, _ = ReadState(t.Context(), stateDoc(n), nil, "")
	calls.Store(0)
	if err := st.Check(t.Context(), func(key, id string, obj map[string]any, raw RawObject) (map[string]any, error) {
		calls.Add(1)
		return nil, nil
	}); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != n {
		t.Fatalf("%d objects checked, want %d", calls.Load(), n)
	}
	m := NewMemory()
	if err := m.Install(st); err != nil {
		t.Fatal(err)
	}
	if m.Objects() != n {
		t.Fatalf("%d objects installed", m.Objects())
	}
}

// TestCheckStopsWhenCancelled: a cancelled check (SIGTERM during a
// restore) stops with the cause.
func TestCheckStopsWhenCancelled(t *testing.T) {
	t.Parallel()
	st, _, err := ReadState(t.Context(), stateDoc(5000), nil, "")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancelCause(t.Context())
	var calls atomic.Int64
	err = st.Check(ctx, func(key, id string, obj map[string]any, raw RawObject) (map[string]any, error) {
		if calls.Add(1) == 10 {
			cancel(errors.New("SIGTERM"))
		}
		return nil, nil
	})
	if err == nil || !strings.Contains(err.Error(), "stopped: SIGTERM") {
		t.Fatalf("Check = %v", err)
	}
	if calls.Load() >= 5000 {
		t.Fatal("every object was checked")
	}
}
