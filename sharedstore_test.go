package mockserver_test

import (
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"

	"github.com/mockserver-go/mockserver"
)

// TestSharedStoreReplicas: servers on one Redis (StoreURL) share one
// state: what is created through one is read, listed, patched and
// soft-deleted through the others, concurrent patches of different fields
// through different servers lose nothing, and a reset through one is
// seen by all.
func TestSharedStoreReplicas(t *testing.T) {
	mr := miniredis.RunT(t)
	url := "redis://" + mr.Addr() + "/0"
	var r []*mockserver.Server
	for range 3 {
		r = append(r, newNotes(t, mockserver.Options{StoreURL: url, EmptyState: true}))
	}
	const notes = "/teams/1/notes/"
	id := call(t, r[0], "POST", notes, map[string]any{"title": "A", "color": "red"}).must(t, 201).JSON["id"].(string)
	if got := call(t, r[1], "GET", notes+id+"/", nil).must(t, 200).JSON["title"]; got != "A" {
		t.Fatalf("GET through another server: title %v", got)
	}
	if got := call(t, r[2], "GET", notes, nil).must(t, 200).JSON["count"]; got != 1.0 {
		t.Fatalf("list through a third server: count %v, want 1", got)
	}
	if obj, _, ok := r[2].Get("notes", map[string]string{"team_id": "1"}, id); !ok || obj["title"] != "A" {
		t.Fatalf("Server.Get on a shared store: %v, %v", obj, ok)
	}
	if objs := r[1].List("notes", map[string]string{"team_id": "1"}); len(objs) != 1 {
		t.Fatalf("Server.List on a shared store: %v", objs)
	}

	var wg sync.WaitGroup
	patches := map[string]any{"title": "new title", "body": "new body", "color": "blue"}
	i := 0
	for f, v := range patches {
		srv := r[i%3]
		wg.Go(func() {
			call(t, srv, "PATCH", notes+id+"/", map[string]any{f: v}).must(t, 200)
		})
		i++
	}
	wg.Wait()
	got := call(t, r[0], "GET", notes+id+"/", nil).must(t, 200).JSON
	for f, v := range patches {
		if got[f] != v {
			t.Errorf("after concurrent PATCHes through three servers: %s = %v, want %q", f, got[f], v)
		}
	}

	call(t, r[1], "PATCH", notes+id+"/", map[string]any{"archived": true}).must(t, 200) // a soft delete
	if got := call(t, r[2], "GET", notes, nil).must(t, 200).JSON["count"]; got != 0.0 {
		t.Fatalf("list through another server after a soft delete: count %v, want 0", got)
	}
	call(t, r[0], "POST", notes, map[string]any{"title": "B", "color": "green"}).must(t, 201)
	r[0].Reset()
	for i, s := range r {
		if got := call(t, s, "GET", notes, nil).must(t, 200).JSON["count"]; got != 0.0 {
			t.Fatalf("server %d after a reset through server 0: count %v, want 0", i, got)
		}
	}
	noResponseViolations(t, r[0])
}

func TestSharedStoreErrors(t *testing.T) {
	mr := miniredis.RunT(t)
	url := "redis://" + mr.Addr() + "/0"
	for _, tt := range []struct {
		name string
		opts mockserver.Options
		want string
	}{
		{"with a state file", mockserver.Options{SpecFile: "testdata/specs/notes.yaml", StoreURL: url, StateFile: t.TempDir() + "/s.json"}, "StateFile"},
		{"a bad URL", mockserver.Options{SpecFile: "testdata/specs/notes.yaml", StoreURL: "http://" + mr.Addr()}, "StoreURL"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mockserver.New(tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New: %v, want an error with %q", err, tt.want)
			}
		})
	}
	t.Run("unreachable", func(t *testing.T) {
		addr := mr.Addr()
		mr.Close()
		_, err := mockserver.New(mockserver.Options{SpecFile: "testdata/specs/notes.yaml", StoreURL: "redis://" + addr})
		if err == nil || !strings.Contains(err.Error(), "does not answer") {
			t.Fatalf("New with Redis down: %v", err)
		}
	})
}

// TestSharedStoreOutage: with Redis gone, a request gets the contract's
// server error and changes nothing; once Redis is back, the server works
// again by itself, and a server started later on the same Redis sees
// what was acknowledged.
func TestSharedStoreOutage(t *testing.T) {
	mr := miniredis.RunT(t)
	url := "redis://" + mr.Addr() + "/0"
	srv := newNotes(t, mockserver.Options{StoreURL: url, EmptyState: true})
	const notes = "/teams/1/notes/"
	id := call(t, srv, "POST", notes, map[string]any{"title": "A", "color": "red"}).must(t, 201).JSON["id"].(string)

	mr.Close()
	for _, req := range []struct{ method, path string }{{"GET", notes + id + "/"}, {"PATCH", notes + id + "/"}, {"GET", notes}} {
		r := call(t, srv, req.method, req.path, map[string]any{"title": "lost"})
		if r.Status < 500 || r.JSON == nil {
			t.Fatalf("%s %s with Redis down: %d %s, want a 5xx error body", req.method, req.path, r.Status, r.Body)
		}
	}
	if err := mr.Restart(); err != nil {
		t.Fatal(err)
	}
	if got := call(t, srv, "GET", notes+id+"/", nil).must(t, 200).JSON["title"]; got != "A" {
		t.Fatalf("after Redis is back: title %v, want A (the PATCH during the outage changed nothing)", got)
	}
	later := newNotes(t, mockserver.Options{StoreURL: url, EmptyState: true})
	if got := call(t, later, "GET", notes+id+"/", nil).must(t, 200).JSON["title"]; got != "A" {
		t.Fatalf("a server started later on the same Redis: title %v", got)
	}
}

// TestSharedStorePostHog: the embedded contract, whose behaviours and
// hooks are plugins on the store interface, runs on a shared store: a
// hog function created through one server is read, listed and patched
// through the others.
func TestSharedStorePostHog(t *testing.T) {
	mr := miniredis.RunT(t)
	var r []*mockserver.Server
	for range 2 {
		srv, err := mockserver.New(mockserver.Options{StoreURL: "redis://" + mr.Addr() + "/0"})
		if err != nil {
			t.Fatalf("New with the embedded contract: %v", err)
		}
		r = append(r, srv)
	}
	const fns = "/api/environments/1/hog_functions/"
	seeded := call(t, r[0], "GET", fns, nil).must(t, 200).JSON["count"].(float64)
	if got := call(t, r[1], "GET", fns, nil).must(t, 200).JSON["count"]; got != seeded {
		t.Fatalf("seeded objects through another server: %v, want %v (seeded once for both)", got, seeded)
	}
	id := call(t, r[0], "POST", fns, map[string]any{"name": "Geo", "type": "transformation", "hog": "return event"}).must(t, 201).JSON["id"].(string)
	call(t, r[1], "PATCH", fns+id+"/", map[string]any{"enabled": true}).must(t, 200)
	if got := call(t, r[0], "GET", fns+id+"/", nil).must(t, 200).JSON; got["enabled"] != true || got["name"] != "Geo" {
		t.Fatalf("after a PATCH through the other server: %v", got)
	}
	if got := call(t, r[1], "GET", fns, nil).must(t, 200).JSON["count"]; got != seeded+1 {
		t.Fatalf("list through the other server: count %v, want %v", got, seeded+1)
	}
	noResponseViolations(t, r[0])
	noResponseViolations(t, r[1])
}

// TestSharedStoreReadsStoreNothing: reads of scopes nothing wrote are
// answered from their seed without storing it in Redis; the first write
// stores the seed the reads showed.
func TestSharedStoreReadsStoreNothing(t *testing.T) {
	mr := miniredis.RunT(t)
	srv := newNotes(t, mockserver.Options{StoreURL: "redis://" + mr.Addr() + "/0", StorePrefix: "reads:"})
	stored := func() []string {
		var out []string
		for _, k := range mr.Keys() {
			if strings.Contains(k, ":c:") {
				out = append(out, k)
			}
		}
		return out
	}
	var first float64 // team 1's count
	for team := range 5 {
		notes := fmt.Sprintf("/teams/%d/notes/", team+1)
		list := call(t, srv, "GET", notes, nil).must(t, 200).JSON
		count := list["count"].(float64)
		if team == 0 {
			first = count
		}
		if count == 0 {
			t.Fatalf("GET %s: no seeded notes", notes)
		}
		id := list["results"].([]any)[0].(map[string]any)["id"].(string)
		call(t, srv, "GET", notes+id+"/", nil).must(t, 200)
	}
	if keys := stored(); len(keys) != 0 {
		t.Fatalf("GETs of five teams stored %v in Redis, want nothing", keys)
	}
	call(t, srv, "POST", "/teams/1/notes/", map[string]any{"title": "A", "color": "red"}).must(t, 201)
	if len(stored()) == 0 {
		t.Fatal("a POST stored nothing in Redis")
	}
	if got := call(t, srv, "GET", "/teams/1/notes/", nil).must(t, 200).JSON["count"]; got != first+1 {
		t.Fatalf("after a POST: count %v, want the %v seeded objects the reads showed and the new one", got, first)
	}
}

// TestSharedStoreClose: Close closes the connections to Redis that the
// server opened; a server made by Reload takes them over, so the old
// one's Close leaves them to it; a New that fails leaves none open.
func TestSharedStoreClose(t *testing.T) {
	mr := miniredis.RunT(t)
	url := "redis://" + mr.Addr() + "/0"
	// Connections are closed on miniredis's side a moment after the
	// client's Close returns.
	closed := func(what string) {
		t.Helper()
		for range 200 {
			if mr.CurrentConnectionCount() == 0 {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatalf("%s: %d connections to Redis still open", what, mr.CurrentConnectionCount())
	}

	srv := newNotes(t, mockserver.Options{StoreURL: url, EmptyState: true})
	const notes = "/teams/1/notes/"
	id := call(t, srv, "POST", notes, map[string]any{"title": "A", "color": "red"}).must(t, 201).JSON["id"].(string)
	if mr.CurrentConnectionCount() == 0 {
		t.Fatal("no connection to Redis while serving")
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	closed("after Close")

	srv = newNotes(t, mockserver.Options{StoreURL: url, EmptyState: true})
	next, _, err := srv.Reload(false)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if got := call(t, next, "GET", notes+id+"/", nil).must(t, 200).JSON["title"]; got != "A" {
		t.Fatalf("a reloaded server after the old one's Close: title %v", got)
	}
	call(t, next, "PATCH", notes+id+"/", map[string]any{"title": "B"}).must(t, 200)
	again, _, err := next.Reload(true)
	if err != nil {
		t.Fatal(err)
	}
	if err := next.Close(); err != nil {
		t.Fatal(err)
	}
	if got := call(t, again, "GET", notes+id+"/", nil).must(t, 200).JSON["title"]; got != "B" {
		t.Fatalf("a server reloaded twice: title %v", got)
	}
	if err := again.Close(); err != nil {
		t.Fatal(err)
	}
	closed("after the reloaded server's Close")

	if _, err := mockserver.New(mockserver.Options{SpecFile: "testdata/specs/notes.yaml", StoreURL: url, FixturesDir: t.TempDir() + "/missing"}); err == nil {
		t.Fatal("New with a missing fixtures directory succeeded")
	}
	closed("after a New that failed")
}

// TestSharedStoreFixturesOnce: servers on one Redis load their fixtures
// once for all: a server started later neither duplicates the fixture
// objects (a note without an id would get a new one) nor overwrites what
// clients changed; a reset through any server restores them for all.
func TestSharedStoreFixturesOnce(t *testing.T) {
	mr := miniredis.RunT(t)
	opts := mockserver.Options{StoreURL: "redis://" + mr.Addr() + "/0", FixturesDir: "testdata/fixtures/notes-good"}
	const notes, milk = "/teams/1/notes/", "/teams/1/notes/11111111-1111-4111-8111-111111111111/"
	first := newNotes(t, opts)
	call(t, first, "PATCH", milk, map[string]any{"title": "changed"}).must(t, 200)
	call(t, first, "POST", notes, map[string]any{"title": "C", "color": "red"}).must(t, 201)

	var r []*mockserver.Server
	for range 2 {
		r = append(r, newNotes(t, opts))
	}
	for i, s := range r {
		l := call(t, s, "GET", notes+"?limit=10", nil).must(t, 200).JSON
		if l["count"] != 3.0 {
			t.Fatalf("server %d started later: %v notes, want the 2 fixture ones and the one created", i+1, l["count"])
		}
		if got := call(t, s, "GET", milk, nil).must(t, 200).JSON["title"]; got != "changed" {
			t.Fatalf("server %d started later: title %v, want the client's change kept", i+1, got)
		}
	}
	if err := r[1].Reset(); err != nil {
		t.Fatal(err)
	}
	for i, s := range []*mockserver.Server{first, r[0], r[1]} {
		if got := call(t, s, "GET", notes, nil).must(t, 200).JSON["count"]; got != 2.0 {
			t.Fatalf("server %d after a reset: %v notes, want the 2 fixture ones", i, got)
		}
		if got := call(t, s, "GET", milk, nil).must(t, 200).JSON["title"]; got != "Buy milk" {
			t.Fatalf("server %d after a reset: title %v, want the fixture's", i, got)
		}
	}

}

// TestSharedStorePatchAfterReset: a PATCH first after a reset through
// another server, by a server that held the object as it patched it
// before, patches the object seeded again: the server seeds the
// collection (which the reset emptied) instead of writing from what it
// held, or answering 404.
func TestSharedStorePatchAfterReset(t *testing.T) {
	mr := miniredis.RunT(t)
	opts := mockserver.Options{StoreURL: "redis://" + mr.Addr() + "/0"}
	a, b := newNotes(t, opts), newNotes(t, opts)
	const notes = "/teams/1/notes/"
	note := call(t, a, "GET", notes, nil).must(t, 200).JSON["results"].([]any)[0].(map[string]any)
	item := notes + note["id"].(string) + "/"
	call(t, a, "PATCH", item, map[string]any{"title": "changed"}).must(t, 200)
	if err := b.Reset(); err != nil {
		t.Fatal(err)
	}
	got := call(t, a, "PATCH", item, map[string]any{"color": "red"}).must(t, 200).JSON
	if got["title"] != note["title"] || got["color"] != "red" {
		t.Fatalf("PATCH first after a reset: title %v, color %v; want the seeded title %v and the new color", got["title"], got["color"], note["title"])
	}
	if got := call(t, b, "GET", notes, nil).must(t, 200).JSON["count"]; got != 3.0 {
		t.Fatalf("after a reset and a PATCH: %v notes, want the 3 seeded", got)
	}
}

// TestSharedStoreResetError: a reset that the store fails is an error of
// Server.Reset and of POST /__mock/reset, and the log says why.
func TestSharedStoreResetError(t *testing.T) {
	mr := miniredis.RunT(t)
	var log strings.Builder
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return log.Write(p)
	}), nil))
	srv := newNotes(t, mockserver.Options{StoreURL: "redis://" + mr.Addr() + "/0", EmptyState: true, Logger: logger})
	mr.SetError("READONLY You can't write against a read only replica.")
	if err := srv.Reset(); err == nil || !strings.Contains(err.Error(), "READONLY") {
		t.Fatalf("Server.Reset with the store failing: %v, want its error", err)
	}
	r := call(t, srv, "POST", "/__mock/reset", nil)
	if r.Status != 500 || r.JSON == nil {
		t.Fatalf("POST /__mock/reset with the store failing: %d %s, want a 500 error body", r.Status, r.Body)
	}
	mu.Lock()
	logged := log.String()
	mu.Unlock()
	if !strings.Contains(logged, "READONLY") {
		t.Errorf("the log does not say why the reset failed: %q", logged)
	}
	mr.SetError("")
	if err := srv.Reset(); err != nil {
		t.Fatalf("Server.Reset once the store is back: %v", err)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
