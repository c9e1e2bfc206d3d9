package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"
)

func ids(recs []*Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	return out
}

// filled returns a collection holding objects "1".."n" with {"n": i}.
func filled(t testing.TB, n int) *Collection {
	t.Helper()
	c := NewMemory().Collection("things|project_id=1")
	for i := 1; i <= n; i++ {
		if _, err := c.Insert(strconv.Itoa(i), map[string]any{"n": float64(i)}); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func TestInsertGet(t *testing.T) {
	t.Parallel()
	c := filled(t, 3)
	tests := []struct {
		name   string
		id     string
		wantOK bool
		wantN  float64
	}{
		{"first", "1", true, 1},
		{"last", "3", true, 3},
		{"missing", "4", false, 0},
		{"empty id", "", false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, ok := c.Get(tt.id)
			if ok != tt.wantOK {
				t.Fatalf("Get(%q) ok = %v, want %v", tt.id, ok, tt.wantOK)
			}
			if ok && (r.Object()["n"] != tt.wantN || r.ID != tt.id || r.Version != 1) {
				t.Fatalf("Get(%q) = %+v", tt.id, r)
			}
		})
	}
}

func TestInsertSemantics(t *testing.T) {
	t.Parallel()
	c := NewMemory().Collection("k")
	src := map[string]any{"a": []any{1.0}, "b": map[string]any{"c": "d"}}
	r, err := c.Insert("x", src)
	if err != nil {
		t.Fatal(err)
	}
	src["a"].([]any)[0] = 2.0 // caller keeps mutating its map
	src["b"].(map[string]any)["c"] = "e"
	if got, _ := c.Get("x"); got.Object()["a"].([]any)[0] != 1.0 || got.Object()["b"].(map[string]any)["c"] != "d" {
		t.Fatalf("Insert did not copy: %v", got.Object())
	}
	if r.Seq != 1 || r.Version != 1 || r.Hidden {
		t.Fatalf("record = %+v", r)
	}
	if _, err := c.Insert("x", nil); !errors.Is(err, ErrExists) {
		t.Fatalf("duplicate Insert err = %v, want ErrExists", err)
	}
	if _, err := c.SetHidden("x", true); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Insert("x", nil); !errors.Is(err, ErrExists) {
		t.Fatalf("Insert over hidden err = %v, want ErrExists", err)
	}
	r2, err := c.Insert("y", nil)
	if err != nil || r2.Object() == nil || r2.Seq != 2 {
		t.Fatalf("Insert nil obj = %+v, %v", r2, err)
	}
}

func TestHiddenExcluded(t *testing.T) {
	t.Parallel()
	c := filled(t, 5)
	if _, err := c.SetHidden("2", true); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SetHidden("4", true); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"Len", c.Len(), 3},
		{"All", ids(c.All()), []string{"1", "3", "5"}},
		{"Page ids", ids(first(c.Page(0, 10))), []string{"1", "3", "5"}},
		{"Page total", second(c.Page(0, 10)), 3},
		{"Get hidden", second(c.Get("2")), false},
		{"GetAny hidden", second(c.GetAny("2")), true},
		{"GetAny flag", first(c.GetAny("2")).Hidden, true},
		{"Get visible", second(c.Get("3")), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if fmt.Sprint(tt.got) != fmt.Sprint(tt.want) {
				t.Fatalf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func first[A, B any](a A, _ B) A  { return a }
func second[A, B any](_ A, b B) B { return b }

func TestSetHidden(t *testing.T) {
	t.Parallel()
	c := filled(t, 4)
	r, err := c.SetHidden("3", true)
	if err != nil || !r.Hidden || r.Version != 2 {
		t.Fatalf("hide: %+v, %v", r, err)
	}
	if again, _ := c.SetHidden("3", true); again != r {
		t.Fatal("hiding a hidden object changed the record")
	}
	if _, err := c.SetHidden("1", true); err != nil {
		t.Fatal(err)
	}
	if got := ids(c.All()); !slices.Equal(got, []string{"2", "4"}) {
		t.Fatalf("All = %v", got)
	}
	r, err = c.SetHidden("3", false) // restored to its place, not appended
	if err != nil || r.Hidden || r.Version != 3 {
		t.Fatalf("unhide: %+v, %v", r, err)
	}
	if got := ids(c.All()); !slices.Equal(got, []string{"2", "3", "4"}) {
		t.Fatalf("All after unhide = %v", got)
	}
	if _, err := c.SetHidden("1", false); err != nil {
		t.Fatal(err)
	}
	if got := ids(first(c.Page(0, 10))); !slices.Equal(got, []string{"1", "2", "3", "4"}) {
		t.Fatalf("Page after unhide = %v", got)
	}
	if _, err := c.SetHidden("nope", true); !errors.Is(err, ErrNotFound) {
		t.Fatalf("SetHidden missing err = %v", err)
	}
}

func TestUpdate(t *testing.T) {
	t.Parallel()
	errAbort := errors.New("abort")
	tests := []struct {
		name          string
		id            string
		hide          bool
		includeHidden bool
		fn            func(map[string]any) error
		wantErr       error
		wantN         any // n after the call
	}{
		{"sets field", "1", false, false, func(o map[string]any) error { o["n"] = 10.0; return nil }, nil, 10.0},
		{"deletes field", "1", false, false, func(o map[string]any) error { delete(o, "n"); return nil }, nil, nil},
		{"abort keeps state", "1", false, false, func(o map[string]any) error { o["n"] = 99.0; return errAbort }, errAbort, 1.0},
		{"missing", "7", false, false, func(map[string]any) error { return nil }, ErrNotFound, nil},
		{"hidden not included", "1", true, false, func(o map[string]any) error { o["n"] = 5.0; return nil }, ErrNotFound, 1.0},
		{"hidden included", "1", true, true, func(o map[string]any) error { o["n"] = 5.0; return nil }, nil, 5.0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := filled(t, 1)
			before, _ := c.GetAny("1")
			if tt.hide {
				before, _ = c.SetHidden("1", true)
			}
			r, err := c.Update(tt.id, tt.includeHidden, tt.fn)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			after, _ := c.GetAny("1")
			if got := after.Object()["n"]; tt.id == "1" && got != tt.wantN {
				t.Fatalf("n = %v, want %v", got, tt.wantN)
			}
			if err != nil {
				if after != before {
					t.Fatal("failed Update replaced the record")
				}
				return
			}
			if r != after || r.Version != before.Version+1 || r.Seq != before.Seq || r.Hidden != before.Hidden {
				t.Fatalf("record %+v after %+v", r, before)
			}
			if before.Object()["n"] != 1.0 {
				t.Fatalf("Update mutated the old record: %v", before.Object())
			}
		})
	}
}

func TestDelete(t *testing.T) {
	t.Parallel()
	c := filled(t, 3)
	if _, err := c.SetHidden("3", true); err != nil {
		t.Fatal(err)
	}
	if !c.Delete("2") || !c.Delete("3") {
		t.Fatal("Delete of existing id returned false")
	}
	if c.Delete("2") {
		t.Fatal("second Delete returned true")
	}
	if _, ok := c.GetAny("3"); ok {
		t.Fatal("deleted hidden object still found")
	}
	if _, err := c.Update("2", true, func(map[string]any) error { return nil }); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Update deleted err = %v", err)
	}
	if c.Len() != 1 || !slices.Equal(ids(c.All()), []string{"1"}) {
		t.Fatalf("after delete: len %d, %v", c.Len(), ids(c.All()))
	}
	r, err := c.Insert("2", nil) // id reusable, goes last
	if err != nil || r.Seq != 4 {
		t.Fatalf("re-Insert = %+v, %v", r, err)
	}
}

func TestPage(t *testing.T) {
	t.Parallel()
	c := filled(t, 10)
	for _, id := range []string{"2", "5", "6"} {
		if _, err := c.SetHidden(id, true); err != nil {
			t.Fatal(err)
		}
	}
	c.Delete("9")
	// visible: 1 3 4 7 8 10
	tests := []struct {
		name          string
		offset, limit int
		want          []string
	}{
		{"all", 0, 100, []string{"1", "3", "4", "7", "8", "10"}},
		{"first two", 0, 2, []string{"1", "3"}},
		{"middle across hidden", 2, 2, []string{"4", "7"}},
		{"tail clipped", 4, 10, []string{"8", "10"}},
		{"last", 5, 1, []string{"10"}},
		{"offset at end", 6, 10, nil},
		{"offset past end", 60, 10, nil},
		{"limit 0", 0, 0, nil},
		{"negative limit", 0, -1, nil},
		{"negative offset", -3, 1, []string{"1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			recs, total := c.Page(tt.offset, tt.limit)
			if total != 6 {
				t.Fatalf("total = %d, want 6", total)
			}
			if got := ids(recs); !slices.Equal(got, tt.want) {
				t.Fatalf("Page(%d, %d) = %v, want %v", tt.offset, tt.limit, got, tt.want)
			}
		})
	}
}

func TestNextInt(t *testing.T) {
	t.Parallel()
	c := NewMemory().Collection("k")
	if n := c.NextInt(); n != 1 {
		t.Fatalf("first NextInt = %d", n)
	}
	if n := c.NextInt(); n != 2 {
		t.Fatalf("second NextInt = %d", n)
	}
	for _, id := range []string{"10", "abc", "5", "-3", "0x20"} {
		if _, err := c.Insert(id, nil); err != nil {
			t.Fatal(err)
		}
	}
	if n := c.NextInt(); n != 11 {
		t.Fatalf("NextInt after inserting 10 = %d, want 11", n)
	}
	c.Clear()
	if n := c.NextInt(); n != 1 || c.Len() != 0 || len(c.All()) != 0 {
		t.Fatalf("after Clear: NextInt %d, Len %d", n, c.Len())
	}
	if r, _ := c.Insert("a", nil); r.Seq != 1 {
		t.Fatalf("seq after Clear = %d", r.Seq)
	}
}

// TestUpdateNoLostWrite: 200 goroutines each set their own field of one
// object; every field must survive.
func TestUpdateNoLostWrite(t *testing.T) {
	t.Parallel()
	c := filled(t, 1)
	const n = 200
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, err := c.Update("1", false, func(o map[string]any) error {
				o["f"+strconv.Itoa(i)] = float64(i)
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	r, _ := c.Get("1")
	for i := range n {
		if got := r.Object()["f"+strconv.Itoa(i)]; got != float64(i) {
			t.Fatalf("field f%d = %v: update lost", i, got)
		}
	}
	if r.Version != n+1 {
		t.Fatalf("version = %d, want %d", r.Version, n+1)
	}
}

// TestNoTornReads: writers update a and b together, hiders flip visibility;
// readers must always see a == b.
func TestNoTornReads(t *testing.T) {
	t.Parallel()
	c := NewMemory().Collection("k")
	for _, id := range []string{"x", "y"} {
		if _, err := c.Insert(id, map[string]any{"a": 0.0, "b": 0.0}); err != nil {
			t.Fatal(err)
		}
	}
	const writers, rounds = 4, 100
	var wg sync.WaitGroup
	done := make(chan struct{})
	for w := range writers {
		wg.Go(func() {
			for i := range rounds {
				v := float64(w*rounds + i)
				if _, err := c.Update("x", true, func(o map[string]any) error {
					o["a"] = v
					o["b"] = v
					return nil
				}); err != nil {
					t.Error(err)
				}
				if _, err := c.SetHidden("x", i%2 == 0); err != nil {
					t.Error(err)
				}
			}
		})
	}
	check := func(r *Record) {
		if r.Object()["a"] != r.Object()["b"] {
			t.Errorf("torn read: a=%v b=%v", r.Object()["a"], r.Object()["b"])
		}
	}
	var readers sync.WaitGroup
	for range 4 {
		readers.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				if r, ok := c.GetAny("x"); ok {
					check(r)
				}
				for _, r := range c.All() {
					check(r)
				}
				recs, total := c.Page(0, 10)
				if total < 1 || total > 2 || len(recs) != total {
					t.Errorf("Page: %d recs, total %d", len(recs), total)
				}
				for _, r := range recs {
					check(r)
				}
			}
		})
	}
	wg.Wait()
	close(done)
	readers.Wait()
}

func TestCachedJSON(t *testing.T) {
	t.Parallel()
	c := filled(t, 1)
	r, _ := c.Get("1")
	var calls sync.WaitGroup
	var mu sync.Mutex
	built := 0
	for range 50 {
		calls.Go(func() {
			b := r.CachedJSON("json", func() []byte {
				mu.Lock()
				built++
				mu.Unlock()
				return []byte(`{"n":1}`)
			})
			if string(b) != `{"n":1}` {
				t.Errorf("CachedJSON = %s", b)
			}
		})
	}
	calls.Wait()
	if built != 1 {
		t.Fatalf("build ran %d times, want 1", built)
	}
	if b := r.CachedJSON("other", func() []byte { return []byte("x") }); string(b) != "x" {
		t.Fatalf("second key = %s", b)
	}
	r2, _ := c.Update("1", false, func(o map[string]any) error { o["n"] = 2.0; return nil })
	if b := r2.CachedJSON("json", func() []byte { return []byte(`{"n":2}`) }); string(b) != `{"n":2}` {
		t.Fatalf("new version served stale bytes %s", b)
	}
	var plain Record
	if b := plain.CachedJSON("json", func() []byte { return []byte("p") }); string(b) != "p" {
		t.Fatalf("hand-built record = %s", b)
	}
}

// Update copies the top level only: unchanged nested values are shared with
// the previous version, and replacing one leaves the previous version as it
// was.
func TestUpdateSharesNested(t *testing.T) {
	t.Parallel()
	c := NewMemory().Collection("things|project_id=1")
	before, err := c.Insert("1", map[string]any{"kept": map[string]any{"a": 1.0}, "replaced": []any{"x"}})
	if err != nil {
		t.Fatal(err)
	}
	after, err := c.Update("1", false, func(o map[string]any) error {
		o["replaced"] = []any{"y"}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%p", after.Object()["kept"]) != fmt.Sprintf("%p", before.Object()["kept"]) {
		t.Fatal("an unchanged nested value was copied")
	}
	if before.Object()["replaced"].([]any)[0] != "x" || after.Object()["replaced"].([]any)[0] != "y" {
		t.Fatalf("versions %v / %v", before.Object(), after.Object())
	}
}

// Every change of a collection gives it a version it never had, and no
// collection of the store, not one made anew after Reset or Import, has a
// version another had: a view kept with the versions it read is never
// taken for current after a change.
func TestCollectionVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := NewMemory()
	if v := s.CollectionVersion("k"); v != 0 {
		t.Fatalf("missing collection: version %d, want 0", v)
	}
	seen := map[uint64]string{}
	step := func(what string, change func() error) {
		t.Helper()
		if err := change(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		v := s.CollectionVersion("k")
		if v == 0 {
			t.Fatalf("after %s: version 0", what)
		}
		if earlier, ok := seen[v]; ok {
			t.Fatalf("after %s: version %d, as after %s", what, v, earlier)
		}
		seen[v] = what
	}
	step("seed", func() error { return s.Seed(ctx, "k", func(context.Context) error { return nil }) })
	step("create", func() error { _, err := s.Create(ctx, "k", "1", map[string]any{"n": 1.0}); return err })
	step("update", func() error {
		_, err := s.Update(ctx, "k", "1", false, func(ch *Change) error { ch.Obj["n"] = 2.0; return nil })
		return err
	})
	step("hide", func() error { _, err := s.Collection("k").SetHidden("1", true); return err })
	step("restore", func() error { _, err := s.Collection("k").SetHidden("1", false); return err })
	step("delete", func() error { return s.Delete(ctx, "k", "1") })
	step("clear", func() error { s.Collection("k").Clear(); return nil })
	export, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if v := s.CollectionVersion("k"); v != 0 {
		t.Fatalf("after reset: version %d, want 0", v)
	}
	step("create after reset", func() error { _, err := s.Create(ctx, "k", "1", map[string]any{"n": 1.0}); return err })
	step("import", func() error { return s.Import(ctx, export) })

	// Reads change nothing.
	v := s.CollectionVersion("k")
	if _, _, err := s.List(ctx, "k", nil, 0, 10); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NextID(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if s.CollectionVersion("k") != v {
		t.Fatalf("a read changed the version")
	}
}
