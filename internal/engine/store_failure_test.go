package engine

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mockserver-go/mockserver/internal/store"
)

// downStore is a store whose backend can be taken down: every method then
// fails, as a database that cannot be reached does.
type downStore struct {
	store.Store
	down atomic.Bool
}

var errDown = errors.New("backend unreachable")

func (s *downStore) check() error {
	if s.down.Load() {
		return errDown
	}
	return nil
}

func (s *downStore) Seed(ctx context.Context, key string, fill func(context.Context) error) error {
	if err := s.check(); err != nil {
		return err
	}
	return s.Store.Seed(ctx, key, fill)
}

func (s *downStore) Get(ctx context.Context, key, id string) (*store.Record, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.Store.Get(ctx, key, id)
}

func (s *downStore) List(ctx context.Context, key string, o *store.Order, offset, limit int) ([]*store.Record, int, error) {
	if err := s.check(); err != nil {
		return nil, 0, err
	}
	return s.Store.List(ctx, key, o, offset, limit)
}

func (s *downStore) NextID(ctx context.Context, key string) (int64, error) {
	if err := s.check(); err != nil {
		return 0, err
	}
	return s.Store.NextID(ctx, key)
}

func (s *downStore) Create(ctx context.Context, key, id string, obj map[string]any) (*store.Record, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.Store.Create(ctx, key, id, obj)
}

func (s *downStore) Update(ctx context.Context, key, id string, includeHidden bool, fn func(*store.Change) error) (*store.Record, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.Store.Update(ctx, key, id, includeHidden, fn)
}

func (s *downStore) Delete(ctx context.Context, key, id string) error {
	if err := s.check(); err != nil {
		return err
	}
	return s.Store.Delete(ctx, key, id)
}

// TestStoreDown: while the store fails, every request that needs it is
// answered with the server error, 500 (never a panic, a 404 or a
// half-made object); once it is back, the same requests succeed, the
// collection seeded as if nothing had happened.
func TestStoreDown(t *testing.T) {
	t.Parallel()
	notes := notesEngine(t)
	st := &downStore{Store: store.NewMemory()}
	cfg := notes.cfg
	cfg.Store = st
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	call := func(method, target, body string) (int, string) {
		t.Helper()
		resp, ex := send(e, method, target, body, "Authorization", "Bearer t")
		if resp.Status == 500 {
			if strings.Contains(string(resp.Bytes()), errDown.Error()) {
				t.Errorf("%s %s: the answer shows the store's error: %s", method, target, resp.Bytes())
			}
			if len(ex.Violations) == 0 || !strings.Contains(ex.Violations[len(ex.Violations)-1].Message, errDown.Error()) {
				t.Errorf("%s %s: the store's error is not recorded: %v", method, target, ex.Violations)
			}
		}
		return resp.Status, string(resp.Bytes())
	}
	list := func() []any {
		t.Helper()
		status, body := call("GET", "/teams/1/notes/?limit=50", "")
		var page struct{ Results []any }
		if err := json.Unmarshal([]byte(body), &page); status != 200 || err != nil {
			t.Fatalf("list: %d %s", status, body)
		}
		return page.Results
	}
	requests := []struct{ method, target, body string }{
		{"GET", "/teams/1/notes/", ""},
		{"POST", "/teams/1/notes/", `{"title":"new","color":"red"}`},
		{"GET", "/teams/1/notes/%s/", ""},
		{"PATCH", "/teams/1/notes/%s/", `{"title":"patched"}`},
		{"PATCH", "/teams/1/notes/%s/", `{"archived":true}`},
		{"PUT", "/teams/1/notes/%s/", `{"title":"put","color":"blue"}`},
	}
	const id = "0d4cd9a4-4aa4-4b39-a4c1-9b0f9a0b4b2a"
	failAll := func(when string) {
		t.Helper()
		st.down.Store(true)
		defer st.down.Store(false)
		for _, rq := range requests {
			target := strings.ReplaceAll(rq.target, "%s", id)
			status, body := call(rq.method, target, rq.body)
			if status != 500 || !json.Valid([]byte(body)) {
				t.Errorf("%s: %s %s: %d %s, want the server error", when, rq.method, target, status, body)
			}
		}
	}

	failAll("before seeding")
	if got := list(); len(got) != 3 {
		t.Fatalf("after the store came back: %d seeded notes, want 3", len(got))
	}
	if _, err := e.Put("notes", map[string]string{"team_id": "1"}, map[string]any{"id": id, "title": "kept", "color": "green"}); err != nil {
		t.Fatal(err)
	}
	before := list()
	failAll("once seeded")
	if got := list(); len(got) != len(before) {
		t.Fatalf("failed requests changed the state: %d notes, had %d", len(got), len(before))
	}
	if status, body := call("GET", "/teams/1/notes/"+id+"/", ""); status != 200 || !strings.Contains(body, `"kept"`) {
		t.Fatalf("after the store came back: %d %s", status, body)
	}
}
