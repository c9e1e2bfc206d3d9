package posthog_test

import (
	"fmt"
	"testing"

	"github.com/mockserver-go/mockserver"
)

// family is one resource family as a client manages it.
type family struct {
	name, path string
	create     func(i int) map[string]any
	patch      map[string]any // one field changed
	kept       string         // a field the patch leaves alone
	soft       bool           // PATCH {"deleted": true} (else DELETE for good)
	search     string         // a ?search= that finds only the first object ("" when none)
}

// families are the resource families a PostHog client manages besides hog
// functions and insights. Soft delete and search come from each viewset:
// posthog/api/{action,cohort,annotation,feature_flag}.py (ForbidDestroyModel,
// PATCH deleted), posthog/api/survey.py (destroyed for good),
// posthog/api/dashboards/dashboard.py, ee/api/rbac/role.py (destroyed).
var families = []family{
	{"dashboards", "/api/environments/1/dashboards/", func(i int) map[string]any {
		return map[string]any{"name": fmt.Sprint("Board ", i), "description": "weekly review"}
	}, map[string]any{"pinned": true}, "description", true, ""},
	{"feature flags", "/api/projects/1/feature_flags/", func(i int) map[string]any {
		return map[string]any{"key": fmt.Sprint("flag-", i), "name": fmt.Sprint("Flag ", i)}
	}, map[string]any{"name": "Renamed"}, "key", true, "flag-0"},
	{"actions", "/api/projects/1/actions/", func(i int) map[string]any {
		return map[string]any{"name": fmt.Sprint("Signed up ", i), "description": "signup", "steps": []any{map[string]any{"event": "$pageview", "url": "/signup", "url_matching": "contains"}}}
	}, map[string]any{"name": "Renamed"}, "description", true, ""},
	{"cohorts", "/api/projects/1/cohorts/", func(i int) map[string]any {
		return map[string]any{"name": fmt.Sprint("Power users ", i), "description": "heavy", "is_static": true}
	}, map[string]any{"description": "changed"}, "name", true, ""},
	{"annotations", "/api/projects/1/annotations/", func(i int) map[string]any {
		return map[string]any{"content": fmt.Sprint("Release ", i, " shipped"), "date_marker": "2025-06-01T00:00:00Z", "scope": "project"}
	}, map[string]any{"scope": "organization"}, "content", true, "Release 0"},
	{"surveys", "/api/projects/1/surveys/", func(i int) map[string]any {
		return map[string]any{"name": fmt.Sprint("NPS ", i), "description": "quarterly", "type": "popover",
			"questions": []any{map[string]any{"type": "rating", "question": "How likely are you to recommend us?", "scale": 10}}}
	}, map[string]any{"archived": true}, "description", false, "NPS 0"},
	{"roles", "/api/organizations/@current/roles/", func(i int) map[string]any {
		return map[string]any{"name": fmt.Sprint("Role ", i)}
	}, map[string]any{"name": "Analysts"}, "is_default", false, ""},
}

// Every family goes through its whole lifecycle: create, read, field-level
// PATCH, list with paging and search, delete (soft where PostHog's is),
// read after delete.
func TestFamilyLifecycles(t *testing.T) {
	for _, f := range families {
		t.Run(f.name, func(t *testing.T) {
			m := newMock(t, mockserver.Options{EmptyState: true})
			var made []map[string]any
			for i := 0; i < 3; i++ {
				made = append(made, m.do("POST", f.path, f.create(i)).want(t, 201).obj())
			}
			first := f.path + idOf(made[0]) + "/"
			if got := m.do("GET", first, nil).want(t, 200).obj(); idOf(got) != idOf(made[0]) {
				t.Fatalf("read %v", got["id"])
			}

			before := m.do("GET", first, nil).obj()[f.kept]
			after := m.do("PATCH", first, f.patch).want(t, 200).obj()
			for k, v := range f.patch {
				if fmt.Sprint(after[k]) != fmt.Sprint(v) {
					t.Errorf("%s = %v after PATCH, want %v", k, after[k], v)
				}
			}
			if fmt.Sprint(after[f.kept]) != fmt.Sprint(before) {
				t.Errorf("PATCH changed %s: %v -> %v", f.kept, before, after[f.kept])
			}

			page := m.do("GET", f.path+"?limit=2", nil).want(t, 200).obj()
			if page["count"] != float64(3) || len(page["results"].([]any)) != 2 || page["next"] == nil {
				t.Errorf("first page: count %v, %d results, next %v", page["count"], len(page["results"].([]any)), page["next"])
			}
			rest := m.do("GET", f.path+"?limit=2&offset=2", nil).want(t, 200).obj()
			if len(rest["results"].([]any)) != 1 || rest["next"] != nil {
				t.Errorf("last page: %d results, next %v", len(rest["results"].([]any)), rest["next"])
			}
			if f.search != "" {
				found := m.do("GET", f.path+"?search="+urlWord(f.search), nil).want(t, 200).obj()
				if found["count"] != float64(1) {
					t.Errorf("search %q found %v", f.search, found["count"])
				}
			}

			if f.soft {
				m.do("PATCH", first, map[string]any{"deleted": true}).want(t, 200)
			} else {
				m.do("DELETE", first, nil).want(t, 204)
			}
			m.do("GET", first, nil).wantError(t, 404, "invalid_request", "not_found", "Not found.", nil)
			if n := m.do("GET", f.path, nil).obj()["count"]; n != float64(2) {
				t.Errorf("count after delete %v", n)
			}
			if f.soft {
				// Restored by PATCH deleted: false, as PostHog's viewsets allow.
				m.do("PATCH", first, map[string]any{"deleted": false}).want(t, 200)
				m.do("GET", first, nil).want(t, 200)
			}
		})
	}
}

func urlWord(s string) string {
	out := []byte{}
	for _, b := range []byte(s) {
		if b == ' ' {
			out = append(out, '+')
			continue
		}
		out = append(out, b)
	}
	return string(out)
}
