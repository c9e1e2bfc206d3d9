// Package storetest is the conformance test suite of store.Store: every
// implementation runs it (the in-memory one in package store's tests), so
// that the engine may rely on the same semantics from each.
package storetest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/mockserver-go/mockserver/internal/store"
)

// Run runs the suite against the stores newStore returns: a new, empty
// store for each test (a fresh database, or a fresh key prefix in one).
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"CreateGet", testCreateGet},
		{"NextID", testNextID},
		{"List", testList},
		{"Order", testOrder},
		{"Update", testUpdate},
		{"UpdateConcurrent", testUpdateConcurrent},
		{"SoftDelete", testSoftDelete},
		{"Delete", testDelete},
		{"Seed", testSeed},
		{"Reset", testReset},
		{"ExportImport", testExportImport},
		{"ImportErrors", testImportErrors},
		{"Peeker", testPeeker},
		{"PeekReader", testPeekReader},
		{"PeekUpdater", testPeekUpdater},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, newStore(t))
		})
	}
}

const key = "things|project_id=1"

// mustCreate creates objects with the given ids, each {"id": id, "n": i}.
func mustCreate(t *testing.T, s store.Store, k string, ids ...string) {
	t.Helper()
	for i, id := range ids {
		if _, err := s.Create(t.Context(), k, id, map[string]any{"id": id, "n": float64(i)}); err != nil {
			t.Fatalf("Create(%q, %q): %v", k, id, err)
		}
	}
}

// listIDs lists a whole collection's ids in order o.
func listIDs(t *testing.T, s store.Store, k string, o *store.Order) []string {
	t.Helper()
	recs, total, err := s.List(t.Context(), k, o, 0, 1<<30)
	if err != nil {
		t.Fatalf("List(%q): %v", k, err)
	}
	if total != len(recs) {
		t.Fatalf("List(%q): total %d, %d records", k, total, len(recs))
	}
	return ids(recs)
}

func ids(recs []*store.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	return out
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: error %v, want %v", what, err, want)
	}
}

func testCreateGet(t *testing.T, s store.Store) {
	ctx := t.Context()
	obj := map[string]any{"id": "a", "count": 3, "tags": []string{"x"}, "nested": map[string]any{"on": true}}
	rec, err := s.Create(ctx, key, "a", obj)
	if err != nil || rec.ID != "a" || rec.Hidden || rec.Version == 0 {
		t.Fatalf("Create: %+v, %v", rec, err)
	}
	obj["count"] = 4 // the store holds a copy
	obj["nested"].(map[string]any)["on"] = false
	got, err := s.Get(ctx, key, "a")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	o := got.Object()
	if o["count"] != 3.0 || !slices.Equal(o["tags"].([]any), []any{"x"}) || o["nested"].(map[string]any)["on"] != true {
		t.Fatalf("Get: %#v, want the object as created, normalized to JSON values", o)
	}
	if got.Seq != rec.Seq || got.Version != rec.Version {
		t.Fatalf("Get: seq %d version %d, Create gave %d %d", got.Seq, got.Version, rec.Seq, rec.Version)
	}
	_, err = s.Create(ctx, key, "a", map[string]any{})
	wantErr(t, "Create of a taken id", err, store.ErrExists)
	_, err = s.Get(ctx, key, "b")
	wantErr(t, "Get of a missing id", err, store.ErrNotFound)
	_, err = s.Get(ctx, "other", "a")
	wantErr(t, "Get in a missing collection", err, store.ErrNotFound)
	if _, err := s.Create(ctx, "other", "a", nil); err != nil {
		t.Fatalf("the same id in another collection: %v", err)
	}
	if got, _ := s.Get(ctx, "other", "a"); got == nil || len(got.Object()) != 0 {
		t.Fatalf("Create with a nil object: %+v", got)
	}
}

func testNextID(t *testing.T, s store.Store) {
	ctx := t.Context()
	for want := int64(1); want <= 3; want++ {
		if n, err := s.NextID(ctx, key); err != nil || n != want {
			t.Fatalf("NextID = %d, %v; want %d", n, err, want)
		}
	}
	if n, _ := s.NextID(ctx, "other"); n != 1 {
		t.Fatalf("NextID of another collection = %d, want 1", n)
	}
	mustCreate(t, s, key, "10", "abc", "7")
	if n, _ := s.NextID(ctx, key); n != 11 {
		t.Fatalf("NextID after creating id 10 = %d, want 11", n)
	}

	// Concurrent callers never get the same id.
	const workers, each = 8, 50
	got := make([][]int64, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for range each {
				n, err := s.NextID(ctx, "concurrent")
				if err != nil {
					t.Error(err)
					return
				}
				got[w] = append(got[w], n)
			}
		})
	}
	wg.Wait()
	all := slices.Concat(got...)
	slices.Sort(all)
	if len(slices.Compact(all)) != workers*each {
		t.Fatalf("concurrent NextID handed out duplicates")
	}
}

func testList(t *testing.T, s store.Store) {
	ctx := t.Context()
	if recs, total, err := s.List(ctx, key, nil, 0, 10); err != nil || total != 0 || len(recs) != 0 {
		t.Fatalf("List of a missing collection: %v, %d, %v", recs, total, err)
	}
	var all []string
	for i := range 25 {
		all = append(all, "id"+strconv.Itoa(i))
	}
	mustCreate(t, s, key, all...)
	for _, tt := range []struct {
		offset, limit int
		want          []string
	}{
		{0, 10, all[:10]},
		{10, 10, all[10:20]},
		{20, 10, all[20:]},
		{-5, 3, all[:3]},
		{25, 10, nil},
		{1000, 10, nil},
		{3, 0, nil},
		{3, -1, nil},
		{0, 1 << 30, all},
	} {
		recs, total, err := s.List(ctx, key, nil, tt.offset, tt.limit)
		if err != nil || total != 25 || !slices.Equal(ids(recs), tt.want) {
			t.Errorf("List(offset %d, limit %d) = %v, total %d, %v; want %v, 25", tt.offset, tt.limit, ids(recs), total, err, tt.want)
		}
	}
}

// byName orders by "name" descending, objects without one last, then by
// creation.
var byName = &store.Order{
	Name: "-name",
	Key: func(obj map[string]any) string {
		name, ok := obj["name"].(string)
		if !ok {
			return "\x01"
		}
		b := store.AppendString([]byte{0}, name)
		store.Invert(b[1:])
		return string(b)
	},
}

func testOrder(t *testing.T, s store.Store) {
	ctx := t.Context()
	for i, name := range []string{"b", "", "c", "a", "c", "d"} {
		obj := map[string]any{"name": name}
		if name == "" {
			obj = map[string]any{}
		}
		if _, err := s.Create(ctx, key, strconv.Itoa(i), obj); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := listIDs(t, s, key, byName), []string{"5", "2", "4", "0", "3", "1"}; !slices.Equal(got, want) {
		t.Fatalf("by -name: %v, want %v", got, want)
	}
	recs, total, err := s.List(ctx, key, byName, 2, 2)
	if err != nil || total != 6 || !slices.Equal(ids(recs), []string{"4", "0"}) {
		t.Fatalf("by -name, offset 2, limit 2: %v, %d, %v", ids(recs), total, err)
	}
	// The order follows updates, soft deletes, restores and deletes.
	rename := func(id, name string, hidden bool) {
		t.Helper()
		if _, err := s.Update(ctx, key, id, true, func(ch *store.Change) error {
			ch.Obj["name"], ch.Hidden = name, hidden
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	rename("3", "z", false)
	rename("5", "d", true)
	if err := s.Delete(ctx, key, "2"); err != nil {
		t.Fatal(err)
	}
	if got, want := listIDs(t, s, key, byName), []string{"3", "4", "0", "1"}; !slices.Equal(got, want) {
		t.Fatalf("by -name after changes: %v, want %v", got, want)
	}
	rename("5", "d", false)
	if got, want := listIDs(t, s, key, byName), []string{"3", "5", "4", "0", "1"}; !slices.Equal(got, want) {
		t.Fatalf("by -name after a restore: %v, want %v", got, want)
	}
	if got, want := listIDs(t, s, key, nil), []string{"0", "1", "3", "4", "5"}; !slices.Equal(got, want) {
		t.Fatalf("creation order after changes: %v, want %v", got, want)
	}
}

func testUpdate(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustCreate(t, s, key, "a")
	before, _ := s.Get(ctx, key, "a")
	rec, err := s.Update(ctx, key, "a", false, func(ch *store.Change) error {
		if ch.Cur.ID != "a" || ch.Old["n"] != 0.0 || ch.Obj["n"] != 0.0 || ch.Hidden {
			return fmt.Errorf("change %+v", ch)
		}
		ch.Obj["n"] = 5
		ch.Obj["list"] = []int{1}
		delete(ch.Obj, "id")
		return nil
	})
	if err != nil || rec.Version <= before.Version || rec.Seq != before.Seq {
		t.Fatalf("Update: %+v, %v (before: %+v)", rec, err, before)
	}
	got, _ := s.Get(ctx, key, "a")
	if o := got.Object(); o["n"] != 5.0 || !slices.Equal(o["list"].([]any), []any{1.0}) || o["id"] != nil || len(o) != 2 {
		t.Fatalf("after Update: %#v", o)
	}
	if before.Object()["n"] != 0.0 {
		t.Fatal("Update changed the record read before it: records must be immutable")
	}
	refused := errors.New("refused")
	_, err = s.Update(ctx, key, "a", false, func(ch *store.Change) error {
		ch.Obj["n"] = 6.0
		return refused
	})
	wantErr(t, "Update whose function fails", err, refused)
	if got, _ := s.Get(ctx, key, "a"); got.Object()["n"] != 5.0 {
		t.Fatal("a failed Update changed the object")
	}
	_, err = s.Update(ctx, key, "b", true, func(*store.Change) error { return nil })
	wantErr(t, "Update of a missing id", err, store.ErrNotFound)
	_, err = s.Update(ctx, "other", "a", true, func(*store.Change) error { return nil })
	wantErr(t, "Update in a missing collection", err, store.ErrNotFound)
}

// testUpdateConcurrent: updates of one object through many goroutines,
// each of its own field and all of one counter, lose nothing (run with
// -race).
func testUpdateConcurrent(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustCreate(t, s, key, "a", "b")
	const workers, each = 16, 20
	refused := errors.New("refused")
	type result struct {
		version     uint64
		count, prev float64
	}
	var mu sync.Mutex
	results := map[string][]result{}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			field := "f" + strconv.Itoa(w)
			for i := range each {
				id := "a"
				if i%4 == 3 {
					id = "b"
				}
				var prev float64
				rec, err := s.Update(ctx, key, id, false, func(ch *store.Change) error {
					if i%5 == 4 {
						return refused // changes nothing, whatever runs with it
					}
					prev, _ = ch.Cur.Object()["count"].(float64)
					n, _ := ch.Obj["count"].(float64)
					ch.Obj["count"] = n + 1
					f, _ := ch.Obj[field].(float64)
					ch.Obj[field] = f + 1
					return nil
				})
				if i%5 == 4 {
					if !errors.Is(err, refused) {
						t.Errorf("an update whose function fails: %v, want its error", err)
					}
					continue
				}
				if err != nil {
					t.Error(err)
					return
				}
				n, _ := rec.Object()["count"].(float64)
				mu.Lock()
				results[id] = append(results[id], result{rec.Version, n, prev})
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	a, _ := s.Get(ctx, key, "a")
	b, _ := s.Get(ctx, key, "b")
	const done = workers * (each - each/5)
	if a.Object()["count"].(float64)+b.Object()["count"].(float64) != done {
		t.Fatalf("lost updates: counts %v + %v, want %d", a.Object()["count"], b.Object()["count"], done)
	}
	for w := range workers {
		field := "f" + strconv.Itoa(w)
		if a.Object()[field].(float64)+b.Object()[field].(float64) != each-each/5 {
			t.Fatalf("lost updates of %s: %v + %v, want %d", field, a.Object()[field], b.Object()[field], each-each/5)
		}
	}
	// Each update's record is its own version: in the order of versions,
	// the counts go 1, 2, 3..., each made from the one before.
	for id, cur := range map[string]*store.Record{"a": a, "b": b} {
		rs := results[id]
		slices.SortFunc(rs, func(x, y result) int { return cmp.Compare(x.version, y.version) })
		for i, r := range rs {
			if r.count != float64(i+1) || r.prev != float64(i) || i > 0 && r.version == rs[i-1].version {
				t.Fatalf("object %s: update %d by version: version %d, count %v made from %v; want count %d from %d", id, i, r.version, r.count, r.prev, i+1, i)
			}
		}
		if last := rs[len(rs)-1]; last.version != cur.Version {
			t.Errorf("object %s: the last update's version is %d, Get's %d", id, last.version, cur.Version)
		}
	}
}

func testSoftDelete(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustCreate(t, s, key, "a", "b", "c")
	hide := func(id string, hidden, includeHidden bool) (*store.Record, error) {
		return s.Update(ctx, key, id, includeHidden, func(ch *store.Change) error {
			ch.Hidden = hidden
			ch.Obj["deleted"] = hidden
			return nil
		})
	}
	rec, err := hide("b", true, false)
	if err != nil || !rec.Hidden {
		t.Fatalf("soft delete: %+v, %v", rec, err)
	}
	if got, err := s.Get(ctx, key, "b"); err != nil || !got.Hidden || got.Object()["deleted"] != true {
		t.Fatalf("Get of a hidden object: %+v, %v", got, err)
	}
	if got := listIDs(t, s, key, nil); !slices.Equal(got, []string{"a", "c"}) {
		t.Fatalf("List with b hidden: %v", got)
	}
	_, err = hide("b", true, false)
	wantErr(t, "Update of a hidden object without includeHidden", err, store.ErrNotFound)
	_, err = s.Create(ctx, key, "b", nil)
	wantErr(t, "Create of a hidden object's id", err, store.ErrExists)
	rec, err = hide("b", true, true) // stays hidden
	if err != nil || !rec.Hidden {
		t.Fatalf("Update of a hidden object with includeHidden: %+v, %v", rec, err)
	}
	if _, err := hide("b", false, true); err != nil {
		t.Fatalf("restore: %v", err)
	}
	if got := listIDs(t, s, key, nil); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("List after restoring b: %v, want it back in its place", got)
	}
}

func testDelete(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustCreate(t, s, key, "a", "b", "c")
	if _, err := s.Update(ctx, key, "c", false, func(ch *store.Change) error { ch.Hidden = true; return nil }); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"b", "c"} { // visible, hidden
		if err := s.Delete(ctx, key, id); err != nil {
			t.Fatalf("Delete(%q): %v", id, err)
		}
		_, err := s.Get(ctx, key, id)
		wantErr(t, "Get of a deleted object", err, store.ErrNotFound)
		wantErr(t, "Delete of a deleted object", s.Delete(ctx, key, id), store.ErrNotFound)
	}
	wantErr(t, "Delete in a missing collection", s.Delete(ctx, "other", "a"), store.ErrNotFound)
	if got := listIDs(t, s, key, nil); !slices.Equal(got, []string{"a"}) {
		t.Fatalf("List after deletes: %v", got)
	}
	if _, err := s.Create(ctx, key, "b", nil); err != nil {
		t.Fatalf("Create of a deleted id: %v", err)
	}
}

func testSeed(t *testing.T, s store.Store) {
	ctx := t.Context()
	var runs sync.Map // key -> count
	fill := func(k string) func(context.Context) error {
		return func(ctx context.Context) error {
			n, _ := runs.LoadOrStore(k, new(int))
			*n.(*int)++
			for i := range 3 {
				if _, err := s.Create(ctx, k, strconv.Itoa(i), nil); err != nil {
					return err
				}
			}
			return nil
		}
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if err := s.Seed(ctx, key, fill(key)); err != nil {
				t.Error(err)
				return
			}
			if _, total, err := s.List(ctx, key, nil, 0, 10); err != nil || total != 3 {
				t.Errorf("after Seed returned: %d objects, %v; want the 3 seeded", total, err)
			}
		})
	}
	wg.Wait()
	if n, _ := runs.Load(key); *n.(*int) != 1 {
		t.Fatalf("fill ran %d times, want once", *n.(*int))
	}

	// An existing collection, even emptied, is not seeded again.
	mustCreate(t, s, "made", "x")
	for _, k := range []string{key, "made"} {
		if err := s.Seed(ctx, k, func(context.Context) error { return errors.New("seeded again") }); err != nil {
			t.Fatalf("Seed of existing collection %q: %v", k, err)
		}
	}
	// A failed fill is run again by the next Seed.
	failed := errors.New("backend down")
	err := s.Seed(ctx, "flaky", func(ctx context.Context) error {
		if _, err := s.Create(ctx, "flaky", "half", nil); err != nil {
			return err
		}
		return failed
	})
	wantErr(t, "Seed whose fill fails", err, failed)
	if err := s.Seed(ctx, "flaky", fill("flaky")); err != nil {
		t.Fatalf("Seed after a failed one: %v", err)
	}
	if got := listIDs(t, s, "flaky", nil); !slices.Equal(got, []string{"0", "1", "2"}) {
		t.Fatalf("after a failed Seed and a good one: %v", got)
	}
	// An empty fill makes an empty collection, which exists.
	if err := s.Seed(ctx, "empty", func(context.Context) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.Seed(ctx, "empty", func(context.Context) error { return errors.New("seeded again") }); err != nil {
		t.Fatalf("Seed of an empty seeded collection: %v", err)
	}
}

func testReset(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustCreate(t, s, key, "1", "2")
	if err := s.Seed(ctx, "seeded", func(context.Context) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.Reset(ctx); err != nil {
		t.Fatalf("Reset: %v", err)
	}
	if got := listIDs(t, s, key, nil); len(got) != 0 {
		t.Fatalf("after Reset: %v", got)
	}
	if n, _ := s.NextID(ctx, key); n != 1 {
		t.Fatalf("NextID after Reset = %d, want 1", n)
	}
	seeded := false
	if err := s.Seed(ctx, "seeded", func(context.Context) error { seeded = true; return nil }); err != nil || !seeded {
		t.Fatalf("a collection is seeded again after Reset: %v, %v", seeded, err)
	}
}

func testExportImport(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustCreate(t, s, key, "3", "b", "1")
	mustCreate(t, s, "other|x=1", "z")
	if _, err := s.Update(ctx, key, "b", false, func(ch *store.Change) error {
		ch.Hidden = true
		ch.Obj["nested"] = map[string]any{"list": []any{1.0, "two", nil}}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Seed(ctx, "empty", func(context.Context) error { return nil }); err != nil {
		t.Fatal(err)
	}
	data, err := s.Export(ctx)
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	if err := s.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Import(ctx, data); err != nil {
		t.Fatalf("Import of an export: %v", err)
	}
	again, err := s.Export(ctx)
	if err != nil || string(again) != string(data) {
		t.Fatalf("export, import, export differ:\n%s\n%s (%v)", data, again, err)
	}
	if got := listIDs(t, s, key, nil); !slices.Equal(got, []string{"3", "1"}) {
		t.Fatalf("List after Import: %v", got)
	}
	b, err := s.Get(ctx, key, "b")
	if err != nil || !b.Hidden || b.Object()["nested"].(map[string]any)["list"].([]any)[1] != "two" {
		t.Fatalf("hidden object after Import: %+v, %v", b, err)
	}
	if n, _ := s.NextID(ctx, key); n != 4 {
		t.Fatalf("NextID after Import = %d, want 4 (past id 3)", n)
	}
	if err := s.Seed(ctx, "empty", func(context.Context) error { return errors.New("seeded again") }); err != nil {
		t.Fatalf("an imported empty collection is seeded again: %v", err)
	}
}

func testImportErrors(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustCreate(t, s, key, "a")
	before, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range []string{
		`not json`,
		`{"format":"something-else","version":1,"collections":{}}`,
		`{"format":"mockserver-state","version":99,"collections":{}}`,
		`{"format":"mockserver-state","version":1,"collections":{"k":[{"id":"1","obj":{}},{"id":"1","obj":{}}]}}`,
		`{"format":"mockserver-state","version":1,"collections":{"k":[{"id":"1","obj":[]}]}}`,
	} {
		if err := s.Import(ctx, []byte(doc)); err == nil {
			t.Errorf("Import(%s) succeeded", doc)
		}
		if after, _ := s.Export(ctx); string(after) != string(before) {
			t.Fatalf("a failed Import(%s) changed the state", doc)
		}
	}
}

// testPeeker checks Exists on a store that is a store.Peeker: reads leave
// a collection missing, every way of making one makes it exist, and a
// failed seed or a Reset undo it.
func testPeeker(t *testing.T, s store.Store) {
	p, ok := s.(store.Peeker)
	if !ok {
		t.Skip("not a store.Peeker")
	}
	ctx := t.Context()
	exists := func(k string) bool {
		t.Helper()
		ok, err := p.Exists(ctx, k)
		if err != nil {
			t.Fatalf("Exists(%q): %v", k, err)
		}
		return ok
	}
	if _, err := s.Get(ctx, key, "1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get in a missing collection: %v", err)
	}
	if _, _, err := s.List(ctx, key, &store.Order{Name: "n", Key: func(map[string]any) string { return "" }}, 0, 10); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.List(ctx, key, nil, 0, 10); err != nil {
		t.Fatal(err)
	}
	if exists(key) {
		t.Fatal("a collection only read exists")
	}

	mustCreate(t, s, key, "1")
	if _, err := s.NextID(ctx, "counted"); err != nil {
		t.Fatal(err)
	}
	var during bool
	if err := s.Seed(ctx, "seeded", func(context.Context) error { during = exists("seeded"); return nil }); err != nil {
		t.Fatal(err)
	}
	if !during {
		t.Error("a collection being seeded does not exist")
	}
	for _, k := range []string{key, "counted", "seeded"} {
		if !exists(k) {
			t.Errorf("collection %q made by a write does not exist", k)
		}
	}
	// Keys of one collection are no other's.
	if exists(key+"x") || exists("") {
		t.Error("a collection exists that nothing made")
	}

	failed := errors.New("backend down")
	err := s.Seed(ctx, "flaky", func(ctx context.Context) error {
		if _, err := s.Create(ctx, "flaky", "half", nil); err != nil {
			return err
		}
		return failed
	})
	wantErr(t, "Seed whose fill fails", err, failed)
	if exists("flaky") {
		t.Error("a collection whose seeding failed exists")
	}

	data, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if exists(key) || exists("seeded") {
		t.Error("a collection exists after Reset")
	}
	if err := s.Import(ctx, data); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{key, "counted", "seeded"} {
		if !exists(k) {
			t.Errorf("imported collection %q does not exist", k)
		}
	}
}

// testPeekReader checks PeekGet and PeekList on a store.PeekReader: they
// read what Get and List read in a ready collection, and nothing in one
// that is missing, being seeded, failed to seed or was reset.
func testPeekReader(t *testing.T, s store.Store) {
	p, ok := s.(store.PeekReader)
	if !ok {
		t.Skip("not a store.PeekReader")
	}
	ctx := t.Context()
	ready := func(k, id string) (*store.Record, bool, error) {
		t.Helper()
		rec, okGet, err := p.PeekGet(ctx, k, id)
		recs, total, okList, lerr := p.PeekList(ctx, k, nil, 0, 10)
		if lerr != nil {
			t.Fatalf("PeekList(%q): %v", k, lerr)
		}
		if okGet != okList {
			t.Fatalf("collection %q: PeekGet says ready %v, PeekList %v", k, okGet, okList)
		}
		if !okList && (recs != nil || total != 0 || rec != nil || err != nil) {
			t.Fatalf("collection %q not ready: PeekGet %v, %v; PeekList %v, %d", k, rec, err, recs, total)
		}
		return rec, okGet, err
	}
	if _, ok, _ := ready(key, "1"); ok {
		t.Fatal("a missing collection is ready")
	}

	mustCreate(t, s, key, "1", "2", "3")
	rec, ok, err := ready(key, "2")
	if !ok || err != nil || rec.ID != "2" || rec.Object()["n"] != 1.0 {
		t.Fatalf("PeekGet of a created object: %+v, %v, ready %v", rec, err, ok)
	}
	if _, ok, err := ready(key, "9"); !ok || !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("PeekGet of a missing object in a ready collection: %v, ready %v; want ErrNotFound", err, ok)
	}
	// A hidden object is found, as Get finds it, and not listed.
	if _, err := s.Update(ctx, key, "1", false, func(ch *store.Change) error { ch.Hidden = true; return nil }); err != nil {
		t.Fatal(err)
	}
	if rec, _, err := ready(key, "1"); err != nil || !rec.Hidden {
		t.Fatalf("PeekGet of a hidden object: %+v, %v", rec, err)
	}
	recs, total, _, err := p.PeekList(ctx, key, nil, 1, 1)
	if err != nil || total != 2 || !slices.Equal(ids(recs), []string{"3"}) {
		t.Fatalf("PeekList(offset 1, limit 1): %v total %d, %v; want [3] of 2", ids(recs), total, err)
	}
	byN := &store.Order{Name: "desc", Key: func(obj map[string]any) string {
		n, _ := obj["n"].(float64)
		return strconv.Itoa(9 - int(n))
	}}
	if recs, _, _, err := p.PeekList(ctx, key, byN, 0, 10); err != nil || !slices.Equal(ids(recs), []string{"3", "2"}) {
		t.Fatalf("PeekList in an order: %v, %v; want [3 2]", ids(recs), err)
	}
	// After an update, the new version is read.
	if _, err := s.Update(ctx, key, "2", false, func(ch *store.Change) error { ch.Obj["n"] = 7.0; return nil }); err != nil {
		t.Fatal(err)
	}
	if rec, _, _ := ready(key, "2"); rec.Object()["n"] != 7.0 {
		t.Fatalf("PeekGet after an update: %v", rec.Object())
	}

	var during bool
	if err := s.Seed(ctx, "seeded", func(ctx context.Context) error {
		if _, err := s.Create(ctx, "seeded", "a", nil); err != nil {
			return err
		}
		_, during, _ = ready("seeded", "a")
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if during {
		t.Error("a collection being seeded is ready")
	}
	if rec, ok, err := ready("seeded", "a"); !ok || err != nil || rec.ID != "a" {
		t.Errorf("a seeded collection: %+v, %v, ready %v", rec, err, ok)
	}
	_ = s.Seed(ctx, "flaky", func(ctx context.Context) error {
		if _, err := s.Create(ctx, "flaky", "half", nil); err != nil {
			return err
		}
		return errors.New("backend down")
	})
	if _, ok, _ := ready("flaky", "half"); ok {
		t.Error("a collection whose seeding failed is ready")
	}
	if err := s.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := ready(key, "2"); ok {
		t.Error("a collection is ready after Reset")
	}
}

// testPeekUpdater checks PeekUpdate on a store.PeekUpdater: it updates
// as Update does in a ready collection, and writes nothing in one that is
// missing, being seeded or was reset (also when the store had the object
// before the reset: a remote store's cache must not make it ready).
func testPeekUpdater(t *testing.T, s store.Store) {
	p, ok := s.(store.PeekUpdater)
	if !ok {
		t.Skip("not a store.PeekUpdater")
	}
	ctx := t.Context()
	exists := func(k string) bool {
		t.Helper()
		ok, err := p.Exists(ctx, k)
		if err != nil {
			t.Fatalf("Exists(%q): %v", k, err)
		}
		return ok
	}
	set := func(n float64) func(*store.Change) error {
		return func(ch *store.Change) error { ch.Obj["n"] = n; return nil }
	}
	if rec, ready, err := p.PeekUpdate(ctx, key, "1", false, set(5)); ready || rec != nil || err != nil {
		t.Fatalf("PeekUpdate in a missing collection: %+v, %v, ready %v", rec, err, ready)
	}
	if exists(key) {
		t.Fatal("PeekUpdate in a missing collection created it")
	}

	mustCreate(t, s, key, "1", "2")
	rec, ready, err := p.PeekUpdate(ctx, key, "2", false, set(5))
	if !ready || err != nil || rec.Object()["n"] != 5.0 {
		t.Fatalf("PeekUpdate in a ready collection: %+v, %v, ready %v", rec, err, ready)
	}
	if got, err := s.Get(ctx, key, "2"); err != nil || got.Object()["n"] != 5.0 || got.Version != rec.Version {
		t.Fatalf("Get after PeekUpdate: %+v, %v; want n 5 at version %d", got, err, rec.Version)
	}
	if _, ready, err := p.PeekUpdate(ctx, key, "9", false, set(5)); !ready || !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("PeekUpdate of a missing object: %v, ready %v; want ErrNotFound", err, ready)
	}
	// Soft delete, and the hidden object not found unless asked for.
	hide := func(ch *store.Change) error { ch.Hidden = true; return nil }
	if _, _, err := p.PeekUpdate(ctx, key, "1", false, hide); err != nil {
		t.Fatal(err)
	}
	if _, ready, err := p.PeekUpdate(ctx, key, "1", false, set(1)); !ready || !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("PeekUpdate of a hidden object: %v, ready %v; want ErrNotFound", err, ready)
	}
	if rec, _, err := p.PeekUpdate(ctx, key, "1", true, set(1)); err != nil || !rec.Hidden {
		t.Fatalf("PeekUpdate of a hidden object, hidden included: %+v, %v", rec, err)
	}
	wantErr := errors.New("refused")
	if _, _, err := p.PeekUpdate(ctx, key, "2", false, func(*store.Change) error { return wantErr }); !errors.Is(err, wantErr) {
		t.Fatalf("PeekUpdate whose function fails: %v; want %v", err, wantErr)
	}

	var during bool
	if err := s.Seed(ctx, "seeded", func(ctx context.Context) error {
		if _, err := s.Create(ctx, "seeded", "a", map[string]any{"n": 1.0}); err != nil {
			return err
		}
		_, during, _ = p.PeekUpdate(ctx, "seeded", "a", false, set(2))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if during {
		t.Error("PeekUpdate wrote in a collection being seeded")
	}
	if rec, err := s.Get(ctx, "seeded", "a"); err != nil || rec.Object()["n"] != 1.0 {
		t.Errorf("the seeded object after a PeekUpdate during the seeding: %+v, %v; want n 1", rec, err)
	}

	if err := s.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if rec, ready, err := p.PeekUpdate(ctx, key, "2", false, set(6)); ready || rec != nil || err != nil {
		t.Fatalf("PeekUpdate after Reset: %+v, %v, ready %v", rec, err, ready)
	}
	if exists(key) {
		t.Fatal("PeekUpdate after Reset created the collection")
	}
}
