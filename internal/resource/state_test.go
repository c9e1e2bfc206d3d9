package resource

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/render"
	"github.com/mockserver-go/mockserver/internal/spec/spectest"
	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/internal/validate"
)

// Objects put from Go and objects restored from a state file go through
// the read model as created ones do: a nested property every answer
// requires is generated and stored; a value the schema rejects is still
// the caller's error, not reshaped away.
func TestSettledLikeCreated(t *testing.T) {
	t.Parallel()
	partial := func() map[string]any {
		return map[string]any{"id": "t1", "verification": map[string]any{"document": "passport"}}
	}
	completed := func(t *testing.T, how string, obj map[string]any) {
		t.Helper()
		v, _ := obj["verification"].(map[string]any)
		if v["document"] != "passport" {
			t.Errorf("%s: verification %v lost the written document", how, v)
		}
		switch v["status"] {
		case "unverified", "pending", "verified":
		default:
			t.Errorf("%s: verification %v lacks the status every answer requires", how, v)
		}
	}
	t.Run("put", func(t *testing.T) {
		t.Parallel()
		st, _ := docStage(t, "testdata/nested-required.yaml")
		obj, err := st.Put("things", nil, partial())
		if err != nil {
			t.Fatal(err)
		}
		completed(t, "Put's answer", obj)
		rec, err := st.Object(context.Background(), st.doc.Resources["things"], nil, "t1")
		if err != nil {
			t.Fatal(err)
		}
		completed(t, "stored", rec.Object())
	})
	t.Run("put refuses a wrong value", func(t *testing.T) {
		t.Parallel()
		st, _ := docStage(t, "testdata/nested-required.yaml")
		_, err := st.Put("things", nil, map[string]any{"id": "t2", "verification": map[string]any{"status": 7.0}})
		if pe, ok := problem.As(err); !ok || pe.Kind != problem.KindValidation {
			t.Errorf("a status of 7 was put: %v", err)
		}
	})
	t.Run("restored", func(t *testing.T) {
		t.Parallel()
		st, _ := docStage(t, "testdata/nested-required.yaml")
		obj := partial()
		if err := st.CheckRestored("things", "t1", obj); err != nil {
			t.Fatal(err)
		}
		completed(t, "CheckRestored", obj)
		raw, _ := json.Marshal(partial())
		got, err := st.NewRestoreCheck().Check("things", "t1", nil, store.NewRawObject(raw))
		if err != nil {
			t.Fatal(err)
		}
		completed(t, "RestoreCheck", got)
	})
}

// A resource's declared seed count (x-mock-resource seed) sets how many
// objects its collections start with, 0 none; an empty server (-1) stays
// empty whatever a resource declares.
func TestResourceSeedCount(t *testing.T) {
	t.Parallel()
	three, none := 3, 0
	for _, tc := range []struct {
		name     string
		server   int
		resource *int
		want     int
	}{
		{"the server's count", 0, nil, defaultSeedObjects},
		{"declared 3", 5, &three, 3},
		{"declared none", 0, &none, 0},
		{"empty server", -1, &three, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			doc := spectest.Load(t, notesFile)
			doc.Resources["notes"].Seed = tc.resource
			mem := store.NewMemory()
			st := New(Config{Doc: doc, Store: mem, Gen: fixtures.NewForDocument(3, doc.T), Val: validate.New(doc),
				Enc: render.NewEncoder(doc), Now: func() time.Time { return clock }, Seed: 3, SeedObjects: tc.server})
			key, err := st.Scope(call(t, doc, "notes_create", map[string]string{"team_id": "1"}, nil)) // a write seeds the store itself
			if err != nil {
				t.Fatal(err)
			}
			got := 0
			if c, ok := mem.Lookup(key); ok {
				got = c.Len()
			}
			if got != tc.want {
				t.Errorf("%d objects seeded, want %d", got, tc.want)
			}
		})
	}
}
