package posthog_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/mockserver-go/mockserver"
)

const (
	env  = "/api/environments/1/"
	proj = "/api/projects/1/"
)

func (m *mock) results(path string) []map[string]any {
	m.t.Helper()
	var out []map[string]any
	for _, r := range m.do("GET", path, nil).want(m.t, 200).obj()["results"].([]any) {
		out = append(out, r.(map[string]any))
	}
	return out
}

func field(objs []map[string]any, k string) []any {
	out := make([]any, len(objs))
	for i, o := range objs {
		out[i] = o[k]
	}
	return out
}

func idText(v any) string {
	if f, ok := v.(float64); ok {
		return fmt.Sprint(int(f))
	}
	return fmt.Sprint(v)
}

// A seeded project is connected: every id one seeded object gives names
// another that a client can read, and both sides of a link agree.
func TestSeededProjectIsConnected(t *testing.T) {
	m := newMock(t, mockserver.Options{Seed: 3})

	// The project runs no experiment and its roles have no members
	// (x-mock-resource seed: 0): those are what a client adds.
	if got := m.results("/api/projects/1/experiments/"); len(got) != 0 {
		t.Errorf("seeded experiments %v", got)
	}
	for _, r := range m.results(org + "roles/") {
		if got := m.results(org + "roles/" + idText(r["id"]) + "/role_memberships/"); len(got) != 0 {
			t.Errorf("role %v starts with members %v", r["name"], got)
		}
	}

	// Dashboards carry the seeded insights' tiles, and the insights name
	// those dashboards back.
	dashboards := m.results(env + "dashboards/")
	if got := field(dashboards, "name"); !slices.Equal(got, []any{"Product overview", "Growth", "Website traffic"}) {
		t.Fatalf("dashboards %v", got)
	}
	onDashboards := map[string][]any{}
	tileIDs := map[any]bool{}
	for _, d := range dashboards {
		full := m.do("GET", env+"dashboards/"+idText(d["id"])+"/", nil).want(t, 200).obj()
		tiles := full["tiles"].([]any)
		if len(tiles) == 0 {
			t.Errorf("dashboard %v has no tiles", d["name"])
		}
		for _, x := range tiles {
			tile := x.(map[string]any)
			tileIDs[tile["id"]] = true
			in := tile["insight"].(map[string]any)
			id := idText(in["id"])
			onDashboards[id] = append(onDashboards[id], d["id"])
			got := m.do("GET", env+"insights/"+id+"/", nil).want(t, 200).obj()
			if got["name"] != in["name"] || !slices.Contains(got["dashboards"].([]any), d["id"]) {
				t.Errorf("insight %s: name %v dashboards %v, tile on dashboard %v", id, got["name"], got["dashboards"], d["id"])
			}
			if len(tile["layouts"].(map[string]any)) == 0 {
				t.Errorf("tile %v without layouts", tile["id"])
			}
		}
	}
	if len(tileIDs) != 5 {
		t.Errorf("tile ids %v, want 5 distinct", tileIDs)
	}
	for _, in := range m.results(env + "insights/") {
		id := idText(in["id"])
		if !slices.Equal(in["dashboards"].([]any), onDashboards[id]) {
			t.Errorf("insight %s lists dashboards %v, the dashboards' tiles say %v", id, in["dashboards"], onDashboards[id])
		}
	}

	// Alerts watch live trends insights and notify users who exist; one
	// is notified through an internal destination.
	alerts := m.results(env + "alerts/")
	if len(alerts) != 3 {
		t.Fatalf("%d alerts", len(alerts))
	}
	var firing string
	for _, a := range alerts {
		in := m.do("GET", env+"insights/"+idText(a["insight"].(map[string]any)["id"])+"/", nil).want(t, 200).obj()
		src := in["query"].(map[string]any)["source"].(map[string]any)
		if src["kind"] != "TrendsQuery" {
			t.Errorf("alert %v on a %v insight", a["name"], src["kind"])
		}
		if len(a["subscribed_users"].([]any)) == 0 || a["threshold"] == nil {
			t.Errorf("alert %v: users %v threshold %v", a["name"], a["subscribed_users"], a["threshold"])
		}
		if a["name"] == "Pageviews below 500 a day" {
			firing = a["id"].(string)
		}
		if got := m.do("GET", env+"insights/"+idText(in["id"])+"/", nil).obj()["alerts"]; !slices.ContainsFunc(got.([]any), func(x any) bool {
			return x.(map[string]any)["id"] == a["id"]
		}) {
			t.Errorf("insight %v does not show alert %v: %v", in["id"], a["id"], got)
		}
	}
	q := `{"properties":[{"key":"alert_id","value":"` + firing + `"}]}`
	dest := m.results(env + "hog_functions/?type=internal_destination&filters=" + q)
	if len(dest) != 1 {
		t.Fatalf("%d destinations notify alert %s", len(dest), firing)
	}
	fn := m.do("GET", env+"hog_functions/"+dest[0]["id"].(string)+"/", nil).want(t, 200).obj()
	events := fn["filters"].(map[string]any)["events"].([]any)
	if events[0].(map[string]any)["id"] != "$insight_alert_firing" || fn["enabled"] != true {
		t.Errorf("destination %v: events %v enabled %v", fn["name"], events, fn["enabled"])
	}
	m.do("GET", env+"alerts/"+firing+"/", nil).want(t, 200)

	// Flags are plausible releases; two have a survey, each survey names
	// its flag.
	flags := m.results(proj + "feature_flags/")
	if got := field(flags, "key"); !slices.Equal(got, []any{"new-onboarding-flow", "pricing-page-v2", "beta-dashboards"}) {
		t.Fatalf("flag keys %v", got)
	}
	if got := field(flags, "rollout_percentage"); !slices.Equal(got, []any{100.0, 50.0, nil}) {
		t.Errorf("rollouts %v", got)
	}
	surveys := m.results(proj + "surveys/")
	linked := 0
	for _, s := range surveys {
		lf, _ := s["linked_flag"].(map[string]any)
		if lf == nil {
			continue
		}
		linked++
		f := m.do("GET", proj+"feature_flags/"+idText(lf["id"])+"/", nil).want(t, 200).obj()
		if f["key"] != lf["key"] || len(f["surveys"].([]any)) != 1 || f["surveys"].([]any)[0].(map[string]any)["id"] != s["id"] {
			t.Errorf("survey %v on flag %v; the flag shows %v", s["name"], lf["key"], f["surveys"])
		}
	}
	if linked != 2 {
		t.Errorf("%d surveys have a flag", linked)
	}

	// Actions have steps, cohorts filters or a static list, and the
	// annotation on an insight names it.
	for _, a := range m.results(proj + "actions/") {
		if len(a["steps"].([]any)) == 0 || a["team_id"] != 1.0 {
			t.Errorf("action %v: steps %v team %v", a["name"], a["steps"], a["team_id"])
		}
	}
	for _, c := range m.results(proj + "cohorts/") {
		if n, _ := c["count"].(float64); n <= 0 || c["is_calculating"] != false {
			t.Errorf("cohort %v: count %v calculating %v", c["name"], c["count"], c["is_calculating"])
		}
	}
	var marked []any
	for _, a := range m.results(proj + "annotations/") {
		if a["dashboard_item"] != nil {
			marked = append(marked, a["insight_name"])
		}
	}
	if !slices.Equal(marked, []any{"Daily pageviews"}) {
		t.Errorf("annotations mark %v", marked)
	}

	// A client's tile takes the next tile id of the project.
	in := m.do("POST", env+"insights/", map[string]any{"name": "Uploads", "dashboards": []any{1}}).want(t, 201).obj()
	tiles := in["dashboard_tiles"].([]any)
	if len(tiles) != 1 || tiles[0].(map[string]any)["id"] != 6.0 {
		t.Errorf("new tile %v", tiles)
	}
}

// The seeded project is the same for the same seed; another seed draws
// other ids (the alert the destination names among them) but the same
// objects.
func TestSeededProjectIsDeterministic(t *testing.T) {
	snapshot := func(seed uint64) string {
		m := newMock(t, mockserver.Options{Seed: seed})
		var all []any
		for _, p := range []string{env + "dashboards/1/", env + "alerts/", env + "hog_functions/", proj + "feature_flags/", proj + "surveys/",
			proj + "cohorts/", proj + "actions/", proj + "annotations/", env + "insights/"} {
			all = append(all, m.do("GET", p, nil).want(t, 200).body)
		}
		b, _ := json.Marshal(all)
		return string(b)
	}
	a, b, c := snapshot(5), snapshot(5), snapshot(6)
	if a != b {
		t.Error("seed 5 gave two projects")
	}
	if a == c {
		t.Error("seeds 5 and 6 gave the same ids")
	}
}
