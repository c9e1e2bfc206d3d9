package posthog_test

import (
	"slices"
	"testing"
	"time"

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

// FeatureFlagViewSet._filter_request: the list filters a client uses.
func TestFeatureFlagListFilters(t *testing.T) {
	// The clock is past the seeded flags' creation by more than 30 days,
	// so that the fully rolled out seeded flag is stale.
	m := newMock(t, mockserver.Options{Now: func() time.Time { return time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC) }})
	variants := map[string]any{"variants": []any{map[string]any{"key": "control", "rollout_percentage": 50},
		map[string]any{"key": "test", "rollout_percentage": 50}}}
	mv := m.do("POST", flags, map[string]any{"key": "checkout-test", "filters": map[string]any{"groups": []any{map[string]any{"rollout_percentage": 100}},
		"multivariate": variants}, "tags": []any{"growth"}}).want(t, 201).obj()
	m.do("POST", flags, map[string]any{"key": "off", "active": false, "evaluation_runtime": "server"}).want(t, 201)

	for _, c := range []struct {
		query string
		want  []any
	}{
		{"", []any{"new-onboarding-flow", "pricing-page-v2", "beta-dashboards", "checkout-test", "off"}},
		{"?active=false", []any{"off"}},
		{"?active=true&type=boolean", []any{"new-onboarding-flow", "pricing-page-v2", "beta-dashboards"}},
		{"?type=multivariant", []any{"checkout-test"}},
		{"?type=experiment", []any{}},
		{"?active=STALE", []any{"new-onboarding-flow"}},
		{"?created_by_id=2", []any{"pricing-page-v2"}},
		{"?evaluation_runtime=server", []any{"off"}},
		{`?tags=["growth","nope"]`, []any{"pricing-page-v2", "checkout-test"}},
		{`?excluded_properties=["off","beta-dashboards"]&search=new`, []any{"new-onboarding-flow"}},
		{"?tags=not-json", []any{"new-onboarding-flow", "pricing-page-v2", "beta-dashboards", "checkout-test", "off"}},
	} {
		t.Run(c.query, func(t *testing.T) {
			got := field(m.results(flags+c.query), "key")
			if got == nil {
				got = []any{}
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.query, got, c.want)
			}
		})
	}
	if mv["is_simple_flag"] != true {
		t.Errorf("variants do not make a flag complex: %v", mv["is_simple_flag"])
	}
}

// A survey linked to a flag shows on the flag (FeatureFlagSerializer's
// surveys) and names it (SurveySerializer's linked_flag), until it goes.
func TestFeatureFlagLinkedSurveys(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	f := m.do("POST", flags, map[string]any{"key": "new-nav"}).want(t, 201).obj()
	if got := f["surveys"].([]any); len(got) != 0 {
		t.Fatalf("new flag's surveys %v", got)
	}
	s := m.do("POST", "/api/projects/1/surveys/", map[string]any{"name": "Nav feedback", "type": "popover", "linked_flag_id": f["id"],
		"questions": []any{map[string]any{"type": "open", "question": "Is the new navigation easier?"}}}).want(t, 201).obj()
	if lf, _ := s["linked_flag"].(map[string]any); lf == nil || lf["key"] != "new-nav" || lf["team_id"] != 1.0 {
		t.Fatalf("linked_flag %v", s["linked_flag"])
	}
	got := m.do("GET", flags+idText(f["id"])+"/", nil).want(t, 200).obj()["surveys"].([]any)
	if len(got) != 1 || got[0].(map[string]any)["id"] != s["id"] {
		t.Fatalf("flag's surveys %v", got)
	}
	m.do("DELETE", "/api/projects/1/surveys/"+s["id"].(string)+"/", nil).want(t, 204)
	if got := m.do("GET", flags+idText(f["id"])+"/", nil).obj()["surveys"].([]any); len(got) != 0 {
		t.Errorf("flag's surveys after the survey went %v", got)
	}
	// A flag the project lacks is refused, on create and on update
	// (SurveySerializer.validate), and nothing is stored.
	bad := m.do("POST", "/api/projects/1/surveys/", map[string]any{"name": "Orphan", "type": "api", "linked_flag_id": 999}).want(t, 400).obj()
	if bad["detail"] != "Feature Flag with this ID does not exist" || bad["attr"] != nil {
		t.Errorf("create with a missing flag: %v", bad)
	}
	other := m.do("POST", "/api/projects/1/surveys/", map[string]any{"name": "Unlinked", "type": "api"}).want(t, 201).obj()
	m.do("PATCH", "/api/projects/1/surveys/"+other["id"].(string)+"/", map[string]any{"linked_flag_id": 999}).want(t, 400)
	if got := m.do("GET", "/api/projects/1/surveys/"+other["id"].(string)+"/", nil).want(t, 200).obj(); got["linked_flag"] != nil {
		t.Errorf("a refused update linked the survey to %v", got["linked_flag"])
	}
	linked := m.do("PATCH", "/api/projects/1/surveys/"+other["id"].(string)+"/", map[string]any{"linked_flag_id": f["id"]}).want(t, 200).obj()
	if lf, _ := linked["linked_flag"].(map[string]any); lf == nil || lf["key"] != "new-nav" {
		t.Errorf("linked_flag after an update linking the flag: %v", linked["linked_flag"])
	}
	if n := m.do("GET", "/api/projects/1/surveys/", nil).want(t, 200).obj()["count"]; n != 1.0 {
		t.Errorf("surveys after the refused create: %v, want 1", n)
	}
}

// posthog/api/experiment.py: an experiment runs on the flag of its
// feature_flag_key, made with a control and a test variant when the
// project has none; the flag lists it in experiment_set.
func TestExperimentRunsOnItsFlag(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	const exps = "/api/projects/1/experiments/"
	e := m.do("POST", exps, map[string]any{"name": "Checkout copy", "feature_flag_key": "checkout-copy"}).want(t, 201).obj()
	ff, _ := e["feature_flag"].(map[string]any)
	if ff == nil || ff["key"] != "checkout-copy" || ff["team_id"] != 1.0 {
		t.Fatalf("experiment's flag %v", e["feature_flag"])
	}
	f := m.do("GET", flags+idText(ff["id"])+"/", nil).want(t, 200).obj()
	variants := f["filters"].(map[string]any)["multivariate"].(map[string]any)["variants"].([]any)
	if len(variants) != 2 || !slices.Equal(f["experiment_set"].([]any), []any{e["id"]}) {
		t.Errorf("flag: variants %v experiment_set %v", variants, f["experiment_set"])
	}
	if got := field(m.results(flags+"?type=experiment"), "key"); !slices.Equal(got, []any{"checkout-copy"}) {
		t.Errorf("type=experiment lists %v", got)
	}
	// A second experiment on an existing flag uses it.
	m.do("POST", flags, map[string]any{"key": "pricing"}).want(t, 201)
	e2 := m.do("POST", exps, map[string]any{"name": "Pricing", "feature_flag_key": "pricing"}).want(t, 201).obj()
	if got := e2["feature_flag"].(map[string]any)["key"]; got != "pricing" {
		t.Errorf("second experiment's flag %v", got)
	}
	if n := len(m.results(flags)); n != 2 {
		t.Errorf("%d flags, want 2", n)
	}
	m.do("POST", exps, map[string]any{"name": "Bad", "feature_flag_key": "no spaces"}).
		wantError(t, 400, "validation_error", "invalid_key", "Only letters, numbers, hyphens (-) & underscores (_) are allowed.", "feature_flag_key")
	// A soft-deleted experiment leaves its flag's experiment_set.
	m.do("PATCH", exps+idText(e["id"])+"/", map[string]any{"deleted": true}).want(t, 200)
	if got := m.do("GET", flags+idText(ff["id"])+"/", nil).obj()["experiment_set"].([]any); len(got) != 0 {
		t.Errorf("experiment_set after delete %v", got)
	}
}
