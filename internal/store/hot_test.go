package store

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"sync"
	"testing"
	"time"
)

// withHotLimit makes c keep at most limit records hot.
func withHotLimit(c *Collection, limit int) *Collection {
	c.hot = newHotSet(limit)
	return c
}

// richObject has every kind of JSON value, and strings JSON encoding
// escapes.
func richObject(i int) map[string]any {
	return map[string]any{
		"id":     float64(i),
		"name":   "<fn & \"" + strconv.Itoa(i) + "\">\u2028é😀",
		"big":    1e21,
		"small":  -0.000001234,
		"frac":   0.1 + float64(i),
		"on":     i%2 == 0,
		"none":   nil,
		"empty":  []any{},
		"blank":  map[string]any{},
		"nested": map[string]any{"list": []any{1.0, "two", nil, []any{map[string]any{"deep": true}}}},
	}
}

func TestColdRoundTrip(t *testing.T) {
	t.Parallel()
	c := withHotLimit(newCollection("k", hotLimit), 2)
	var hot []map[string]any
	for i := range 5 {
		r, err := c.Insert(strconv.Itoa(i), richObject(i))
		if err != nil {
			t.Fatal(err)
		}
		if r.Cold() {
			t.Fatalf("record %d cold when written", i)
		}
		hot = append(hot, r.Object())
	}
	for i := range 5 {
		r, _ := c.Get(strconv.Itoa(i))
		if wantCold := i < 3; r.Cold() != wantCold {
			t.Fatalf("record %d: cold = %v, want %v (hot limit 2)", i, r.Cold(), wantCold)
		}
		if got := r.Object(); !reflect.DeepEqual(got, hot[i]) || !reflect.DeepEqual(got, richObject(i)) {
			t.Fatalf("record %d decodes to %#v, want %#v", i, got, hot[i])
		}
	}
}

// TestWritesNormalize: whatever Go values are written, a record holds what
// JSON decoding gives, so that cold and hot records read the same.
func TestWritesNormalize(t *testing.T) {
	t.Parallel()
	at := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	in := map[string]any{
		"int":     7,
		"int64":   int64(-3),
		"float32": float32(0.1),
		"strings": []string{"a", "b"},
		"labels":  map[string]string{"k": "v"},
		"objs":    []map[string]any{{"n": 1}},
		"when":    at,
		"bad":     "a\xffb",
		"nilmap":  map[string]any(nil),
		"nested":  map[string]any{"n": uint8(2), "list": []any{int32(1)}},
		"yaml":    map[any]any{200: "ok", "k": []any{map[any]any{true: 1}}},
	}
	want := map[string]any{
		"int":     7.0,
		"int64":   -3.0,
		"float32": 0.1,
		"strings": []any{"a", "b"},
		"labels":  map[string]any{"k": "v"},
		"objs":    []any{map[string]any{"n": 1.0}},
		"when":    "2025-06-01T12:00:00Z",
		"bad":     "a\ufffdb",
		"nilmap":  nil,
		"nested":  map[string]any{"n": 2.0, "list": []any{1.0}},
		"yaml":    map[string]any{"200": "ok", "k": []any{map[string]any{"true": 1.0}}},
	}
	c := withHotLimit(newCollection("k", hotLimit), 1)
	r, err := c.Insert("a", in)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.Object(), want) {
		t.Fatalf("inserted\n%#v\nwant\n%#v", r.Object(), want)
	}
	r2, err := c.Update("a", false, func(o map[string]any) error {
		o["int"] = 8
		o["added"] = []string{"x"}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want["int"], want["added"] = 8.0, []any{"x"}
	if !reflect.DeepEqual(r2.Object(), want) {
		t.Fatalf("updated\n%#v\nwant\n%#v", r2.Object(), want)
	}
	if _, err := c.Insert("b", nil); err != nil { // pushes a out: cold
		t.Fatal(err)
	}
	if !r2.Cold() || !reflect.DeepEqual(r2.Object(), want) {
		t.Fatalf("cold %v: %#v", r2.Cold(), r2.Object())
	}
}

// TestUnencodableStaysHot: a NaN cannot be encoded, so its record is never
// turned cold (and still reads back).
func TestUnencodableStaysHot(t *testing.T) {
	t.Parallel()
	c := withHotLimit(newCollection("k", hotLimit), 1)
	r, _ := c.Insert("nan", map[string]any{"x": math.NaN()})
	c.Insert("other", nil)
	if r.Cold() || !math.IsNaN(r.Object()["x"].(float64)) {
		t.Fatalf("cold %v, object %v", r.Cold(), r.Object())
	}
	if _, err := NewMemory().Export(t.Context()); err != nil {
		t.Fatal(err)
	}
}

// TestColdKeepsBytesOnly: turning a record cold keeps its cached bytes and
// drops its other cached values; building one again makes it hot.
func TestColdKeepsBytesOnly(t *testing.T) {
	t.Parallel()
	c := withHotLimit(newCollection("k", hotLimit), 1)
	r, _ := c.Insert("a", map[string]any{"n": 1.0})
	builds := 0
	bytes := func() []byte { builds++; return []byte(`{"n":1}`) }
	view := func() any { builds++; return map[string]any{"n": 1.0} }
	r.CachedJSON("json", bytes)
	r.Cached("view", view)
	c.Insert("b", nil) // a turns cold
	if !r.Cold() {
		t.Fatal("a still hot")
	}
	if _, ok := r.Peek("view"); ok {
		t.Fatal("cold record kept a pointer-holding cached value")
	}
	if v, ok := r.Peek("json"); !ok || string(v.([]byte)) != `{"n":1}` {
		t.Fatalf("cold record lost its bytes: %v %v", v, ok)
	}
	r.CachedJSON("json", bytes)
	if builds != 2 {
		t.Fatalf("builds = %d, want 2 (bytes kept)", builds)
	}
	r.Cached("view", view) // rebuilt: a joins the hot set, b is pushed out
	if builds != 3 {
		t.Fatalf("builds = %d, want 3 (view rebuilt)", builds)
	}
	if b, _ := c.Get("b"); !b.Cold() {
		t.Fatal("building a view did not make its record use the hot set")
	}
	if _, ok := r.Peek("view"); !ok || !r.Cold() {
		t.Fatalf("view cached %v, record cold %v: want a cached view on a record still cold", ok, r.Cold())
	}
}

// TestUpdateOfHotRecordDoesNotDecode: Update hands fn the hot record's own
// map as old (no decoding); a cold record's is decoded for it.
func TestUpdateOfHotRecordDoesNotDecode(t *testing.T) {
	t.Parallel()
	c := withHotLimit(newCollection("k", hotLimit), 1)
	r, _ := c.Insert("a", map[string]any{"n": 1.0})
	same := func(a, b map[string]any) bool {
		return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
	}
	var seen map[string]any
	var seenRec *Record
	r2, err := c.update("a", false, func(ch *Change) error {
		seenRec, seen = ch.Cur, ch.Old
		ch.Obj["n"] = 2.0
		return nil
	})
	if err != nil || !same(seen, r.Object()) || seenRec != r {
		t.Fatalf("err %v; fn got a copy of the hot record's map, or another record than the one replaced", err)
	}
	c.Insert("b", nil) // a turns cold
	if !r2.Cold() {
		t.Fatal("a still hot")
	}
	if _, err := c.update("a", false, func(ch *Change) error {
		seenRec, seen = ch.Cur, ch.Old
		return nil
	}); err != nil || seen["n"] != 2.0 || seenRec != r2 {
		t.Fatalf("err %v; cold record gave %v", err, seen)
	}
}

// TestColdConcurrentReaders: readers get, list, render and read objects
// while writers insert and update, so that records turn cold under the
// readers' feet. Every read must see a whole, right object (run with -race).
func TestColdConcurrentReaders(t *testing.T) {
	t.Parallel()
	c := withHotLimit(newCollection("k", hotLimit), 8)
	const objects = 200
	for i := range objects {
		c.Insert(strconv.Itoa(i), map[string]any{"i": float64(i), "v": 0.0, "w": 0.0})
	}
	check := func(r *Record) {
		o := r.Object()
		if o["v"] != o["w"] || o["i"] != func() any { n, _ := strconv.Atoi(r.ID); return float64(n) }() {
			t.Errorf("record %s reads %v", r.ID, o)
		}
		b := r.CachedJSON("json", func() []byte { b, _ := json.Marshal(r.Object()); return b })
		var back map[string]any
		if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, o) {
			t.Errorf("record %s cached %s, reads %v", r.ID, b, o)
		}
		if v := r.Cached("view", func() any { return r.Object() }).(map[string]any); !reflect.DeepEqual(v, o) {
			t.Errorf("record %s view %v, reads %v", r.ID, v, o)
		}
	}
	done := make(chan struct{})
	var readers sync.WaitGroup
	for k := range 3 {
		readers.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(k), 9))
			for {
				select {
				case <-done:
					return
				default:
				}
				if r, ok := c.GetAny(strconv.Itoa(rng.IntN(objects))); ok {
					check(r)
				}
				recs, _ := c.SortedPage(byI, rng.IntN(objects), 5)
				for _, r := range recs {
					check(r)
				}
			}
		})
	}
	var writers sync.WaitGroup
	for w := range 2 {
		writers.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for n := range 300 {
				id := strconv.Itoa(rng.IntN(objects))
				if _, err := c.Update(id, true, func(o map[string]any) error {
					o["v"], o["w"] = float64(n), float64(n)
					return nil
				}); err != nil {
					t.Error(err)
				}
				if n%10 == 0 {
					c.SetHidden(id, n%20 == 0)
				}
			}
		})
	}
	writers.Wait()
	close(done)
	readers.Wait()
}

// byI orders by the "i" number.
var byI = &Order{
	Name: "i",
	Key:  func(obj map[string]any) string { return string(AppendNumber(nil, obj["i"].(float64))) },
}

// TestColdBehavesAsHot drives two collections through the same random
// inserts, updates, hides, restores and deletes, one keeping every record
// hot, one only two, and checks they read the same throughout: gets, pages
// in creation and in sorted order, export.
func TestColdBehavesAsHot(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	hot := withHotLimit(NewMemory().Collection("k"), 1<<20)
	cold := withHotLimit(NewMemory().Collection("k"), 2)
	both := []*Collection{hot, cold}
	read := func(c *Collection, full bool) string {
		recs, total := c.Page(3, 7)
		sorted, _ := c.SortedPage(byRank, 2, 9)
		got, _ := c.GetAny(strconv.Itoa(rng.IntN(len(c.entries) + 1)))
		out := fmt.Sprint(total, dump(recs), dump(sorted), dump([]*Record{got}))
		if full {
			out += dump(c.SortedAll(byRank)) + dump(c.allLocked())
		}
		return out
	}
	next := 0
	for step := range 1500 {
		id := strconv.Itoa(rng.IntN(next + 1))
		op, rank := rng.IntN(10), float64(rng.IntN(30))
		for _, c := range both {
			switch {
			case op < 4 || next < 10:
				c.Insert(strconv.Itoa(next+1), map[string]any{"rank": rank, "list": []any{rank, "x"}})
			case op < 7:
				c.Update(id, op == 6, func(o map[string]any) error { o["rank"] = rank; return nil })
			case op < 9:
				c.SetHidden(id, op == 7)
			default:
				c.Delete(id)
			}
		}
		if op < 4 || next < 10 {
			next++
		}
		seed := rng.Uint64() // the same random get in both
		full := step%100 == 99
		rng = rand.New(rand.NewPCG(seed, 0))
		a := read(hot, full)
		rng = rand.New(rand.NewPCG(seed, 0))
		if b := read(cold, full); a != b {
			t.Fatalf("step %d: all hot reads\n%s\ncold ones\n%s", step, a, b)
		}
	}
	colds := 0
	for _, r := range cold.allLocked() {
		if r.Cold() {
			colds++
		}
	}
	if colds == 0 {
		t.Fatal("no record turned cold")
	}
}

func dump(recs []*Record) string {
	out := ""
	for _, r := range recs {
		if r == nil {
			out += "none "
			continue
		}
		b, _ := json.Marshal(r.Object())
		out += fmt.Sprintf("%s/%v/%d/%d:%s ", r.ID, r.Hidden, r.Seq, r.Version, b)
	}
	return out
}

// TestExportImportCold: a state with cold records exports to the same bytes
// as an all-hot one, and imports back to the same state.
func TestExportImportCold(t *testing.T) {
	t.Parallel()
	fill := func(limit int) *Memory {
		s := NewMemory()
		c := withHotLimit(s.Collection("k"), limit)
		for i := range hotLimit + 50 { // imported, the first 50 are cold
			c.Insert(strconv.Itoa(i), richObject(i))
		}
		c.SetHidden("3", true)
		c.Update("4", false, func(o map[string]any) error { o["name"] = "changed"; return nil })
		return s
	}
	hotDoc, err := fill(1000).Export(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	coldDoc, err := fill(3).Export(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if string(hotDoc) != string(coldDoc) {
		t.Fatalf("exports differ:\n%s\n%s", hotDoc, coldDoc)
	}
	s := NewMemory()
	if err := s.Import(t.Context(), coldDoc); err != nil {
		t.Fatal(err)
	}
	again, _ := s.Export(t.Context())
	if string(again) != string(hotDoc) {
		t.Fatalf("import/export changed the state:\n%s\n%s", again, hotDoc)
	}
	c, _ := s.Lookup("k")
	if r, _ := c.Get("0"); !r.Cold() {
		t.Fatal("imported records beyond the hot limit are not cold")
	}
	if r, _ := c.Get("1000"); r.Cold() {
		t.Fatal("the last records imported are not hot")
	}
	if r, _ := c.Get("10"); !reflect.DeepEqual(r.Object(), richObject(10)) {
		t.Fatalf("imported %v", r.Object())
	}
}

// TestNewVersionTakesOldPlace: a replaced version leaves the hot set, so
// updating one object again and again does not push the others out.
func TestNewVersionTakesOldPlace(t *testing.T) {
	t.Parallel()
	c := withHotLimit(newCollection("k", hotLimit), 3)
	for _, id := range []string{"a", "b", "c"} {
		c.Insert(id, map[string]any{"n": 0.0})
	}
	for n := range 10 {
		c.Update("a", false, func(o map[string]any) error { o["n"] = float64(n); return nil })
		c.SetHidden("a", n%2 == 0)
	}
	for _, id := range []string{"a", "b", "c"} {
		if r, _ := c.GetAny(id); r.Cold() {
			t.Errorf("%s turned cold", id)
		}
	}
	c.Delete("a")
	c.Insert("d", nil) // takes a's place
	if r, _ := c.Get("b"); r.Cold() {
		t.Error("a deleted record still takes a place in the hot set")
	}
	c.Insert("e", nil)
	if r, _ := c.Get("b"); !r.Cold() {
		t.Error("b still hot after two inserts past the limit")
	}
}

// TestFieldsOfColdRecord: Fields decodes the asked keys of a cold record,
// and only those, as Object would.
func TestFieldsOfColdRecord(t *testing.T) {
	t.Parallel()
	c := withHotLimit(newCollection("k", hotLimit), 1)
	obj := richObject(3)
	obj[`we"ird\key`] = "v"
	obj["plain"] = "destination é"
	obj["last"] = []any{"x", map[string]any{"}": "]"}}
	r, _ := c.Insert("a", obj)
	if got := r.Fields([]string{"name"}); !reflect.DeepEqual(got, r.Object()) {
		t.Fatal("a hot record's Fields is not its object")
	}
	c.Insert("b", nil)
	if !r.Cold() {
		t.Fatal("a still hot")
	}
	full := r.Object()
	for _, keys := range [][]string{
		{"name"}, {"nested", "none"}, {`we"ird\key`, "last", "plain"}, {"id", "big", "small", "frac", "on", "empty", "blank"}, {"missing"}, nil,
	} {
		want := map[string]any{}
		for _, k := range keys {
			if v, ok := full[k]; ok {
				want[k] = v
			}
		}
		if got := r.Fields(keys); !reflect.DeepEqual(got, want) {
			t.Errorf("Fields(%q) = %#v, want %#v", keys, got, want)
		}
	}
	empty, _ := c.Get("b")
	c.Insert("c", nil) // b, {}, turns cold
	if got := empty.Fields([]string{"x"}); !empty.Cold() || len(got) != 0 {
		t.Errorf("cold %v, empty object's fields %v", empty.Cold(), got)
	}
}
