package engine

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/spec/spectest"
)

func notesEngine(t *testing.T) *Engine {
	t.Helper()
	doc := spectest.Load(t, "../../testdata/specs/notes.yaml")
	e, err := New(Config{Doc: doc, Seed: 3, SelfCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// A list page is answered as a whole would be: its body is the encoding of
// its value (the items' cached bytes inside one envelope map) and its
// self-check findings are the full check's, for envelopes and bare arrays,
// first, middle and last pages, valid and invalid items.
func TestListAsWhole(t *testing.T) {
	notes := notesEngine(t)
	contract := benchEngine(t)
	// An item the contract rejects, straight into the store.
	coll := notes.CollectionFor(notes.Doc().Resources["notes"], map[string]string{"team_id": "1"})
	recs, _ := coll.Page(1, 1)
	if len(recs) == 0 {
		t.Fatal("no seeded note")
	}
	if _, err := coll.Update(recs[0].ID, false, func(obj map[string]any) error { obj["title"] = 5.0; return nil }); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		e    *Engine
		path string
	}{
		{notes, "/teams/1/notes/"},
		{notes, "/teams/1/notes/?offset=1"},
		{notes, "/teams/1/notes/?limit=1&offset=2"},
		{notes, "/teams/1/notes/?limit=1&offset=1"},
		{notes, "/teams/1/notes/?limit=50&offset=100"},
		{notes, "/teams/1/tags"},
		{contract, "/api/environments/1/insights/?limit=10&offset=0"},
		{contract, "/api/environments/1/insights/?limit=2&offset=1"},
		{contract, "/api/environments/1/hog_functions/?limit=3"},
		{contract, "/api/environments/1/hog_functions/"},
	}
	invalidItems := 0
	for round := range 2 { // the second round answers from the caches
		for _, tc := range cases {
			resp, ex := get(t, tc.e, tc.path)
			if resp.Status != 200 || ex.Op == nil || ex.Op.Role != spec.RoleList {
				t.Fatalf("%s: %d %s", tc.path, resp.Status, resp.Bytes())
			}
			s := spec.JSONResponseSchema(ex.Op, strconv.Itoa(resp.Status))
			if want := tc.e.enc.Encode(resp.Value, s); string(resp.Bytes()) != string(want) {
				t.Fatalf("round %d, %s: body\n%s\nwant the value's encoding\n%s", round, tc.path, resp.Bytes(), want)
			}
			var got []problem.Violation
			for _, v := range ex.Violations {
				if v.In == "response" {
					got = append(got, v)
				}
			}
			want := tc.e.CheckResponse(ex.Op, resp.Status, resp.Value)
			if !sameViolations(got, want) {
				t.Fatalf("round %d, %s: self-check\n%+v\nwant (full check)\n%+v", round, tc.path, got, want)
			}
			invalidItems += len(want)
		}
	}
	if invalidItems == 0 {
		t.Fatal("no invalid item listed: the test needs one")
	}
	// The envelope kept for later checks is the one checked: items emptied
	// (listResponse reuses its map for the answer).
	for _, e := range []*Engine{notes, contract} {
		kept := e.rend.EnvelopesKept()
		for _, env := range kept {
			if items, ok := env["results"].([]any); !ok || len(items) != 0 {
				t.Errorf("kept envelope %v: results should be empty", env)
			}
		}
		if len(kept) == 0 {
			t.Error("no envelope kept: the shortcut was not exercised")
		}
	}
}

// sameViolations compares findings regardless of order (a list reports the
// envelope's, then the items').
func sameViolations(a, b []problem.Violation) bool {
	key := func(v problem.Violation) string { return v.Field + "\x00" + v.Code + "\x00" + v.Message }
	sorted := func(vs []problem.Violation) []problem.Violation {
		out := slices.Clone(vs)
		slices.SortStableFunc(out, func(x, y problem.Violation) int {
			switch kx, ky := key(x), key(y); {
			case kx < ky:
				return -1
			case kx > ky:
				return 1
			}
			return 0
		})
		return out
	}
	return len(a) == len(b) && reflect.DeepEqual(sorted(a), sorted(b))
}

// A page size above the cap is cut, recorded and tolerated (the cap
// itself: internal/resource's TestPageCap).
func TestPageCapRecorded(t *testing.T) {
	t.Parallel()
	e := notesEngine(t)
	resp, ex := get(t, e, "/teams/1/notes/?limit=1000000")
	var cut []problem.Violation
	for _, v := range ex.Violations {
		if v.Code == "max_limit" {
			cut = append(cut, v)
		}
	}
	if resp.Status != 200 || len(cut) != 1 || !cut[0].Tolerated || cut[0].Got != "1000000" {
		t.Errorf("limit=1000000: %d, violations %+v, want one tolerated max_limit", resp.Status, ex.Violations)
	}
}

// An envelope's link to a page that does not exist is left out where the
// document declares it a string that cannot be null (Zuora's "next"),
// null where it may be, and made of its schema where it is required.
func TestListEnvelopeAbsentLinks(t *testing.T) {
	t.Parallel()
	doc := spectest.Parse(t, `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
"paths": {
  "/a": {"get": {"operationId": "listA", "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}, {"name": "offset", "in": "query", "schema": {"type": "integer"}}],
    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {
      "next": {"type": "string"}, "previous": {"type": "string", "nullable": true}, "data": {"type": "array", "items": {"$ref": "#/components/schemas/T"}}}}}}}}},
    "post": {"operationId": "createA", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/T"}}}},
      "responses": {"201": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/T"}}}}}}},
  "/a/{id}": {"get": {"operationId": "readA", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/T"}}}}}}},
  "/b": {"get": {"operationId": "listB", "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}, {"name": "offset", "in": "query", "schema": {"type": "integer"}}],
    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "required": ["next", "data"], "properties": {
      "next": {"type": "string"}, "data": {"type": "array", "items": {"$ref": "#/components/schemas/T"}}}}}}}}},
    "post": {"operationId": "createB", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/T"}}}},
      "responses": {"201": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/T"}}}}}}},
  "/b/{id}": {"get": {"operationId": "readB", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/T"}}}}}}}},
"components": {"schemas": {"T": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}}}}`)
	e, err := New(Config{Doc: doc, Seed: 1, SelfCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path               string
		next, hasNext, nul bool
	}{
		{path: "/a?limit=100&offset=0"},                          // one page: no next, previous null
		{path: "/a?limit=1&offset=0", next: true, hasNext: true}, // a next page
		{path: "/b?limit=100&offset=0", hasNext: true},           // required: made of its schema
	} {
		resp, ex := get(t, e, tc.path)
		env, _ := resp.Value.(map[string]any)
		if resp.Status != 200 || env == nil {
			t.Fatalf("%s: %d %s", tc.path, resp.Status, resp.Bytes())
		}
		for _, v := range ex.Violations {
			if v.In == "response" {
				t.Errorf("%s: the answer breaks the contract: %s %s", tc.path, v.Field, v.Message)
			}
		}
		next, ok := env["next"]
		if ok != tc.hasNext || ok && next == nil {
			t.Errorf("%s: next = %v (present %v), want present %v and not null", tc.path, next, ok, tc.hasNext)
		}
		if prev, ok := env["previous"]; strings.HasPrefix(tc.path, "/a") && (!ok || prev != nil) {
			t.Errorf("%s: previous = %v (present %v), want null: it is nullable", tc.path, prev, ok)
		}
	}
}
