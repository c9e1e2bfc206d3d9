package resource

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/render"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/spec/spectest"
	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/internal/validate"
	"github.com/mockserver-go/mockserver/plugin"
)

var clock = time.Date(2025, 6, 10, 9, 30, 0, 0, time.UTC)

// notesStage is the resource stage over the notes document, an in-memory
// store and a fixed clock; hooks, when given, are the notes' (named
// "notes" whatever the document says).
func notesStage(t *testing.T, hooks *plugin.Hooks) (*Stage, *spec.Doc) {
	t.Helper()
	doc := spectest.Load(t, notesFile)
	cfg := Config{Doc: doc, Store: store.NewMemory(), Gen: fixtures.NewForDocument(3, doc.T), Val: validate.New(doc),
		Enc: render.NewEncoder(doc), Now: func() time.Time { return clock }, Seed: 3}
	if hooks != nil {
		doc.Resources["notes"].Hooks = "notes"
		cfg.Hooks = map[string]*plugin.Hooks{"notes": hooks}
	}
	return New(cfg), doc
}

// call is a request to an operation of the notes document.
func call(t *testing.T, doc *spec.Doc, opID string, params map[string]string, body any) *Call {
	t.Helper()
	op, ok := doc.Operation(opID)
	if !ok {
		t.Fatalf("no operation %s", opID)
	}
	return &Call{HTTP: httptest.NewRequest(op.Method, "/", nil), Op: op, PathParams: params, Body: body}
}

var team = map[string]string{"team_id": "1"}

func item(id string) map[string]string { return map[string]string{"team_id": "1", "id": id} }

func TestCreate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		body  map[string]any
		check func(t *testing.T, obj map[string]any)
	}{
		{"writable fields kept", map[string]any{"title": "milk", "color": "red"}, func(t *testing.T, obj map[string]any) {
			if obj["title"] != "milk" || obj["color"] != "red" {
				t.Errorf("sent fields: %v", obj)
			}
		}},
		{"defaults filled", map[string]any{"title": "t", "color": "blue"}, func(t *testing.T, obj map[string]any) {
			if obj["body"] != "" || obj["pinned"] != false {
				t.Errorf("defaults: body %q pinned %v", obj["body"], obj["pinned"])
			}
		}},
		{"readOnly fields assigned, not taken", map[string]any{"title": "t", "color": "red", "id": "mine", "created_at": "1999-01-01T00:00:00Z"}, func(t *testing.T, obj map[string]any) {
			if obj["id"] == "mine" || obj["id"] == nil {
				t.Errorf("id %v: the server assigns it", obj["id"])
			}
			if obj["created_at"] != plugin.FormatTime(clock) {
				t.Errorf("created_at %v, want the clock's %s", obj["created_at"], plugin.FormatTime(clock))
			}
		}},
		{"unknown fields dropped", map[string]any{"title": "t", "color": "red", "nonsense": 1.0}, func(t *testing.T, obj map[string]any) {
			if _, ok := obj["nonsense"]; ok {
				t.Error("an undeclared field was stored")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st, doc := notesStage(t, nil)
			rec, err := st.Create(call(t, doc, "notes_create", team, tt.body))
			if err != nil {
				t.Fatal(err)
			}
			obj := rec.Object()
			tt.check(t, obj)
			got, err := st.Item(call(t, doc, "notes_retrieve", item(rec.ID), nil))
			if err != nil || got.ID != rec.ID {
				t.Fatalf("the created note is not found: %v", err)
			}
		})
	}
}

func TestCreateRunsTheHook(t *testing.T) {
	t.Parallel()
	var sawBody map[string]any
	st, doc := notesStage(t, &plugin.Hooks{Create: func(c plugin.Call, obj, body map[string]any) error {
		sawBody = body
		if body["title"] == "refuse" {
			return plugin.Invalid("title", "invalid", "refused")
		}
		obj["title"] = "hooked " + obj["title"].(string)
		return nil
	}})
	rec, err := st.Create(call(t, doc, "notes_create", team, map[string]any{"title": "a", "color": "red"}))
	if err != nil {
		t.Fatal(err)
	}
	if rec.Object()["title"] != "hooked a" || sawBody["title"] != "a" {
		t.Errorf("title %v, hook saw body %v", rec.Object()["title"], sawBody)
	}
	_, err = st.Create(call(t, doc, "notes_create", team, map[string]any{"title": "refuse", "color": "red"}))
	if pe, ok := problem.As(err); !ok || pe.Kind != problem.KindValidation {
		t.Errorf("the hook's refusal: %v", err)
	}
}

func TestUpdate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		replace bool
		body    map[string]any
		want    map[string]any // fields of the new version
		absent  []string
	}{
		{"patch keeps what is not sent", false, map[string]any{"title": "new"}, map[string]any{"title": "new", "color": "red", "body": "b"}, nil},
		{"patch ignores readOnly fields", false, map[string]any{"created_at": "1999-01-01T00:00:00Z"}, map[string]any{"created_at": "2025-06-10T09:30:00Z"}, nil},
		{"replace drops what is not sent", true, map[string]any{"title": "new", "color": "blue"}, map[string]any{"title": "new", "color": "blue", "body": ""}, []string{"priority"}},
		{"soft delete hides", false, map[string]any{"archived": true}, map[string]any{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st, doc := notesStage(t, nil)
			first, err := st.Create(call(t, doc, "notes_create", team, map[string]any{"title": "old", "color": "red", "body": "b", "priority": 2.0}))
			if err != nil {
				t.Fatal(err)
			}
			op := "notes_partial_update"
			if tt.replace {
				op = "notes_update"
			}
			rec, prev, err := st.Update(call(t, doc, op, item(first.ID), tt.body), tt.replace)
			if err != nil {
				t.Fatal(err)
			}
			if prev == nil || prev.Object()["title"] != "old" {
				t.Errorf("prev %v, want the version replaced", prev)
			}
			obj := rec.Object()
			for k, v := range tt.want {
				if obj[k] != v {
					t.Errorf("%s = %v, want %v", k, obj[k], v)
				}
			}
			for _, k := range tt.absent {
				if obj[k] != nil {
					t.Errorf("%s = %v, want it gone", k, obj[k])
				}
			}
			_, err = st.Item(call(t, doc, "notes_retrieve", item(first.ID), nil))
			if hidden := tt.body["archived"] == true; hidden != isNotFound(err) {
				t.Errorf("read after the update: %v (hidden: %v)", err, hidden)
			}
		})
	}
}

func isNotFound(err error) bool {
	pe, ok := problem.As(err)
	return ok && pe.Kind == problem.KindNotFound
}

func TestMissingObjects(t *testing.T) {
	t.Parallel()
	st, doc := notesStage(t, nil)
	missing := item("00000000-0000-0000-0000-000000000000")
	if _, err := st.Item(call(t, doc, "notes_retrieve", missing, nil)); !isNotFound(err) {
		t.Errorf("read: %v, want not found", err)
	}
	if _, _, err := st.Update(call(t, doc, "notes_partial_update", missing, map[string]any{"title": "x"}), false); !isNotFound(err) {
		t.Errorf("update: %v, want not found", err)
	}
	if err := st.Delete(call(t, doc, "notes_destroy", missing, nil)); !isNotFound(err) {
		t.Errorf("delete: %v, want not found", err)
	}
}

func TestDelete(t *testing.T) {
	t.Parallel()
	st, doc := notesStage(t, nil)
	rec, err := st.Create(call(t, doc, "notes_create", team, map[string]any{"title": "t", "color": "red"}))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Delete(call(t, doc, "notes_destroy", item(rec.ID), nil)); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Item(call(t, doc, "notes_retrieve", item(rec.ID), nil)); !isNotFound(err) {
		t.Errorf("read after delete: %v", err)
	}
}

// Put completes what it is given (id, required fields) and refuses what
// the schema rejects, naming the field.
func TestPut(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		obj     map[string]any
		wantErr string // field named by the refusal; "" when accepted
	}{
		{"completed", map[string]any{"title": "t", "color": "red"}, ""},
		{"required generated", map[string]any{}, ""},
		{"invalid enum", map[string]any{"title": "t", "color": "purple"}, "color"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st, _ := notesStage(t, nil)
			obj, err := st.Put("notes", team, tt.obj)
			if tt.wantErr != "" {
				pe, ok := problem.As(err)
				if !ok || len(pe.Violations) == 0 || pe.Violations[0].Field != tt.wantErr {
					t.Fatalf("err %v, want a violation on %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if obj["id"] == nil || obj["title"] == nil || obj["color"] == nil {
				t.Errorf("not completed: %v", obj)
			}
			got, err := st.Object(context.Background(), st.doc.Resources["notes"], team, store.IDString(obj["id"]))
			if err != nil || got.Object()["title"] != obj["title"] {
				t.Errorf("stored %v, %v", got, err)
			}
		})
	}
	st, _ := notesStage(t, nil)
	if _, err := st.Put("nope", team, map[string]any{}); !isNotFound(err) {
		t.Errorf("unknown resource: %v", err)
	}
}

// Reads of collections the store lacks keep at most sideSeedScopes seeds
// on the side and store nothing; a read of one answers the same objects
// as the collection seeded in the store later.
func TestReadsOfUnseededScopes(t *testing.T) {
	t.Parallel()
	st, doc := notesStage(t, nil)
	read := func(teamID string) []string {
		t.Helper()
		c := call(t, doc, "notes_list", map[string]string{"team_id": teamID}, nil)
		coll, err := st.Scope(c)
		if err != nil {
			t.Fatal(err)
		}
		recs, _, err := st.Backend(c).List(context.Background(), coll, nil, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		return ids(recs)
	}
	first := read("5")
	if len(first) == 0 {
		t.Fatal("nothing seeded")
	}
	for i := range 3 * sideSeedScopes {
		read(string(rune('a' + i)))
	}
	if keys := st.store.(*store.Memory).Keys(); len(keys) != 0 {
		t.Errorf("reads stored %q", keys)
	}
	if n := st.side.len(); n != sideSeedScopes {
		t.Errorf("%d seeds kept on the side, want %d", n, sideSeedScopes)
	}
	c := call(t, doc, "notes_create", map[string]string{"team_id": "5"}, nil)
	c.HTTP = httptest.NewRequest(http.MethodPost, "/", nil)
	if _, err := st.Scope(c); err != nil { // a write seeds the store
		t.Fatal(err)
	}
	stored, _, err := st.store.List(context.Background(), ScopeKey(doc.Resources["notes"], map[string]string{"team_id": "5"}), nil, 0, 100)
	if err != nil || len(ids(stored)) != len(first) {
		t.Fatalf("stored %v, %v; read %v", ids(stored), err, first)
	}
	for i, id := range ids(stored) {
		if id != first[i] {
			t.Errorf("stored seed %v differs from the one read %v", ids(stored), first)
			break
		}
	}
}

func TestCheckRestored(t *testing.T) {
	t.Parallel()
	st, _ := notesStage(t, nil)
	tests := []struct {
		name, key, id string
		obj           map[string]any
		ok            bool
	}{
		{"valid, id filled", "notes|team_id=1", "6f1c1a8e-0000-4000-8000-000000000001", map[string]any{"title": "t", "color": "red"}, true},
		{"a behaviour's collection", "posthog.logs|x=1", "1", map[string]any{}, true},
		{"unknown resource", "ghosts|team_id=1", "1", map[string]any{}, false},
		{"id differs from its key", "notes|team_id=1", "n1", map[string]any{"id": "n2", "title": "t", "color": "red"}, false},
		{"invalid field", "notes|team_id=1", "n1", map[string]any{"title": "t", "color": "purple"}, false},
	}
	for _, tt := range tests {
		err := st.CheckRestored(tt.key, tt.id, tt.obj)
		if (err == nil) != tt.ok {
			t.Errorf("%s: %v, want ok %v", tt.name, err, tt.ok)
		}
		if tt.ok && tt.key == "notes|team_id=1" && tt.obj["id"] != tt.id {
			t.Errorf("%s: id %v, want %s", tt.name, tt.obj["id"], tt.id)
		}
	}
	if err := st.Restore([]byte("not json")); err == nil {
		t.Error("a malformed state was accepted")
	}
}

// partialNestedDoc replaces a trigger with a request whose nested event
// type leaves out the name every answer requires (a partial update of a
// nested object, declared under PUT).
const partialNestedDoc = `
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /triggers:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {data: {type: array, items: {$ref: "#/components/schemas/Trigger"}}}}
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Trigger"}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Trigger"}}}}
  /triggers/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Trigger"}}}}
    put:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                eventType: {type: object, properties: {displayName: {type: string}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Trigger"}}}}
components:
  schemas:
    Trigger:
      type: object
      properties:
        id: {type: string}
        eventType:
          type: object
          required: [name, displayName]
          properties:
            name: {type: string}
            displayName: {type: string}
`

// TestReplaceCompletesNestedObjects: a replaced nested object that lacks
// what the answers require is completed in the stored object itself, not
// only in each answer (where a different value would be generated for
// each).
func TestReplaceCompletesNestedObjects(t *testing.T) {
	t.Parallel()
	doc := spectest.Parse(t, partialNestedDoc)
	e := New(Config{Doc: doc, Store: store.NewMemory(), Gen: fixtures.NewForDocument(3, doc.T), Val: validate.New(doc),
		Enc: render.NewEncoder(doc), Now: func() time.Time { return clock }, Seed: 3})
	res := doc.Resources["triggers"]
	if res == nil {
		t.Fatalf("no triggers resource: %v", doc.Warnings)
	}
	rec, err := e.Create(&Call{HTTP: httptest.NewRequest("POST", "/", nil), Op: res.Ops[spec.RoleCreate], PathParams: map[string]string{},
		Body: map[string]any{"eventType": map[string]any{"name": "posted", "displayName": "Posted"}}})
	if err != nil {
		t.Fatal(err)
	}
	id := store.IDString(rec.Object()[res.IDField])
	put := &Call{HTTP: httptest.NewRequest("PUT", "/", nil), Op: res.Ops[spec.RoleReplace], PathParams: map[string]string{"id": id},
		Body: map[string]any{"eventType": map[string]any{"displayName": "Renamed"}}}
	rec, _, err = e.Update(put, true)
	if err != nil {
		t.Fatal(err)
	}
	et, _ := rec.Object()["eventType"].(map[string]any)
	if et["displayName"] != "Renamed" {
		t.Errorf("eventType %v: the sent displayName is not kept", et)
	}
	if name, ok := et["name"].(string); !ok || name == "" {
		t.Errorf("eventType %v: the stored object lacks the name every answer requires", et)
	}
}

// docStage is the resource stage over a document of the package's
// testdata, an in-memory store and a fixed clock.
func docStage(t *testing.T, file string) (*Stage, *spec.Doc) {
	t.Helper()
	doc := spectest.Load(t, file)
	return New(Config{Doc: doc, Store: store.NewMemory(), Gen: fixtures.NewForDocument(3, doc.T), Val: validate.New(doc),
		Enc: render.NewEncoder(doc), Now: func() time.Time { return clock }, Seed: 3}), doc
}

// A nested object the client writes in part is stored with what the
// answers require of it: generated once and kept, not made anew by each
// rendering (where a retrieve and a list could disagree).
func TestCreateStoresNestedRequired(t *testing.T) {
	t.Parallel()
	st, doc := docStage(t, "testdata/nested-required.yaml")
	rec, err := st.Create(call(t, doc, "createThing", nil, map[string]any{"verification": map[string]any{"document": "passport"}}))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := rec.Object()["verification"].(map[string]any)
	if v["document"] != "passport" {
		t.Errorf("verification %v: the written document is lost", v)
	}
	switch v["status"] {
	case "unverified", "pending", "verified":
	default:
		t.Errorf("stored verification %v lacks the status every answer requires", v)
	}
}
