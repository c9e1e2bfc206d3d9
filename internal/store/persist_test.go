package store

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func populated(t testing.TB) *Memory {
	t.Helper()
	s := NewMemory()
	a := s.Collection("hog_functions|project_id=1")
	for _, id := range []string{"u1", "u2", "u3"} {
		if _, err := a.Insert(id, map[string]any{"name": id, "tags": []any{"x", 1.5, nil, true}, "nested": map[string]any{"k": []any{map[string]any{}}}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.SetHidden("u2", true); err != nil {
		t.Fatal(err)
	}
	a.Delete("u1")
	b := s.Collection("insights|project_id=2")
	for range 3 {
		id := b.NextInt()
		if _, err := b.Insert(strconv.FormatInt(id, 10), map[string]any{"id": float64(id)}); err != nil {
			t.Fatal(err)
		}
	}
	s.Collection("empty")
	return s
}

// comparable view of a snapshot without versions (Import restarts them).
func view(s *Memory) map[string][]*Record {
	snap := s.Snapshot()
	for _, recs := range snap {
		for i := range recs {
			recs[i].Version = 0
		}
	}
	return snap
}

func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	src := populated(t)
	data, err := src.Export(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	dst := NewMemory()
	dst.Collection("stale").Insert("z", nil)
	if err := dst.Import(t.Context(), data); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(view(src), view(dst)) {
		t.Fatalf("round trip differs:\n src %v\n dst %v", view(src), view(dst))
	}
	if _, ok := dst.Lookup("stale"); ok {
		t.Fatal("Import did not replace the state")
	}
	again, err := dst.Export(t.Context())
	if err != nil || !bytes.Equal(again, data) {
		t.Fatalf("re-export differs (%v):\n%s\n%s", err, data, again)
	}
	a, _ := dst.Lookup("hog_functions|project_id=1")
	if a.Len() != 1 || len(a.All()) != 1 || a.All()[0].ID != "u3" {
		t.Fatalf("hidden/visible not restored: %v", ids(a.All()))
	}
	if r, ok := a.GetAny("u2"); !ok || !r.Hidden {
		t.Fatalf("hidden record lost: %+v", r)
	}
	if r, _ := a.Insert("u4", nil); r.Seq != 4 {
		t.Fatalf("seq after import = %d, want 4", r.Seq)
	}
	b, _ := dst.Lookup("insights|project_id=2")
	if n := b.NextInt(); n != 4 {
		t.Fatalf("NextInt after import = %d, want 4", n)
	}
}

func TestImportOrdersBySeq(t *testing.T) {
	t.Parallel()
	s := NewMemory()
	doc := `{"format":"mockserver-state","version":1,"collections":{"k":[
		{"id":"c","obj":{},"seq":30},{"id":"a","obj":{},"seq":10},{"id":"n1","obj":{}},
		{"id":"b","obj":{},"seq":20,"hidden":true},{"id":"n2","obj":{}}]}}`
	if err := s.Import(t.Context(), []byte(doc)); err != nil {
		t.Fatal(err)
	}
	c, _ := s.Lookup("k")
	if got := strings.Join(ids(c.All()), ","); got != "a,c,n1,n2" {
		t.Fatalf("order = %s", got)
	}
	if r, _ := c.GetAny("n2"); r.Seq != 32 {
		t.Fatalf("n2 seq = %d", r.Seq)
	}
}

func TestImportErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc, want string
	}{
		{"empty", ``, "bad JSON at offset 0"},
		{"truncated", `{"format":"mockserver-state","version":1,"collections":{`, "bad JSON at offset"},
		{"garbage", `{"format": nope}`, "bad JSON at offset 13"},
		{"trailing", `{"format":"mockserver-state","version":1} x`, "bad JSON at offset"},
		{"not object", `[1,2]`, "wrong JSON type at offset"},
		{"foreign format", `{"format":"other"}`, `format is "other", want "mockserver-state"`},
		{"no format", `{"version":1}`, `no "format" field`},
		{"format not string", `{"format":1}`, "wrong JSON type"},
		{"newer version", `{"format":"mockserver-state","version":2,"collections":{}}`, "version 2 is newer than supported version 1"},
		{"no version", `{"format":"mockserver-state"}`, `missing or invalid "version" (none)`},
		{"bad version", `{"format":"mockserver-state","version":"1"}`, `missing or invalid "version" ("1")`},
		{"collections wrong type", `{"format":"mockserver-state","version":1,"collections":[]}`, "wrong JSON type at offset"},
		{"id wrong type", `{"format":"mockserver-state","version":1,"collections":{"k":[{"id":5,"obj":{}}]}}`, "wrong JSON type at offset"},
		{"missing id", `{"format":"mockserver-state","version":1,"collections":{"k":[{"obj":{}}]}}`, `collection "k", object #0: missing "id"`},
		{"duplicate id", `{"format":"mockserver-state","version":1,"collections":{"k":[{"id":"a","obj":{}},{"id":"a","obj":{}}]}}`, `object "a": duplicate id`},
		{"duplicate seq", `{"format":"mockserver-state","version":1,"collections":{"k":[{"id":"a","obj":{},"seq":1},{"id":"b","obj":{},"seq":1}]}}`, `seq 1 already used by object "a"`},
		{"obj not object", `{"format":"mockserver-state","version":1,"collections":{"k":[{"id":"a","obj":[1]}]}}`, `"obj" must be a JSON object, got [1]`},
		{"obj missing", `{"format":"mockserver-state","version":1,"collections":{"k":[{"id":"a"}]}}`, `"obj" must be a JSON object, got none`},
		// Objects the one-pass reader only delimits, and Check decodes:
		// the error is worded as when encoding/json reads the document.
		{"bad JSON in obj", `{"format":"mockserver-state","version":1,"collections":{"k":[{"id":"a","obj":{"x":1},"seq":1},{"id":"b","obj":{"x":tru},"seq":2}]}}`, "bad JSON at offset 119"},
		{"number out of range in obj", `{"format":"mockserver-state","version":1,"collections":{"k":[{"id":"a","obj":{"x":1e999},"seq":1}]}}`, "store: import: "},
		{"obj not closed", `{"format":"mockserver-state","version":1,"collections":{"k":[{"id":"a","obj":{"x":[1}],"seq":1}]}}`, "bad JSON at offset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := populated(t)
			before := view(s)
			beforeExport, _ := s.Export(t.Context())
			err := s.Import(t.Context(), []byte(tt.doc))
			if err == nil {
				t.Fatal("Import succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "store: import: ") {
				t.Fatalf("error %q does not contain %q", err, tt.want)
			}
			if !reflect.DeepEqual(view(s), before) {
				t.Fatal("failed Import changed the state")
			}
			if after, _ := s.Export(t.Context()); !bytes.Equal(after, beforeExport) {
				t.Fatal("failed Import changed the exported state")
			}
		})
	}
}

// TestImportKeepsCanonicalBytes imports objects written as Export writes
// them and others (indented, keys out of order, escapes json.Marshal does
// not write): the store holds the same values either way, and exports
// them as json.Marshal writes them, so that equal states export to equal
// bytes.
func TestImportKeepsCanonicalBytes(t *testing.T) {
	t.Parallel()
	objs := []string{
		`{"a":1,"b":"x"}`,
		`{ "b": "x", "a": 1 }`,
		`{"b":"\u0078","a":1.0}`,
		`{"a":1,"b":"x","a":1}`,
	}
	var exports [][]byte
	for _, obj := range objs {
		doc := `{"format":"mockserver-state","version":1,"collections":{"k":[`
		for i := 1; i <= hotLimit+2; i++ { // the first two cold, as Check leaves them
			if i > 1 {
				doc += ","
			}
			doc += fmt.Sprintf(`{"id":"%d","obj":%s,"hidden":false,"seq":%d}`, i, obj, i)
		}
		doc += "]}}"
		s := NewMemory()
		s.SetHotLimit(2)
		if err := s.Import(t.Context(), []byte(doc)); err != nil {
			t.Fatalf("%s: %v", obj, err)
		}
		c, _ := s.Lookup("k")
		r, _ := c.Get("1")
		if !r.Cold() || !reflect.DeepEqual(r.Object(), map[string]any{"a": 1.0, "b": "x"}) {
			t.Fatalf("%s: cold %v, object %v", obj, r.Cold(), r.Object())
		}
		data, err := s.Export(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		exports = append(exports, data)
	}
	for i, e := range exports[1:] {
		if !bytes.Equal(e, exports[0]) {
			t.Errorf("%s exports\n%s\nnot\n%s", objs[i+1], e, exports[0])
		}
	}
}

func TestExportFormat(t *testing.T) {
	t.Parallel()
	s := NewMemory()
	s.Collection("k").Insert("a", map[string]any{"x": 1.0})
	data, err := s.Export(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"format":"mockserver-state","version":1,"collections":{"k":[{"id":"a","obj":{"x":1},"hidden":false,"seq":1}]}}`
	if string(data) != want {
		t.Fatalf("Export =\n%s\nwant\n%s", data, want)
	}
}
