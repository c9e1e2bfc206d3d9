package resource

import (
	"reflect"
	"testing"

	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/spec/spectest"
	"github.com/mockserver-go/mockserver/internal/store"
)

const conformDoc = `
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /t: {get: {responses: {"200": {description: ok}}}}
components:
  schemas:
    Open:
      type: object
      properties:
        name: {type: string}
        secret: {type: string, writeOnly: true}
        inner:
          type: object
          properties:
            token: {type: string, writeOnly: true}
            kept: {type: string}
    Closed:
      type: object
      additionalProperties: false
      properties:
        name: {type: string}
    Required:
      type: object
      required: [name, stamp]
      properties:
        name: {type: string}
        stamp: {type: string, format: date-time, readOnly: true}
    Plain:
      type: object
      properties:
        name: {type: string}
`

func conformStage(t *testing.T) (*Stage, map[string]*schemaT) {
	t.Helper()
	doc := spectest.Parse(t, conformDoc)
	schemas := map[string]*schemaT{}
	for name, ref := range doc.T.Components.Schemas {
		schemas[name] = ref.Value
	}
	return New(Config{Doc: doc, Gen: fixtures.NewForDocument(1, doc.T)}), schemas
}

func TestConform(t *testing.T) {
	t.Parallel()
	e, schemas := conformStage(t)
	tests := []struct {
		name   string
		schema string
		in     map[string]any
		want   map[string]any // nil: only the keys in wantKeys are checked
		keys   []string
	}{
		{"writeOnly removed at every depth", "Open",
			map[string]any{"name": "n", "secret": "s", "inner": map[string]any{"token": "t", "kept": "k"}},
			map[string]any{"name": "n", "inner": map[string]any{"kept": "k"}}, nil},
		{"closed schema drops undeclared", "Closed", map[string]any{"name": "n", "extra": 1.0}, map[string]any{"name": "n"}, nil},
		{"open schema keeps undeclared", "Open", map[string]any{"name": "n", "extra": 1.0}, map[string]any{"name": "n", "extra": 1.0}, nil},
		{"required generated", "Required", map[string]any{"name": "n"}, nil, []string{"name", "stamp"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := store.Clone(tt.in).(map[string]any)
			got, _ := e.Conform(schemas[tt.schema], in, "k").(map[string]any)
			if !reflect.DeepEqual(in, tt.in) {
				t.Errorf("the stored object was modified: %v", in)
			}
			if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			for _, k := range tt.keys {
				if got[k] == nil {
					t.Errorf("%s missing from %v", k, got)
				}
			}
		})
	}
	// Generation is deterministic per key.
	a := e.Conform(schemas["Required"], map[string]any{"name": "n"}, "k")
	b := e.Conform(schemas["Required"], map[string]any{"name": "n"}, "k")
	if !reflect.DeepEqual(a, b) {
		t.Errorf("same key, different values: %v, %v", a, b)
	}
}

// An object that already fits is returned as it is (shared, not copied).
func TestConformSharesWhatFits(t *testing.T) {
	t.Parallel()
	e, schemas := conformStage(t)
	in := map[string]any{"name": "n"}
	got, _ := e.Conform(schemas["Plain"], in, "k").(map[string]any)
	got["probe"] = true
	if in["probe"] != true {
		t.Error("a fitting object was copied")
	}
}

// ConformFrom, redoing only the keys that changed, gives what Conform
// gives for the new version.
func TestConformFromAsConform(t *testing.T) {
	t.Parallel()
	e, schemas := conformStage(t)
	tests := []struct {
		schema    string
		prev, cur map[string]any
	}{
		{"Open", map[string]any{"name": "a", "secret": "s"}, map[string]any{"name": "b", "secret": "s"}},
		{"Open", map[string]any{"name": "a"}, map[string]any{"name": "a", "secret": "new"}},
		{"Closed", map[string]any{"name": "a", "x": 1.0}, map[string]any{"name": "b", "x": 1.0}},
		{"Closed", map[string]any{"name": "a"}, map[string]any{"name": "a", "y": 2.0}},
		{"Required", map[string]any{"name": "a", "stamp": "2025-01-01T00:00:00Z"}, map[string]any{"name": "a"}},
		{"Plain", map[string]any{"name": "a"}, map[string]any{"name": "b"}},
	}
	for i, tt := range tests {
		s := schemas[tt.schema]
		prevOut, _ := e.Conform(s, tt.prev, "k").(map[string]any)
		got := e.ConformFrom(s, tt.cur, "k", tt.prev, prevOut, ChangedKeys(tt.prev, tt.cur))
		want := e.Conform(s, tt.cur, "k")
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%d (%s): ConformFrom %v, Conform %v", i, tt.schema, got, want)
		}
	}
}
