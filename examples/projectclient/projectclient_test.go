package projectclient_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"testing"

	"github.com/mockserver-go/mockserver"
	"github.com/mockserver-go/mockserver/examples/projectclient"
	"github.com/mockserver-go/mockserver/mockservertest"
)

// newClient starts a mock with the default options (seeded like a real
// project) and a client that reads lists one item per page, so that every
// list follows next links.
func newClient(t *testing.T) (*projectclient.Client, *mockservertest.Server) {
	t.Helper()
	s := mockservertest.NewInProcess(t, mockserver.Options{})
	c := projectclient.New(s.URL, "phx_anything", "1", s.Client())
	c.PageSize = 1
	return c, s
}

func notFound(err error) bool {
	var e *projectclient.APIError
	return errors.As(err, &e) && e.Status == 404 && e.Code == "not_found"
}

// lifecycle is one family's run: what to create and what to change.
type lifecycle struct {
	family projectclient.Family
	create map[string]any
	update map[string]any
}

// TestFamilyLifecycles manages each family through its whole lifecycle:
// create, read, update, list with paging, delete, read after delete, and
// import by id with a client that never saw the object.
func TestFamilyLifecycles(t *testing.T) {
	t.Parallel()
	runs := []lifecycle{
		{projectclient.Dashboards, map[string]any{"name": "Growth", "description": "weekly"}, map[string]any{"pinned": true}},
		{projectclient.Insights, map[string]any{"name": "Pageviews", "query": map[string]any{"kind": "InsightVizNode",
			"source": map[string]any{"kind": "TrendsQuery", "series": []any{map[string]any{"kind": "EventsNode", "event": "$pageview"}}}}},
			map[string]any{"description": "all pageviews"}},
		{projectclient.FeatureFlags, map[string]any{"key": "new-checkout", "filters": map[string]any{"groups": []any{map[string]any{"properties": []any{}, "rollout_percentage": 10}}}},
			map[string]any{"active": false}},
		{projectclient.Actions, map[string]any{"name": "Signed up", "steps": []any{map[string]any{"event": "$pageview", "url": "/welcome"}}}, map[string]any{"description": "signup page"}},
		{projectclient.Cohorts, map[string]any{"name": "Power users", "is_static": true}, map[string]any{"description": "top 1%"}},
		{projectclient.Annotations, map[string]any{"content": "v2 shipped", "date_marker": "2025-06-01T00:00:00Z", "scope": "project"}, map[string]any{"content": "v2.0 shipped"}},
		{projectclient.Surveys, map[string]any{"name": "NPS", "type": "popover", "questions": []any{map[string]any{"type": "open", "question": "Anything to tell us?"}}},
			map[string]any{"archived": true}},
		{projectclient.HogFunctions, map[string]any{"name": "Webhook", "hog": "return event"}, map[string]any{"enabled": true}},
		{projectclient.Roles, map[string]any{"name": "Data"}, map[string]any{"name": "Data team"}},
		// The seeded project's insight 1 is a trends insight: alerts can watch it.
		{projectclient.Alerts, map[string]any{"insight": 1, "subscribed_users": []any{1}, "name": "Pageviews dropped",
			"condition": map[string]any{"type": "absolute_value"}}, map[string]any{"calculation_interval": "hourly"}},
	}
	for _, r := range runs {
		t.Run(r.family.Path, func(t *testing.T) {
			t.Parallel()
			c, s := newClient(t)
			ctx := context.Background()
			o, err := c.Create(ctx, r.family, r.create)
			if err != nil {
				t.Fatal(err)
			}
			id := o.ID()
			if got, err := c.Get(ctx, r.family, id); err != nil || got.ID() != id {
				t.Fatalf("read %v, %v", got.ID(), err)
			}
			u, err := c.Update(ctx, r.family, id, r.update)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range r.update {
				if fmt.Sprint(u[k]) != fmt.Sprint(v) {
					t.Errorf("%s = %v after update, want %v", k, u[k], v)
				}
			}
			all, err := c.List(ctx, r.family, nil)
			if err != nil {
				t.Fatal(err)
			}
			listed := false
			for _, x := range all {
				listed = listed || x.ID() == id
			}
			if !listed || len(all) < 2 {
				t.Errorf("listed %d objects one page at a time; ours among them: %v", len(all), listed)
			}

			// Import by id: a fresh client finds the object as it was left.
			other := projectclient.New(s.URL, "phx_other", "1", s.Client())
			imported, err := other.Get(ctx, r.family, id)
			if err != nil {
				t.Fatalf("import by id: %v", err)
			}
			for k, v := range u {
				if fmt.Sprint(imported[k]) != fmt.Sprint(v) {
					t.Errorf("import by id: %s = %v, the update answered %v", k, imported[k], v)
				}
			}

			if err := c.Delete(ctx, r.family, id); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Get(ctx, r.family, id); !notFound(err) {
				t.Errorf("read after delete: %v, want 404 not_found", err)
			}
			after, err := c.List(ctx, r.family, nil)
			if err != nil || len(after) != len(all)-1 {
				t.Errorf("after delete %d listed (%v), want %d", len(after), err, len(all)-1)
			}
		})
	}
}

// TestInsightOnDashboardWithAlert is the run a client makes across
// families: an insight placed on a dashboard, an alert on the insight and
// the hog function the alert notifies; deleting the insight takes its tile
// off the dashboard.
func TestInsightOnDashboardWithAlert(t *testing.T) {
	t.Parallel()
	c, _ := newClient(t)
	ctx := context.Background()
	d, err := c.Create(ctx, projectclient.Dashboards, map[string]any{"name": "KPIs"})
	if err != nil {
		t.Fatal(err)
	}
	in, err := c.Create(ctx, projectclient.Insights, map[string]any{"name": "Signups", "dashboards": []any{d["id"]},
		"query": map[string]any{"kind": "TrendsQuery", "series": []any{map[string]any{"kind": "EventsNode", "event": "signed_up"}}}})
	if err != nil {
		t.Fatal(err)
	}
	board, err := c.Get(ctx, projectclient.Dashboards, d.ID())
	if err != nil {
		t.Fatal(err)
	}
	tiles, _ := board["tiles"].([]any)
	if len(tiles) != 1 || fmt.Sprint(tiles[0].(map[string]any)["insight"].(map[string]any)["id"]) != in.ID() {
		t.Fatalf("dashboard tiles %v", board["tiles"])
	}

	a, err := c.Create(ctx, projectclient.Alerts, map[string]any{"insight": in["id"], "name": "Signups dropped", "subscribed_users": []any{1},
		"condition": map[string]any{"type": "absolute_value"},
		"threshold": map[string]any{"configuration": map[string]any{"type": "absolute", "bounds": map[string]any{"lower": 10}}}})
	if err != nil {
		t.Fatal(err)
	}
	fn, err := c.Create(ctx, projectclient.HogFunctions, map[string]any{"type": "internal_destination", "name": "Alert to Slack", "hog": "return event",
		"filters": map[string]any{"events": []any{map[string]any{"id": "$insight_alert_firing", "type": "events"}},
			"properties": []any{map[string]any{"key": "alert_id", "value": a.ID(), "operator": "exact", "type": "event"}}}})
	if err != nil {
		t.Fatal(err)
	}
	q := url.Values{"type": {"internal_destination"}, "filters": {`{"properties":[{"key":"alert_id","value":"` + a.ID() + `"}]}`}}
	notify, err := c.List(ctx, projectclient.HogFunctions, q)
	if err != nil || len(notify) != 1 || notify[0].ID() != fn.ID() {
		t.Fatalf("the alert's destinations: %v, %v", notify, err)
	}
	alerts, err := c.List(ctx, projectclient.Alerts, url.Values{"insight": {in.ID()}})
	if err != nil || len(alerts) != 1 {
		t.Fatalf("alerts of the insight: %d, %v", len(alerts), err)
	}

	if err := c.Delete(ctx, projectclient.Insights, in.ID()); err != nil {
		t.Fatal(err)
	}
	board, _ = c.Get(ctx, projectclient.Dashboards, d.ID())
	if tiles, _ := board["tiles"].([]any); len(tiles) != 0 {
		t.Errorf("deleted insight still on the dashboard: %v", tiles)
	}
	var apiErr *projectclient.APIError
	_, err = c.Create(ctx, projectclient.Alerts, map[string]any{"insight": in["id"], "subscribed_users": []any{1}})
	if !errors.As(err, &apiErr) || apiErr.Status != 400 || apiErr.Attr != "insight" {
		t.Errorf("alert on a deleted insight: %v", err)
	}
}

// TestProjectSettings manages projects as an infrastructure-as-code tool
// does: create one, read and change its settings, list them a page at a
// time, import by id. PostHog's API deletes no project here.
func TestProjectSettings(t *testing.T) {
	t.Parallel()
	c, s := newClient(t)
	ctx := context.Background()
	p, err := c.Create(ctx, projectclient.Projects, map[string]any{"name": "Staging"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := c.Update(ctx, projectclient.Projects, p.ID(), map[string]any{"name": "Staging EU", "anonymize_ips": true})
	if err != nil || u["name"] != "Staging EU" || u["anonymize_ips"] != true {
		t.Fatalf("settings %v %v, %v", u["name"], u["anonymize_ips"], err)
	}
	all, err := c.List(ctx, projectclient.Projects, nil)
	if err != nil || len(all) < 2 {
		t.Fatalf("%d projects, %v", len(all), err)
	}
	current, err := c.Get(ctx, projectclient.Projects, "@current")
	if err != nil || current.ID() != "1" {
		t.Fatalf("current project %v, %v", current.ID(), err)
	}
	org := current["organization"]
	for _, x := range all {
		if x["organization"] != org {
			t.Errorf("project %v in organisation %v, the current one's is %v", x.ID(), x["organization"], org)
		}
	}
	imported, err := projectclient.New(s.URL, "phx_other", "1", s.Client()).Get(ctx, projectclient.Projects, p.ID())
	if err != nil || imported["name"] != "Staging EU" {
		t.Errorf("import by id %v, %v", imported["name"], err)
	}
}

// TestRolesMembersAndAccess is the access set-up a client makes: a role
// with a member of the organisation in it, given editor access to a
// dashboard; then taken back.
func TestRolesMembersAndAccess(t *testing.T) {
	t.Parallel()
	c, _ := newClient(t)
	ctx := context.Background()
	members, err := c.List(ctx, projectclient.Members, nil)
	if err != nil || len(members) != 2 {
		t.Fatalf("%d members, %v", len(members), err)
	}
	role, err := c.Create(ctx, projectclient.Roles, map[string]any{"name": "Analysts"})
	if err != nil {
		t.Fatal(err)
	}
	grace := members[1]
	uuid := grace["user"].(map[string]any)["uuid"].(string)
	rm := projectclient.RoleMemberships(role.ID())
	ms, err := c.Create(ctx, rm, map[string]any{"user_uuid": uuid})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Create(ctx, rm, map[string]any{"user_uuid": uuid}); err == nil {
		t.Error("the same member twice in a role")
	}
	if got, err := c.Get(ctx, projectclient.Roles, role.ID()); err != nil || len(got["members"].([]any)) != 1 {
		t.Fatalf("role members %v, %v", got["members"], err)
	}
	// A member's level changes; a role's member is listed with it.
	if u, err := c.Update(ctx, projectclient.Members, uuid, map[string]any{"level": 1}); err != nil || u["level"] != 1.0 {
		t.Errorf("member level %v, %v", u["level"], err)
	}
	if l, err := c.List(ctx, rm, nil); err != nil || len(l) != 1 || l[0].ID() != ms.ID() {
		t.Errorf("memberships %v, %v", l, err)
	}

	d, err := c.Create(ctx, projectclient.Dashboards, map[string]any{"name": "Finance"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SetAccess(ctx, projectclient.Dashboards, d.ID(), map[string]any{"role": role.ID(), "access_level": "editor"}); err != nil {
		t.Fatal(err)
	}
	ac, err := c.AccessControls(ctx, projectclient.Dashboards, d.ID())
	entries, _ := ac["access_controls"].([]any)
	if err != nil || len(entries) != 1 || entries[0].(map[string]any)["role"] != role.ID() {
		t.Fatalf("access controls %v, %v", ac, err)
	}
	if err := c.SetAccess(ctx, projectclient.Dashboards, d.ID(), map[string]any{"role": role.ID(), "access_level": nil}); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(ctx, rm, ms.ID()); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.Get(ctx, projectclient.Roles, role.ID()); len(got["members"].([]any)) != 0 {
		t.Errorf("role members after removal %v", got["members"])
	}
	if err := c.Delete(ctx, projectclient.Roles, role.ID()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(ctx, projectclient.Roles, role.ID()); !notFound(err) {
		t.Errorf("read after delete: %v", err)
	}
}
