package hogclient_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver"
	"github.com/mockserver-go/mockserver/examples/hogclient"
	"github.com/mockserver-go/mockserver/mockservertest"
)

// newClient starts an isolated, empty mock for the test and a client for it.
func newClient(t *testing.T) (*hogclient.Client, *mockservertest.Server) {
	t.Helper()
	s := mockservertest.NewInProcess(t, mockserver.Options{EmptyState: true})
	c := hogclient.New(s.URL, "phx_anything", "1", s.Client())
	c.MaxRetryWait = time.Millisecond // Retry-After is honoured, but briefly
	return c, s
}

func TestLifecycle(t *testing.T) {
	t.Parallel()
	c, s := newClient(t)
	ctx := context.Background()

	f, err := c.Create(ctx, hogclient.HogFunction{Name: "Slack alert", Hog: "return event"})
	if err != nil {
		t.Fatal(err)
	}
	if f.ID == "" || f.Name != "Slack alert" || f.Enabled {
		t.Fatalf("created %+v", f)
	}
	f, err = c.Update(ctx, f.ID, map[string]any{"name": "Slack alert (prod)", "enabled": true})
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "Slack alert (prod)" || !f.Enabled {
		t.Fatalf("patched %+v", f)
	}
	if _, err := c.Create(ctx, hogclient.HogFunction{Name: "Webhook", Hog: "return 1"}); err != nil {
		t.Fatal(err)
	}
	list, err := c.List(ctx)
	if err != nil || len(list) != 2 {
		t.Fatalf("List = %d functions, %v; want 2", len(list), err)
	}

	if err := c.Delete(ctx, f.ID); err != nil {
		t.Fatal(err)
	}
	list, _ = c.List(ctx)
	if len(list) != 1 || list[0].Name != "Webhook" {
		t.Fatalf("after delete: %+v", list)
	}
	var apiErr *hogclient.APIError
	if _, err := c.Get(ctx, f.ID); !errors.As(err, &apiErr) || apiErr.Status != 404 {
		t.Fatalf("Get after delete: %v, want a 404", err)
	}
	// Soft delete: the object is kept, hidden.
	if _, hidden, ok := s.Get("hog_functions", map[string]string{"project_id": "1"}, f.ID); !ok || !hidden {
		t.Errorf("stored: ok=%v hidden=%v, want a hidden object", ok, hidden)
	}

	s.AssertCalled(t, "environments_hog_functions_create", 2)
	s.AssertCalled(t, "environments_hog_functions_partial_update", 1, func(b map[string]any) bool { return b["deleted"] == true })
	s.AssertNoViolations(t)
	s.AssertNoUndocumented(t)
}

func TestRetriesThrottledCalls(t *testing.T) {
	t.Parallel()
	c, s := newClient(t)
	if err := s.Fail("environments_hog_functions_create", mockserver.Fault{Status: 429, Times: 2, RetryAfter: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Create(context.Background(), hogclient.HogFunction{Name: "x", Hog: "return 1"}); err != nil {
		t.Fatalf("Create after two 429s: %v", err)
	}
	s.AssertCalled(t, "environments_hog_functions_create", 3)

	// A third 429 in a row is given up on.
	_ = s.Fail("environments_hog_functions_create", mockserver.Fault{Status: 429, Times: 3})
	var apiErr *hogclient.APIError
	if _, err := c.Create(context.Background(), hogclient.HogFunction{Name: "y", Hog: "return 1"}); !errors.As(err, &apiErr) || apiErr.Status != 429 {
		t.Fatalf("err = %v, want a 429 after the retries", err)
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	c, s := newClient(t)
	_ = s.Fail("environments_hog_functions_list", mockserver.Fault{Delay: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := c.List(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

// recorder is a testing.TB that keeps what an assertion reports, so this
// test can show an assertion failing without failing itself.
type recorder struct {
	testing.TB
	msgs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}
func (r *recorder) Logf(string, ...any) {}

// TestAssertionCatchesAContractViolation: a caller builds a patch from
// strings (say, a form value) and sends enabled: "yes". The mock answers
// 400 as PostHog would, and AssertNoViolations explains the mistake.
func TestAssertionCatchesAContractViolation(t *testing.T) {
	t.Parallel()
	c, s := newClient(t)
	ctx := context.Background()
	f, err := c.Create(ctx, hogclient.HogFunction{Name: "x", Hog: "return 1"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Update(ctx, f.ID, map[string]any{"enabled": "yes"}) // the bug
	var apiErr *hogclient.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 400 || apiErr.Attr != "enabled" {
		t.Fatalf("err = %v, want a 400 on enabled", err)
	}

	rec := &recorder{TB: t}
	if s.AssertNoViolations(rec) {
		t.Fatal("AssertNoViolations passed despite the bad patch")
	}
	want := `PATCH /api/environments/1/hog_functions/` + f.ID + `/ (environments_hog_functions_partial_update) → 400
    body field enabled: expected boolean, got "yes"`
	if len(rec.msgs) != 1 || !strings.Contains(rec.msgs[0], want) {
		t.Fatalf("AssertNoViolations reported %q, want it to contain %q", rec.msgs, want)
	}
}
