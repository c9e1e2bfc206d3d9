package shape_test

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/shape"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/validate"
)

// loadDoc loads the root's read-model document: requests and responses
// that declare different shapes for the same names.
func loadDoc(t *testing.T) *spec.Doc {
	t.Helper()
	data, err := os.ReadFile("../../testdata/specs/readmodel.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spec.Load(data, spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func schema(t *testing.T, doc *spec.Doc, name string) *openapi3.Schema {
	t.Helper()
	r := doc.T.Components.Schemas[name]
	if r == nil || r.Value == nil {
		t.Fatalf("no schema %s", name)
	}
	return r.Value
}

// model is the read model of schemas, checked and generated as the
// engine does.
func model(doc *spec.Doc, schemas ...*openapi3.Schema) *shape.Model {
	val := validate.New(doc)
	gen := fixtures.NewForDocument(7, doc.T)
	return shape.New(schemas, []string{"id"},
		func(s *openapi3.Schema, v any) bool { return valid(val, s, v) },
		func(s *openapi3.Schema, key string) any { return gen.Value(s, key, fixtures.Response) })
}

func valid(val *validate.Validator, s *openapi3.Schema, v any) bool {
	return len(val.Schema(s, v, true, "body", "")) == 0
}

func decode(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// at walks a decoded value by property names and indexes.
func at(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func TestFit(t *testing.T) {
	t.Parallel()
	doc := loadDoc(t)
	issue, item := schema(t, doc, "Issue"), schema(t, doc, "IssueListItem")
	pull := schema(t, doc, "Pull")
	type want struct {
		path []any
		v    any
	}
	cases := []struct {
		name    string
		schemas []*openapi3.Schema
		obj     string
		names   []string
		want    []want
		absent  []string
	}{
		{
			name:    "logins become users carrying them",
			schemas: []*openapi3.Schema{issue, item},
			obj:     `{"id": 3, "title": "t", "assignees": ["octocat", "hubot"], "assignee": "octocat"}`,
			want: []want{
				{[]any{"assignees", 0, "login"}, "octocat"},
				{[]any{"assignees", 1, "login"}, "hubot"},
				{[]any{"assignee", "login"}, "octocat"},
				{[]any{"title"}, "t"},
				{[]any{"id"}, 3.0},
			},
		},
		{
			name:    "a milestone number becomes a milestone with that number",
			schemas: []*openapi3.Schema{issue},
			obj:     `{"milestone": 1}`,
			want:    []want{{[]any{"milestone", "number"}, 1.0}},
		},
		{
			name:    "a branch name becomes a branch with that ref",
			schemas: []*openapi3.Schema{pull},
			obj:     `{"base": "main", "head": "feature"}`,
			want:    []want{{[]any{"base", "ref"}, "main"}, {[]any{"head", "ref"}, "feature"}},
		},
		{
			name:    "a null where the response allows one stays null",
			schemas: []*openapi3.Schema{issue},
			obj:     `{"milestone": null, "assignee": null}`,
			want:    []want{{[]any{"milestone"}, nil}, {[]any{"assignee"}, nil}},
		},
		{
			name:    "request-only fields are dropped",
			schemas: []*openapi3.Schema{issue, item},
			obj:     `{"title": "t", "client_token": "c"}`,
			absent:  []string{"client_token"},
		},
		{
			name:    "a state the responses do not allow is generated",
			schemas: []*openapi3.Schema{issue, item},
			obj:     `{"state": "stale"}`,
		},
		{
			name:    "nested ids typed differently are generated",
			schemas: []*openapi3.Schema{pull},
			obj:     `{"requested_teams": [{"id": "core"}]}`,
		},
		{
			name:    "the server's own properties are left alone",
			schemas: []*openapi3.Schema{pull},
			obj:     `{"id": 12, "title": "t"}`,
			want:    []want{{[]any{"id"}, 12.0}, {[]any{"title"}, "t"}},
		},
		{
			name:    "only the named properties are fitted",
			schemas: []*openapi3.Schema{issue},
			obj:     `{"title": "t", "assignee": "octocat", "client_token": "c"}`,
			names:   []string{"title"},
			want:    []want{{[]any{"assignee"}, "octocat"}, {[]any{"client_token"}, "c"}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := model(doc, tc.schemas...)
			obj := decode(t, tc.obj)
			m.Fit(obj, tc.names, "issues/1")
			for _, w := range tc.want {
				if got := at(obj, w.path...); !reflect.DeepEqual(got, w.v) {
					t.Errorf("%v = %#v, want %#v (object %v)", w.path, got, w.v, obj)
				}
			}
			for _, k := range tc.absent {
				if _, ok := obj[k]; ok {
					t.Errorf("%s kept: %v", k, obj)
				}
			}
			if tc.names != nil {
				return // the others are not fitted: they need not validate
			}
			for _, s := range tc.schemas {
				if !valid(validate.New(doc), s, obj) {
					t.Errorf("fitted object does not validate: %v\n%v", validate.New(doc).Schema(s, obj, true, "body", ""), obj)
				}
			}
		})
	}
}

// Fit generates what one response requires and another lacks, once: a
// second fit of the same object changes nothing, and the same key gives
// the same values.
func TestFitCompletesEverySchema(t *testing.T) {
	t.Parallel()
	doc := loadDoc(t)
	m := model(doc, schema(t, doc, "Issue"), schema(t, doc, "IssueListItem"))
	obj := map[string]any{"title": "t"}
	m.Fit(obj, nil, "issues/1")
	for _, name := range []string{"node_id", "html_url", "assignees", "labels", "created_at"} {
		if _, ok := obj[name]; !ok {
			t.Errorf("required %s not generated: %v", name, obj)
		}
	}
	again := decode(t, mustJSON(t, obj))
	m.Fit(again, nil, "issues/1")
	if !reflect.DeepEqual(again, decode(t, mustJSON(t, obj))) {
		t.Errorf("a second fit changed the object:\n%v\n%v", obj, again)
	}
	other := map[string]any{"title": "t"}
	m.Fit(other, nil, "issues/1")
	if !reflect.DeepEqual(other, obj) {
		t.Errorf("same key, different values:\n%v\n%v", obj, other)
	}
}

// A nullable property of one response that another declares non-nullable
// gets a value both accept.
func TestValueSatisfiesEverySchema(t *testing.T) {
	t.Parallel()
	doc := loadDoc(t)
	nullable := &openapi3.Schema{Type: &openapi3.Types{"array"}, Nullable: true, Items: openapi3.NewSchemaRef("", openapi3.NewStringSchema())}
	strict := &openapi3.Schema{Type: &openapi3.Types{"array"}, MinItems: 1, Items: openapi3.NewSchemaRef("", openapi3.NewStringSchema())}
	m := model(doc)
	got := m.Value([]*openapi3.Schema{nullable, strict}, nil, "k")
	if arr, ok := got.([]any); !ok || len(arr) == 0 {
		t.Errorf("Value = %#v, want a non-empty array", got)
	}
	// Where no value satisfies every schema, the first one's (the read
	// answer's, in ReadSchemas) is kept.
	if got := m.Value([]*openapi3.Schema{openapi3.NewStringSchema(), openapi3.NewIntegerSchema()}, true, "k"); !isString(got) {
		t.Errorf("Value = %#v, want a string, as the first schema declares", got)
	}
	// A single value where a list is declared becomes a list of one.
	users := &openapi3.Schema{Type: &openapi3.Types{"array"}, Items: doc.T.Components.Schemas["User"]}
	got = m.Value([]*openapi3.Schema{users}, "octocat", "k")
	if at(got, 0, "login") != "octocat" {
		t.Errorf("Value = %#v, want one user with login octocat", got)
	}
}

func TestReadSchemas(t *testing.T) {
	t.Parallel()
	doc := loadDoc(t)
	var issues *spec.Resource
	for _, res := range doc.Resources {
		if res.Ops[spec.RoleCreate] != nil && res.Ops[spec.RoleCreate].ID == "createIssue" {
			issues = res
		}
	}
	if issues == nil {
		t.Fatalf("no issues resource in %v", doc.Resources)
	}
	got := shape.ReadSchemas(issues)
	want := []*openapi3.Schema{schema(t, doc, "Issue"), schema(t, doc, "IssueListItem")}
	if !slices.Equal(got, want) {
		t.Errorf("ReadSchemas = %d schemas, want Issue and IssueListItem", len(got))
	}
}

func TestIdentifyingProperties(t *testing.T) {
	t.Parallel()
	got := shape.IdentifyingProperties()
	if len(got) == 0 || !slices.Contains(got, "login") || slices.Index(got, "number") > slices.Index(got, "id") {
		t.Errorf("IdentifyingProperties = %v: want login, and number before id", got)
	}
	got[0] = "changed"
	if shape.IdentifyingProperties()[0] == "changed" {
		t.Error("IdentifyingProperties returns the package's own list")
	}
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A property only another alternative of an answer declares (a reduced
// view's) is kept as written; one no alternative declares is dropped.
func TestFitKeepsAlternativesProperties(t *testing.T) {
	t.Parallel()
	doc := loadDoc(t)
	full := openapi3.NewObjectSchema().WithProperty("id", openapi3.NewIntegerSchema()).WithProperty("title", openapi3.NewStringSchema())
	basic := openapi3.NewObjectSchema().WithProperty("id", openapi3.NewIntegerSchema()).WithProperty("refreshing", openapi3.NewBoolSchema())
	answer := &openapi3.Schema{AnyOf: openapi3.SchemaRefs{openapi3.NewSchemaRef("", full), openapi3.NewSchemaRef("", basic)}}
	m := model(doc, full, answer)
	obj := map[string]any{"id": 1.0, "title": "t", "refreshing": false, "secret": "s"}
	m.Fit(obj, nil, "insights/1")
	want := map[string]any{"id": 1.0, "title": "t", "refreshing": false}
	if !reflect.DeepEqual(obj, want) {
		t.Errorf("Fit = %v, want %v", obj, want)
	}
}

// An answer that may be any of several shapes, one of them the read's,
// returns the object in the read's shape: it is not a schema of its own,
// whose first alternative (an account) would hold a card to its shape.
func TestReadSchemasAlternative(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/polymorphic.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := spec.Load(data, spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var cards *spec.Resource
	for _, res := range doc.Resources {
		cards = res
	}
	if len(doc.Resources) != 1 || cards.Ops[spec.RoleCreate] == nil {
		t.Fatalf("want one resource with a create, got %v", doc.Resources)
	}
	card := schema(t, doc, "Card")
	if got := shape.ReadSchemas(cards); !slices.Equal(got, []*openapi3.Schema{card}) {
		t.Errorf("ReadSchemas = %d schemas, want the card only", len(got))
	}
	obj := map[string]any{"id": "c1", "object": "card", "last4": "4242"}
	model(doc, shape.ReadSchemas(cards)...).Fit(obj, nil, "cards/c1")
	if obj["object"] != "card" || obj["last4"] != "4242" || obj["country"] != nil {
		t.Errorf("a valid card was reshaped: %v", obj)
	}
}
