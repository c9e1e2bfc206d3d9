package posthog_test

import (
	"testing"

	"github.com/mockserver-go/mockserver"
)

const flags = "/api/projects/1/feature_flags/"

func groups(gs ...map[string]any) map[string]any {
	out := make([]any, len(gs))
	for i, g := range gs {
		out[i] = g
	}
	return map[string]any{"groups": out}
}

// posthog/api/feature_flag.py: is_simple_flag and rollout_percentage are
// computed from filters.groups; a group's rollout must be a percentage.
func TestFeatureFlagRolloutFollowsGroups(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	email := []any{map[string]any{"key": "email", "value": "@example.com", "operator": "icontains", "type": "person"}}
	for i, c := range []struct {
		name        string
		filters     map[string]any
		wantSimple  bool
		wantRollout any
	}{
		{"no filters", nil, true, nil},
		{"one group, no properties", groups(map[string]any{"properties": []any{}, "rollout_percentage": 30}), true, float64(30)},
		{"one group with properties", groups(map[string]any{"properties": email, "rollout_percentage": 30}), false, nil},
		{"two groups", groups(map[string]any{"rollout_percentage": 10}, map[string]any{"rollout_percentage": 90}), false, nil},
		{"group aggregation", map[string]any{"aggregation_group_type_index": 0, "groups": []any{map[string]any{"rollout_percentage": 50}}}, false, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := map[string]any{"key": "flag-" + string(rune('a'+i))}
			if c.filters != nil {
				body["filters"] = c.filters
			}
			f := m.do("POST", flags, body).want(t, 201).obj()
			if f["is_simple_flag"] != c.wantSimple || f["rollout_percentage"] != c.wantRollout {
				t.Errorf("is_simple_flag %v rollout_percentage %v, want %v %v", f["is_simple_flag"], f["rollout_percentage"], c.wantSimple, c.wantRollout)
			}
			if f["active"] != true || f["deleted"] != false || f["version"] != float64(0) {
				t.Errorf("defaults: active %v deleted %v version %v", f["active"], f["deleted"], f["version"])
			}
		})
	}
	m.do("POST", flags, map[string]any{"key": "too-much", "filters": groups(map[string]any{"rollout_percentage": 540})}).
		wantError(t, 400, "validation_error", "invalid_input", "Invalid rollout percentage", "filters")

	f := m.do("POST", flags, map[string]any{"key": "beta", "filters": groups(map[string]any{"rollout_percentage": 20})}).want(t, 201).obj()
	g := m.do("PATCH", flags+idOf(f)+"/", map[string]any{"filters": groups(map[string]any{"rollout_percentage": 75}), "active": false}).want(t, 200).obj()
	if g["rollout_percentage"] != float64(75) || g["active"] != false || g["version"] != float64(1) {
		t.Errorf("after PATCH: rollout %v active %v version %v", g["rollout_percentage"], g["active"], g["version"])
	}
}

// FeatureFlagSerializer.validate_key: unique among the project's live flags
// (PostHog's 400); the key of a soft-deleted flag is free again.
func TestFeatureFlagKeyUniquePerProject(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	const taken = "There is already a feature flag with this key."
	f := m.do("POST", flags, map[string]any{"key": "new-checkout"}).want(t, 201).obj()
	other := m.do("POST", flags, map[string]any{"key": "other"}).want(t, 201).obj()
	for _, c := range []struct {
		name, method, path string
		body               map[string]any
		status             int
		code, detail       string
	}{
		{"same key", "POST", flags, map[string]any{"key": "new-checkout"}, 400, "unique", taken},
		{"renamed onto a taken key", "PATCH", flags + idOf(other) + "/", map[string]any{"key": "new-checkout"}, 400, "unique", taken},
		{"bad characters", "POST", flags, map[string]any{"key": "new checkout!"}, 400, "invalid_key", "Only letters, numbers, hyphens (-) & underscores (_) are allowed."},
		{"another project", "POST", "/api/projects/2/feature_flags/", map[string]any{"key": "new-checkout"}, 201, "", ""},
		{"its own key", "PATCH", flags + idOf(f) + "/", map[string]any{"key": "new-checkout", "name": "Checkout"}, 200, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := m.do(c.method, c.path, c.body)
			if c.status == 400 {
				r.wantError(t, 400, "validation_error", c.code, c.detail, "key")
				return
			}
			r.want(t, c.status)
		})
	}
	m.do("PATCH", flags+idOf(f)+"/", map[string]any{"deleted": true}).want(t, 200)
	m.do("GET", flags+idOf(f)+"/", nil).wantError(t, 404, "invalid_request", "not_found", "Not found.", nil)
	again := m.do("POST", flags, map[string]any{"key": "new-checkout"}).want(t, 201).obj()
	if again["id"] == f["id"] {
		t.Fatalf("same id reused")
	}
	// The old flag was deleted for good: it cannot come back onto the key.
	m.do("PATCH", flags+idOf(f)+"/", map[string]any{"deleted": false}).want(t, 404)
	list := m.do("GET", flags, nil).want(t, 200).obj()
	if list["count"] != float64(2) {
		t.Errorf("count %v, want 2", list["count"])
	}
}
