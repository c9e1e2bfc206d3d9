package resource

import (
	"context"
	"errors"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"testing"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/spec/spectest"
	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/plugin"
)

// notesFile is the generic REST document the stage is tested on.
const notesFile = "../../testdata/specs/notes.yaml"

// notesOp is the notes document's list operation (page size 2, limit and
// offset, filters color, pinned, q and colors).
func notesOp(t *testing.T) *spec.Operation {
	t.Helper()
	op, ok := spectest.Load(t, notesFile).Operation("notes_list")
	if !ok {
		t.Fatal("no notes_list")
	}
	return op
}

func query(t *testing.T, raw string) url.Values {
	t.Helper()
	q, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestFilters(t *testing.T) {
	t.Parallel()
	op := notesOp(t)
	tests := []struct {
		query string
		want  []string // name=op per filter
	}{
		{"", nil},
		{"limit=5&offset=1", nil},
		{"color=red", []string{"color=eq"}},
		{"pinned=yes", []string{"pinned=eq"}},
		{"pinned=maybe", nil}, // unparseable booleans are ignored
		{"q=milk&colors=red,blue", []string{"q=search", "colors=in"}},
		{"unknown=1", nil},
	}
	for _, tt := range tests {
		fs, err := Filters(op, query(t, tt.query))
		if err != nil {
			t.Fatalf("%q: %v", tt.query, err)
		}
		var got []string
		for _, f := range fs {
			got = append(got, f.name+"="+f.f.Op)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: filters %v, want %v", tt.query, got, tt.want)
		}
	}
}

func TestPageWindow(t *testing.T) {
	t.Parallel()
	op := notesOp(t)
	tests := []struct {
		query                 string
		offset, limit, capped int
	}{
		{"", 0, 2, 0}, // the resource's page-size
		{"limit=5&offset=3", 3, 5, 0},
		{"limit=0&offset=-4", 0, 2, 0},
		{"limit=1000000", 0, defaultMaxLimit, 1},
	}
	for _, tt := range tests {
		var recorded []problem.Violation
		offset, limit, paged := PageWindow(op, query(t, tt.query), func(v problem.Violation) { recorded = append(recorded, v) })
		if offset != tt.offset || limit != tt.limit || !paged || len(recorded) != tt.capped {
			t.Errorf("%q: offset %d limit %d paged %v recorded %v, want %d %d true and %d recorded", tt.query, offset, limit, paged, recorded, tt.offset, tt.limit, tt.capped)
		}
		for _, v := range recorded {
			if v.Code != "max_limit" || !v.Tolerated {
				t.Errorf("%q: recorded %+v, want a tolerated max_limit", tt.query, v)
			}
		}
	}
}

// A page size is cut to x-mock-max-limit, else to the parameter's declared
// maximum, else to defaultMaxLimit.
func TestPageCap(t *testing.T) {
	t.Parallel()
	op := notesOp(t)
	withMax := func(m float64) *spec.Operation {
		cp := *op
		cp.Params = nil
		for _, p := range op.Params {
			if p.Name == "limit" {
				q := *p
				s := *p.Schema
				s.Max = &m
				q.Schema = &s
				p = &q
			}
			cp.Params = append(cp.Params, p)
		}
		return &cp
	}
	declared := *op
	declared.MaxLimit = 7
	tests := []struct {
		name string
		op   *spec.Operation
		want int
	}{
		{"x-mock-max-limit", &declared, 7},
		{"declared maximum", withMax(30), 30},
		{"declared maximum above the default", withMax(5000), 5000},
		{"none", op, defaultMaxLimit},
	}
	for _, tt := range tests {
		if got := pageCap(tt.op, "limit"); got != tt.want {
			t.Errorf("%s: cap %d, want %d", tt.name, got, tt.want)
		}
	}
}

// notes stores five notes n0..n4 (colors red, blue, red, green, red; n1
// pinned) in a new in-memory collection.
func notes(t *testing.T) (store.Store, string) {
	t.Helper()
	st := store.NewMemory()
	ctx := context.Background()
	const coll = "notes|team_id=1"
	if err := st.Seed(ctx, coll, func(context.Context) error { return nil }); err != nil {
		t.Fatal(err)
	}
	for i, color := range []string{"red", "blue", "red", "green", "red"} {
		id := "n" + strconv.Itoa(i)
		obj := map[string]any{"id": id, "title": "note " + id, "body": "", "color": color, "pinned": i == 1}
		if _, err := st.Create(ctx, coll, id, obj); err != nil {
			t.Fatal(err)
		}
	}
	return st, coll
}

func ids(recs []*store.Record) []string {
	out := []string{}
	for _, r := range recs {
		out = append(out, r.ID)
	}
	return out
}

func TestList(t *testing.T) {
	t.Parallel()
	op := notesOp(t)
	reverse := func(items []plugin.Item) ([]plugin.Item, error) {
		out := make([]plugin.Item, 0, len(items))
		for i := len(items) - 1; i >= 0; i-- {
			out = append(out, items[i])
		}
		return out, nil
	}
	tests := []struct {
		name  string
		query string
		hook  func([]plugin.Item) ([]plugin.Item, error)
		want  []string
		total int
	}{
		{"first page", "", nil, []string{"n0", "n1"}, 5},
		{"offset", "limit=2&offset=4", nil, []string{"n4"}, 5},
		{"past the end", "offset=9", nil, []string{}, 5},
		{"equality", "color=red", nil, []string{"n0", "n2"}, 3},
		{"equality, next page", "color=red&offset=2", nil, []string{"n4"}, 3},
		{"boolean", "pinned=true", nil, []string{"n1"}, 1},
		{"in", "colors=green,blue&limit=10", nil, []string{"n1", "n3"}, 2},
		{"hook sees the filtered records", "color=red&limit=10", reverse, []string{"n4", "n2", "n0"}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st, coll := notes(t)
			page, err := List(context.Background(), ListRequest{Op: op, Query: query(t, tt.query), Store: st, Coll: coll, Hook: tt.hook}, func(problem.Violation) {})
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(page.Recs); !reflect.DeepEqual(got, tt.want) || page.Total != tt.total {
				t.Errorf("page %v of %d, want %v of %d", got, page.Total, tt.want, tt.total)
			}
		})
	}
}

func TestListHookMustReturnItsItems(t *testing.T) {
	t.Parallel()
	op := notesOp(t)
	st, coll := notes(t)
	foreign := func([]plugin.Item) ([]plugin.Item, error) { return []plugin.Item{nil}, nil }
	if _, err := List(context.Background(), ListRequest{Op: op, Query: url.Values{}, Store: st, Coll: coll, Hook: foreign}, func(problem.Violation) {}); err == nil {
		t.Error("an item the hook was not given was accepted")
	}
	failing := func([]plugin.Item) ([]plugin.Item, error) { return nil, plugin.NotFound() }
	_, err := List(context.Background(), ListRequest{Op: op, Query: url.Values{}, Store: st, Coll: coll, Hook: failing}, func(problem.Violation) {})
	if pe, ok := problem.As(err); !ok || pe.Kind != problem.KindNotFound {
		t.Errorf("the hook's refusal: %v, want it returned as is", err)
	}
}

func TestFiltersRefuseMalformedJSON(t *testing.T) {
	t.Parallel()
	op := notesOp(t)
	cp := *op
	cp.Params = append(cp.Params[:len(cp.Params):len(cp.Params)], &spec.Param{Name: "meta", In: "query", Filter: &spec.Filter{Fields: []string{"author"}, Op: "contains"}})
	_, err := Filters(&cp, query(t, "meta=[1"))
	var pe *problem.Error
	if !errors.As(err, &pe) || pe.Kind != problem.KindValidation || pe.Attr != "meta" {
		t.Errorf("malformed JSON filter: %v, want a validation error on meta", err)
	}
}

func TestPageLinks(t *testing.T) {
	t.Parallel()
	op := notesOp(t)
	r := httptest.NewRequest("GET", "http://x/teams/1/notes/?limit=2&offset=2&color=red", nil)
	got := PageLinks(r, op, 7, 2, 2)
	want := `<http://x/teams/1/notes/?color=red&limit=2>; rel="first", <http://x/teams/1/notes/?color=red&limit=2>; rel="prev", <http://x/teams/1/notes/?color=red&limit=2&offset=4>; rel="next", <http://x/teams/1/notes/?color=red&limit=2&offset=6>; rel="last"`
	if got != want {
		t.Errorf("links\n%s\nwant\n%s", got, want)
	}
}
