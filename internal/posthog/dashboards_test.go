package posthog_test

import (
	"fmt"
	"testing"

	"github.com/mockserver-go/mockserver"
)

const (
	dashEnv  = "/api/environments/1/dashboards/"
	dashProj = "/api/projects/1/dashboards/"
	insEnv   = "/api/environments/1/insights/"
)

func idOf(o map[string]any) string { return fmt.Sprint(o["id"]) }

// tileInsights lists the insight ids a dashboard's tiles show, in order.
func tileInsights(t *testing.T, d map[string]any) []string {
	t.Helper()
	tiles, ok := d["tiles"].([]any)
	if !ok {
		t.Fatalf("tiles %v", d["tiles"])
	}
	var out []string
	for _, x := range tiles {
		out = append(out, fmt.Sprint(x.(map[string]any)["insight"].(map[string]any)["id"]))
	}
	return out
}

func dashboardIDs(in map[string]any) string { return fmt.Sprint(in["dashboards"]) }

// posthog/api/insight.py _update_insight_dashboards and
// posthog/api/dashboards/dashboard.py DashboardSerializer.update: the two
// sides of a tile agree whichever side changes.
func TestDashboardTilesFollowInsights(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	d1 := m.do("POST", dashEnv, map[string]any{"name": "Growth"}).want(t, 201).obj()
	d2 := m.do("POST", dashProj, map[string]any{"name": "Product"}).want(t, 201).obj()
	if tiles := d1["tiles"].([]any); len(tiles) != 0 {
		t.Fatalf("new dashboard has tiles %v", tiles)
	}
	in := m.do("POST", insEnv, map[string]any{"name": "Pageviews", "dashboards": []any{d1["id"], d2["id"]}}).want(t, 201).obj()
	if got := dashboardIDs(in); got != "[1 2]" {
		t.Fatalf("insight dashboards %s", got)
	}
	tiles := in["dashboard_tiles"].([]any)
	if len(tiles) != 2 || tiles[0].(map[string]any)["dashboard_id"] != d1["id"] {
		t.Fatalf("dashboard_tiles %v", tiles)
	}

	steps := []struct {
		name           string
		method, path   string
		body           any
		wantD1, wantD2 []string
		wantInsightOn  string
	}{
		{"both dashboards show it, under either prefix", "", "", nil, []string{idOf(in)}, []string{idOf(in)}, "[1 2]"},
		{"patching the insight's dashboards removes a tile", "PATCH", insEnv + idOf(in) + "/", map[string]any{"dashboards": []any{d2["id"]}}, nil, []string{idOf(in)}, "[2]"},
		{"and adds one back", "PATCH", "/api/projects/1/insights/" + idOf(in) + "/", map[string]any{"dashboards": []any{d1["id"], d2["id"]}}, []string{idOf(in)}, []string{idOf(in)}, "[1 2]"},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.method != "" {
				m.do(s.method, s.path, s.body).want(t, 200)
			}
			g1 := m.do("GET", dashEnv+idOf(d1)+"/", nil).want(t, 200).obj()
			g2 := m.do("GET", dashProj+idOf(d2)+"/", nil).want(t, 200).obj()
			if a, b := fmt.Sprint(tileInsights(t, g1)), fmt.Sprint(s.wantD1); a != b {
				t.Errorf("dashboard 1 tiles %s, want %s", a, b)
			}
			if a, b := fmt.Sprint(tileInsights(t, g2)), fmt.Sprint(s.wantD2); a != b {
				t.Errorf("dashboard 2 tiles %s, want %s", a, b)
			}
			if got := dashboardIDs(m.do("GET", insEnv+idOf(in)+"/", nil).obj()); got != s.wantInsightOn {
				t.Errorf("insight dashboards %s, want %s", got, s.wantInsightOn)
			}
		})
	}

	// Layouts and colours persist; a tile removed from the dashboard leaves
	// the insight's dashboards.
	g1 := m.do("GET", dashEnv+idOf(d1)+"/", nil).obj()
	tile := g1["tiles"].([]any)[0].(map[string]any)
	layouts := map[string]any{"sm": map[string]any{"x": float64(0), "y": float64(2), "w": float64(6), "h": float64(5)}}
	m.do("PATCH", dashEnv+idOf(d1)+"/", map[string]any{"tiles": []any{map[string]any{"id": tile["id"], "layouts": layouts, "color": "blue"}}}).want(t, 200)
	got := m.do("GET", dashProj+idOf(d1)+"/", nil).obj()["tiles"].([]any)[0].(map[string]any)
	if got["color"] != "blue" || fmt.Sprint(got["layouts"]) != fmt.Sprint(layouts) {
		t.Errorf("tile after PATCH %v", got)
	}
	m.do("PATCH", dashEnv+idOf(d1)+"/", map[string]any{"tiles": []any{map[string]any{"id": tile["id"], "deleted": true}}}).want(t, 200)
	if got := dashboardIDs(m.do("GET", insEnv+idOf(in)+"/", nil).obj()); got != "[2]" {
		t.Errorf("after the tile was removed, insight dashboards %s", got)
	}

	// A soft-deleted dashboard leaves the insight's dashboards; an unknown
	// one is the serializer's 400; a soft-deleted one is skipped.
	m.do("PATCH", dashProj+idOf(d2)+"/", map[string]any{"deleted": true}).want(t, 200)
	if got := dashboardIDs(m.do("GET", insEnv+idOf(in)+"/", nil).obj()); got != "[]" {
		t.Errorf("after the dashboard was deleted, insight dashboards %s", got)
	}
	m.do("PATCH", insEnv+idOf(in)+"/", map[string]any{"dashboards": []any{99}}).
		wantError(t, 400, "validation_error", "does_not_exist", `Invalid pk "99" - object does not exist.`, "dashboards")
	m.do("PATCH", insEnv+idOf(in)+"/", map[string]any{"dashboards": []any{d2["id"], d1["id"]}}).want(t, 200)
	if got := dashboardIDs(m.do("GET", insEnv+idOf(in)+"/", nil).obj()); got != "[1]" {
		t.Errorf("a deleted dashboard was not skipped: %s", got)
	}

	// A soft-deleted insight's tiles go, and stay gone when it comes back.
	m.do("PATCH", insEnv+idOf(in)+"/", map[string]any{"deleted": true}).want(t, 200)
	if got := tileInsights(t, m.do("GET", dashEnv+idOf(d1)+"/", nil).obj()); len(got) != 0 {
		t.Errorf("deleted insight still on the dashboard: %v", got)
	}
	m.do("PATCH", insEnv+idOf(in)+"/", map[string]any{"deleted": false}).want(t, 200)
	if got := dashboardIDs(m.do("GET", insEnv+idOf(in)+"/", nil).obj()); got != "[]" {
		t.Errorf("restored insight got its tiles back: %s", got)
	}
}

// Tile ids are unique across the project's dashboards, and a dashboard
// list (DashboardBasicSerializer) does not embed tiles' insights.
func TestDashboardTileIDsAndList(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	d := m.do("POST", dashEnv, map[string]any{"name": "A"}).obj()
	e := m.do("POST", dashEnv, map[string]any{"name": "B"}).obj()
	seen := map[string]bool{}
	for i := 0; i < 3; i++ {
		in := m.do("POST", insEnv, map[string]any{"name": fmt.Sprint("I", i), "dashboards": []any{d["id"], e["id"]}}).want(t, 201).obj()
		for _, x := range in["dashboard_tiles"].([]any) {
			id := fmt.Sprint(x.(map[string]any)["id"])
			if seen[id] {
				t.Fatalf("tile id %s used twice", id)
			}
			seen[id] = true
		}
	}
	if got := tileInsights(t, m.do("GET", dashEnv+idOf(d)+"/", nil).obj()); fmt.Sprint(got) != "[1 2 3]" {
		t.Errorf("tiles %v", got)
	}
	list := m.do("GET", dashProj, nil).want(t, 200).obj()
	if list["count"] != float64(2) {
		t.Errorf("count %v", list["count"])
	}
}
