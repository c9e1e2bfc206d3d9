package resource

import (
	"encoding/json"
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/render"
	"github.com/mockserver-go/mockserver/internal/spec/spectest"
	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/internal/validate"
)

// contractStage is the resource stage over the embedded contract (its
// resources without PostHog's hooks), an in-memory store and a fixed
// clock.
func contractStage(t *testing.T) *Stage {
	t.Helper()
	doc := spectest.Load(t, "../../openapi.yaml")
	return New(Config{Doc: doc, Store: store.NewMemory(), Gen: fixtures.NewForDocument(1, doc.T), Val: validate.New(doc),
		Enc: render.NewEncoder(doc), Now: func() time.Time { return clock }, Seed: 1})
}

// TestRestoreCheckAgreesWithCheckRestored gives RestoreCheck and
// CheckRestored the same objects, valid ones and ones broken in every
// top-level and nested field, one memo for all of them (so that values
// found valid before are known): they must give the same verdict.
func TestRestoreCheckAgreesWithCheckRestored(t *testing.T) {
	t.Parallel()
	e := contractStage(t)
	for _, resource := range []string{"insights", "hog_functions"} {
		key := "insights|project_id=1"
		if resource == "hog_functions" {
			key = "hog_functions|project_id=1"
		}
		base, err := e.Put(resource, map[string]string{"project_id": "1"}, map[string]any{"name": "x"})
		if err != nil {
			t.Fatal(err)
		}
		rc := e.NewRestoreCheck()
		replacements := []any{nil, 12345.0, 1.5, "text", "2024-01-02T03:04:05Z", "not a time", true, []any{}, []any{1.0}, map[string]any{}, map[string]any{"x": 1.0}}
		var variants []map[string]any
		variants = append(variants, base, base) // valid, then known to the memo
		for k, v := range base {
			gone := maps.Clone(base)
			delete(gone, k)
			variants = append(variants, gone)
			for _, r := range replacements {
				m := maps.Clone(base)
				m[k] = r
				variants = append(variants, m)
			}
			if inner, ok := v.(map[string]any); ok {
				for ik := range inner {
					for _, r := range replacements {
						in := maps.Clone(inner)
						in[ik] = r
						m := maps.Clone(base)
						m[k] = in
						variants = append(variants, m)
					}
				}
			}
		}
		extra := maps.Clone(base)
		extra["undeclared_field"] = 1.0
		variants = append(variants, extra)
		id := store.IDString(base[e.doc.Resources[resource].IDField])
		valid := 0
		for i, v := range variants {
			raw, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			_, fast := rc.Check(key, id, nil, raw)
			slow := e.CheckRestored(key, id, clone(t, v))
			if (fast == nil) != (slow == nil) {
				t.Errorf("%s variant %d %s:\nRestoreCheck: %v\nCheckRestored: %v", resource, i, raw, fast, slow)
			}
			if slow == nil {
				valid++
			}
		}
		if valid < 2 || valid == len(variants) {
			t.Errorf("%s: %d of %d variants valid: the test tells nothing", resource, valid, len(variants))
		}
		t.Log(resource, fmt.Sprintf("%d variants, %d valid", len(variants), valid))
	}
}

// clone is a deep copy of obj, as a fresh decoding gives it.
func clone(t *testing.T, obj map[string]any) map[string]any {
	t.Helper()
	b, _ := json.Marshal(obj)
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
