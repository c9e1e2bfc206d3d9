package mockserver_test

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// steppingClock returns a clock that advances one second per reading.
func steppingClock() func() time.Time {
	var n atomic.Int64
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	return func() time.Time { return base.Add(time.Duration(n.Add(1)) * time.Second) }
}

func TestStateCreateAssignsServerFields(t *testing.T) {
	t.Parallel()
	srv := newNotes(t, mockserver.Options{EmptyState: true, Now: steppingClock()})
	r := call(t, srv, "POST", "/teams/1/notes/", map[string]any{"title": "Groceries", "color": "red",
		"secret_note": "s3cret", "id": "not-mine", "created_at": "1999-01-01T00:00:00Z"}).must(t, 201)
	n := r.JSON
	id, _ := n["id"].(string)
	if !uuidRE.MatchString(id) {
		t.Errorf("id = %q, want a server-made uuid (the client's readOnly id is ignored)", id)
	}
	if n["title"] != "Groceries" || n["color"] != "red" {
		t.Errorf("writable fields not stored: %v", n)
	}
	if n["body"] != "" || n["pinned"] != false {
		t.Errorf("defaults not applied: body=%v pinned=%v", n["body"], n["pinned"])
	}
	if _, ok := n["secret_note"]; ok {
		t.Error("writeOnly secret_note returned")
	}
	if n["created_at"] == "1999-01-01T00:00:00Z" || n["created_at"] == nil || n["created_at"] != n["updated_at"] {
		t.Errorf("timestamps: created_at=%v updated_at=%v", n["created_at"], n["updated_at"])
	}
	author, _ := n["author"].(map[string]any)
	if author == nil || !strings.Contains(fmt.Sprint(author["email"]), "@") {
		t.Errorf("readOnly author not generated: %v", n["author"])
	}
	got := call(t, srv, "GET", "/teams/1/notes/"+id+"/", nil).must(t, 200)
	if string(got.Body) != string(r.Body) {
		t.Errorf("retrieve differs from create:\n%s\n%s", got.Body, r.Body)
	}
	again := call(t, srv, "GET", "/teams/1/notes/"+id+"/", nil).must(t, 200)
	if fmt.Sprint(again.JSON["author"]) != fmt.Sprint(author) {
		t.Error("generated readOnly fields must be kept, not regenerated")
	}
	call(t, srv, "GET", "/teams/1/notes/"+strings.Repeat("0", 8)+"-0000-4000-8000-000000000000/", nil).must(t, 404)
	noResponseViolations(t, srv)
}

func TestStatePatchReplacesOnlySentFields(t *testing.T) {
	t.Parallel()
	srv := newNotes(t, mockserver.Options{EmptyState: true, Now: steppingClock()})
	n := call(t, srv, "POST", "/teams/1/notes/", map[string]any{"title": "A", "color": "red", "body": "keep me", "priority": 2}).must(t, 201).JSON
	id := n["id"].(string)
	p := call(t, srv, "PATCH", "/teams/1/notes/"+id+"/", map[string]any{"title": "B", "id": "ignored"}).must(t, 200).JSON
	if p["title"] != "B" || p["body"] != "keep me" || p["color"] != "red" || p["priority"] != 2.0 || p["id"] != id {
		t.Errorf("PATCH changed more than the sent field: %v", p)
	}
	if p["created_at"] != n["created_at"] {
		t.Errorf("created_at changed: %v -> %v", n["created_at"], p["created_at"])
	}
	if p["updated_at"].(string) <= n["updated_at"].(string) {
		t.Errorf("updated_at did not advance: %v -> %v", n["updated_at"], p["updated_at"])
	}
	// A PATCH with one invalid field changes nothing.
	call(t, srv, "PATCH", "/teams/1/notes/"+id+"/", map[string]any{"title": "C", "color": "purple"}).must(t, 400)
	if got := call(t, srv, "GET", "/teams/1/notes/"+id+"/", nil).JSON; got["title"] != "B" {
		t.Errorf("a rejected PATCH changed state: title=%v", got["title"])
	}
	// Null is a value for a nullable field.
	if p := call(t, srv, "PATCH", "/teams/1/notes/"+id+"/", map[string]any{"priority": nil}).must(t, 200).JSON; p["priority"] != nil {
		t.Errorf("priority = %v, want null", p["priority"])
	}
}

func TestStatePutReplacesAndEnforcesRequired(t *testing.T) {
	t.Parallel()
	srv := newNotes(t, mockserver.Options{EmptyState: true})
	id := call(t, srv, "POST", "/teams/1/notes/", map[string]any{"title": "A", "color": "red", "body": "old", "pinned": true}).must(t, 201).JSON["id"].(string)
	bad := call(t, srv, "PUT", "/teams/1/notes/"+id+"/", map[string]any{"title": "only title"}).must(t, 400)
	if !strings.Contains(string(bad.Body), "color") {
		t.Errorf("the 400 should name the missing field: %s", bad.Body)
	}
	p := call(t, srv, "PUT", "/teams/1/notes/"+id+"/", map[string]any{"title": "New", "color": "blue"}).must(t, 200).JSON
	if p["title"] != "New" || p["color"] != "blue" || p["body"] != "" || p["pinned"] != false || p["id"] != id {
		t.Errorf("PUT must replace writable fields (unsent ones back to defaults): %v", p)
	}
}

func TestStateSoftDeleteAndDeclaredDelete(t *testing.T) {
	t.Parallel()
	srv := newNotes(t, mockserver.Options{EmptyState: true})
	id := call(t, srv, "POST", "/teams/1/notes/", map[string]any{"title": "A", "color": "red"}).must(t, 201).JSON["id"].(string)
	item := "/teams/1/notes/" + id + "/"
	if r := call(t, srv, "PATCH", item, map[string]any{"archived": true}).must(t, 200); r.JSON["archived"] != nil {
		t.Error("the writeOnly soft-delete flag must not be returned")
	}
	call(t, srv, "GET", item, nil).must(t, 404)
	call(t, srv, "PATCH", item, map[string]any{"archived": true}).must(t, 404)
	if c := call(t, srv, "GET", "/teams/1/notes/", nil).must(t, 200).JSON["count"]; c != 0.0 {
		t.Errorf("soft-deleted note still listed: count=%v", c)
	}
	call(t, srv, "PATCH", item, map[string]any{"archived": false}).must(t, 200)
	call(t, srv, "GET", item, nil).must(t, 200)
	// The contract declares DELETE as 405: answered as declared, empty body, even for unknown ids.
	for _, path := range []string{item, "/teams/1/notes/00000000-0000-4000-8000-000000000000/"} {
		r := call(t, srv, "DELETE", path, nil).must(t, 405)
		if len(r.Body) != 0 || !strings.Contains(r.Header.Get("Allow"), "PATCH") {
			t.Errorf("DELETE %s: body %q Allow %q", path, r.Body, r.Header.Get("Allow"))
		}
	}
	call(t, srv, "GET", item, nil).must(t, 200)
	// A working DELETE removes: tags have integer ids.
	t1 := call(t, srv, "POST", "/teams/1/tags", map[string]any{"label": "a"}).must(t, 201).JSON
	t2 := call(t, srv, "POST", "/teams/1/tags", map[string]any{"label": "b"}).must(t, 201).JSON
	if t1["tag_id"] != 1.0 || t2["tag_id"] != 2.0 {
		t.Errorf("integer ids = %v, %v; want 1, 2", t1["tag_id"], t2["tag_id"])
	}
	call(t, srv, "DELETE", "/teams/1/tags/1", nil).must(t, 204)
	call(t, srv, "GET", "/teams/1/tags/1", nil).must(t, 404)
	call(t, srv, "DELETE", "/teams/1/tags/1", nil).must(t, 404)
	if got := call(t, srv, "GET", "/teams/1/tags", nil).must(t, 200).Array; len(got) != 1 {
		t.Errorf("bare-array list has %d tags, want 1", len(got))
	}
}

func TestStateListsPageAndFilter(t *testing.T) {
	t.Parallel()
	srv := newNotes(t, mockserver.Options{EmptyState: true})
	for i, c := range []string{"red", "green", "blue", "red", "green"} {
		call(t, srv, "POST", "/teams/7/notes/", map[string]any{"title": fmt.Sprintf("Note %d about cats", i), "color": c, "pinned": i%2 == 0}).must(t, 201)
	}
	r := call(t, srv, "GET", "/teams/7/notes/?zeta=1", nil).must(t, 200).JSON
	if r["count"] != 5.0 || len(r["results"].([]any)) != 2 {
		t.Fatalf("default page: count=%v results=%d, want 5 and the page size 2", r["count"], len(r["results"].([]any)))
	}
	if r["next"] != "http://example.com/teams/7/notes/?limit=2&offset=2&zeta=1" || r["previous"] != nil {
		t.Errorf("next=%v previous=%v", r["next"], r["previous"])
	}
	r = call(t, srv, "GET", "/teams/7/notes/?offset=3&limit=2", nil).must(t, 200).JSON
	if r["previous"] != "http://example.com/teams/7/notes/?limit=2&offset=1" || r["next"] != nil {
		t.Errorf("middle page: next=%v previous=%v", r["next"], r["previous"])
	}
	r = call(t, srv, "GET", "/teams/7/notes/?offset=1&limit=2", nil).must(t, 200).JSON
	if r["previous"] != "http://example.com/teams/7/notes/?limit=2" {
		t.Errorf("previous at the start must drop offset: %v", r["previous"])
	}
	first := call(t, srv, "GET", "/teams/7/notes/?limit=100", nil).must(t, 200).JSON["results"].([]any)
	if first[0].(map[string]any)["title"] != "Note 0 about cats" || first[4].(map[string]any)["title"] != "Note 4 about cats" {
		t.Error("lists must keep creation order")
	}
	for q, want := range map[string]float64{"color=red": 2, "colors=red,blue": 3, "pinned=true": 3, "pinned=0": 2, "q=NOTE+3+cats": 1, "q=dogs": 0, "color=red&pinned=true": 1} {
		if got := call(t, srv, "GET", "/teams/7/notes/?limit=100&"+q, nil).must(t, 200).JSON["count"]; got != want {
			t.Errorf("filter %s: count=%v, want %v", q, got, want)
		}
	}
	// PostHog-style tolerance: an invalid limit falls back and is recorded.
	r2 := call(t, srv, "GET", "/teams/7/notes/?limit=abc", nil).must(t, 200)
	if len(r2.JSON["results"].([]any)) != 2 || !strings.Contains(r2.Header.Get("X-Mock-Violations"), "limit") && !tolerated(srv, "limit") {
		t.Errorf("invalid limit: results=%d violations=%q", len(r2.JSON["results"].([]any)), r2.Header.Get("X-Mock-Violations"))
	}
	noResponseViolations(t, srv)
}

func tolerated(srv *mockserver.Server, field string) bool {
	for _, v := range srv.Violations() {
		if v.Field == field && v.Tolerated {
			return true
		}
	}
	return false
}

func TestStateProjectsAreIsolated(t *testing.T) {
	t.Parallel()
	srv := newNotes(t, mockserver.Options{EmptyState: true})
	id := call(t, srv, "POST", "/teams/1/notes/", map[string]any{"title": "mine", "color": "red"}).must(t, 201).JSON["id"].(string)
	call(t, srv, "GET", "/teams/2/notes/"+id+"/", nil).must(t, 404)
	call(t, srv, "PATCH", "/teams/2/notes/"+id+"/", map[string]any{"title": "theirs"}).must(t, 404)
	if c := call(t, srv, "GET", "/teams/2/notes/", nil).JSON["count"]; c != 0.0 {
		t.Errorf("team 2 sees %v notes", c)
	}
	if c := call(t, srv, "GET", "/teams/1/notes/", nil).JSON["count"]; c != 1.0 {
		t.Errorf("team 1 sees %v notes", c)
	}
}

func TestStateSeededAndReset(t *testing.T) {
	t.Parallel()
	a := newNotes(t, mockserver.Options{Seed: 42})
	b := newNotes(t, mockserver.Options{Seed: 42})
	c := newNotes(t, mockserver.Options{Seed: 43})
	la := call(t, a, "GET", "/teams/1/notes/?limit=10", nil).must(t, 200)
	lb := call(t, b, "GET", "/teams/1/notes/?limit=10", nil).must(t, 200)
	lc := call(t, c, "GET", "/teams/1/notes/?limit=10", nil).must(t, 200)
	if la.JSON["count"] != 3.0 {
		t.Fatalf("a fresh collection holds %v seeded objects, want 3", la.JSON["count"])
	}
	if string(la.Body) != string(lb.Body) {
		t.Error("the same seed must give the same seeded state")
	}
	if string(la.Body) == string(lc.Body) {
		t.Error("another seed must give other data")
	}
	call(t, a, "POST", "/teams/1/notes/", map[string]any{"title": "x", "color": "red"}).must(t, 201)
	call(t, a, "POST", "/__mock/reset", nil).must(t, 200)
	after := call(t, a, "GET", "/teams/1/notes/?limit=10", nil).must(t, 200)
	if string(after.Body) != string(la.Body) {
		t.Errorf("reset must restore the seeded state:\n%s\n%s", after.Body, la.Body)
	}
	noResponseViolations(t, a)
}

func TestStateConcurrentPatchesLoseNothing(t *testing.T) {
	t.Parallel()
	srv := newNotes(t, mockserver.Options{EmptyState: true})
	id := call(t, srv, "POST", "/teams/1/notes/", map[string]any{"title": "t0", "color": "red", "body": "b0", "priority": 1}).must(t, 201).JSON["id"].(string)
	item := "/teams/1/notes/" + id + "/"
	const rounds = 40
	var wg sync.WaitGroup
	fields := map[string]func(i int) any{
		"title":    func(i int) any { return fmt.Sprintf("t%d", i) },
		"body":     func(i int) any { return fmt.Sprintf("b%d", i) },
		"priority": func(i int) any { return i%5 + 1 },
		"pinned":   func(i int) any { return i%2 == 1 },
	}
	for name, val := range fields {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 1; i <= rounds; i++ {
				r := call(t, srv, "PATCH", item, map[string]any{name: val(i)})
				if r.Status != 200 {
					t.Errorf("PATCH %s: %d %s", name, r.Status, r.Body)
					return
				}
			}
		}()
	}
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range rounds {
				if r := call(t, srv, "GET", item, nil); r.Status != 200 || r.JSON["color"] != "red" {
					t.Errorf("torn read: %d %s", r.Status, r.Body)
					return
				}
			}
		}()
	}
	wg.Wait()
	got := call(t, srv, "GET", item, nil).must(t, 200).JSON
	for name, val := range fields {
		if fmt.Sprint(got[name]) != fmt.Sprint(val(rounds)) {
			t.Errorf("%s = %v, want the last write %v (a concurrent PATCH lost it)", name, got[name], val(rounds))
		}
	}
}
