package posthog_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
)

const ins = "/api/projects/1/insights/"

func TestInsightCreateAndRefresh(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	q := map[string]any{"kind": "InsightVizNode", "source": map[string]any{"kind": "TrendsQuery", "series": []any{map[string]any{"kind": "EventsNode", "event": "$pageview"}}}}
	in := m.do("POST", ins, map[string]any{"name": "Pageviews", "query": q}).want(t, 201).obj()
	if in["id"] != 1.0 || !regexp.MustCompile(`^[A-Za-z0-9]{8}$`).MatchString(in["short_id"].(string)) {
		t.Errorf("ids %v %v", in["id"], in["short_id"])
	}
	for k, want := range map[string]any{"saved": false, "favorited": false, "deleted": false, "is_sample": false, "order": nil,
		"description": nil, "derived_name": nil, "result": nil, "is_cached": false, "last_refresh": nil, "timezone": nil, "hogql": nil} {
		if v, ok := in[k]; !ok || v != want {
			t.Errorf("%s = %v (present %v), want %v", k, v, ok, want)
		}
	}
	if _, ok := in["filters"].(map[string]any); !ok || in["filters_hash"] == nil {
		t.Errorf("filters %v filters_hash %v", in["filters"], in["filters_hash"])
	}
	path := ins + "1/"
	miss := m.do("GET", path+"?refresh=force_cache", nil).want(t, 200).obj()
	if miss["result"] != nil || miss["is_cached"] != false || miss["timezone"] != "UTC" || miss["last_viewed_at"] != nil {
		t.Errorf("cache miss %v %v %v", miss["result"], miss["is_cached"], miss["timezone"])
	}
	for _, mode := range []string{"true", "blocking", "force_blocking"} {
		calc := m.do("GET", path+"?refresh="+mode, nil).want(t, 200).obj()
		res, _ := calc["result"].([]any)
		if len(res) != 1 || calc["last_refresh"] == nil || calc["hogql"] == nil || calc["columns"] == nil || calc["types"] == nil {
			t.Errorf("refresh=%s: %v", mode, calc)
		}
	}
	if r := m.do("GET", path+"?refresh=async_except_on_cache_miss", nil).want(t, 200).obj(); r["result"] != nil {
		t.Error("async_except_on_cache_miss is cache-only")
	}
	basic := m.do("GET", path+"?basic=true", nil).want(t, 200)
	if got := strings.Join(keys(nil, basic.raw), ","); got != "id,short_id,name,derived_name,filters,query,dashboards,dashboard_tiles,description,last_refresh,refreshing,saved,tags,updated_at,created_by,created_at,last_modified_at,favorited,user_access_level,last_viewed_at" {
		t.Errorf("basic keys %s", got)
	}
	m.do("PATCH", path, map[string]any{"deleted": true}).want(t, 200)
	m.do("GET", path, nil).wantError(t, 404, "invalid_request", "not_found", "Not found.", nil)
	m.do("PATCH", path, map[string]any{"deleted": false}).want(t, 200)
	m.do("GET", ins+"abc/", nil).wantError(t, 404, "invalid_request", "not_found", "Not found.", nil)
	d := m.do("DELETE", path, nil).want(t, 405)
	if len(d.raw) != 0 {
		t.Errorf("DELETE body %q", d.raw)
	}
}

func TestInsightListFiltersAndCSV(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	m.do("POST", ins, map[string]any{"name": "Signups", "saved": true, "description": "Weekly signups"}).want(t, 201)
	m.do("POST", ins, map[string]any{"name": "Funnel", "favorited": true, "query": map[string]any{"kind": "InsightVizNode",
		"source": map[string]any{"kind": "FunnelsQuery", "series": []any{}}}}).want(t, 201)
	short := m.do("GET", ins+"2/", nil).want(t, 200).obj()["short_id"].(string)
	count := func(q string) any { return m.do("GET", ins+"?"+q, nil).want(t, 200).obj()["count"] }
	for q, want := range map[string]float64{"short_id=" + short: 1, "saved=true": 1, "favorited=true": 1, "search=weekly": 1,
		"insight=FUNNELS": 1, "insight=TRENDS": 0, "created_by=1": 2, "created_by=9": 0} {
		if got := count(q); got != want {
			t.Errorf("%s: %v, want %v", q, got, want)
		}
	}
	res := m.do("GET", ins+"?order=-name", nil).want(t, 200).obj()["results"].([]any)
	if res[0].(map[string]any)["name"] != "Signups" {
		t.Errorf("order=-name first %v", res[0].(map[string]any)["name"])
	}
	csv := m.do("GET", ins+"?format=csv&basic=true", nil).want(t, 200)
	if csv.header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(csv.header.Get("Vary"), "Accept") {
		t.Errorf("headers %v", csv.header)
	}
	lines := strings.Split(string(csv.raw), "\r\n")
	if len(lines) != 3 || lines[2] != "" || !strings.HasPrefix(lines[0], "count,next,previous,results.0.created_at,") {
		t.Fatalf("csv %q", csv.raw)
	}
	if !strings.Contains(lines[1], ",True,") || !strings.HasPrefix(lines[1], "2,,,") {
		t.Errorf("csv row %q", lines[1])
	}
	one := m.do("GET", ins+"1/", nil, "Accept", "text/csv").want(t, 200)
	if !strings.HasPrefix(string(one.raw), "alerts") && !strings.HasPrefix(string(one.raw), "cache_target_age") {
		t.Errorf("Accept: text/csv retrieve %q", one.raw[:40])
	}
}

// An insight list shows each insight's alerts and dashboards as they are
// now: the listed views are kept between requests, and made again when an
// alert or a dashboard changes.
func TestInsightListFollowsAlertsAndDashboards(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	in := m.trendsInsight("Pageviews")
	list := func() map[string]any {
		t.Helper()
		for _, it := range m.do("GET", insEnv+"?limit=10", nil).want(t, 200).obj()["results"].([]any) {
			if o := it.(map[string]any); idOf(o) == idOf(in) {
				return o
			}
		}
		t.Fatalf("insight %s not listed", idOf(in))
		return nil
	}
	for range 2 {
		if got := list(); len(got["alerts"].([]any)) != 0 || dashboardIDs(got) != "[]" {
			t.Fatalf("new insight listed with alerts %v, dashboards %s", got["alerts"], dashboardIDs(got))
		}
	}
	a := m.do("POST", alertsEnv, map[string]any{"insight": in["id"], "name": "Drop", "subscribed_users": []any{1}}).want(t, 201).obj()
	if got := list()["alerts"].([]any); len(got) != 1 || idOf(got[0].(map[string]any)) != idOf(a) {
		t.Fatalf("after an alert was created, listed alerts %v", got)
	}
	m.do("PATCH", alertsEnv+idOf(a)+"/", map[string]any{"name": "Dropped"}).want(t, 200)
	if got := list()["alerts"].([]any); len(got) != 1 || got[0].(map[string]any)["name"] != "Dropped" {
		t.Fatalf("after the alert was renamed, listed alerts %v", got)
	}
	d := m.do("POST", dashEnv, map[string]any{"name": "Growth"}).want(t, 201).obj()
	if got := dashboardIDs(list()); got != "[]" {
		t.Fatalf("a dashboard without its tile: listed dashboards %s", got)
	}
	m.do("PATCH", insEnv+idOf(in)+"/", map[string]any{"dashboards": []any{d["id"]}}).want(t, 200)
	if got := dashboardIDs(list()); got != "["+idOf(d)+"]" {
		t.Fatalf("after the insight was put on a dashboard, listed dashboards %s", got)
	}
	m.do("PATCH", dashEnv+idOf(d)+"/", map[string]any{"deleted": true}).want(t, 200)
	if got := dashboardIDs(list()); got != "[]" {
		t.Fatalf("after the dashboard was deleted, listed dashboards %s", got)
	}
}
