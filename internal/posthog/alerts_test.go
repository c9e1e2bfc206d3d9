package posthog_test

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver"
)

const alertsEnv = "/api/environments/1/alerts/"

// trendsInsight creates an insight alerts can watch (a trends query:
// posthog/models/alert.py are_alerts_supported_for_insight).
func (m *mock) trendsInsight(name string) map[string]any {
	m.t.Helper()
	return m.do("POST", insEnv, map[string]any{"name": name, "query": map[string]any{"kind": "InsightVizNode",
		"source": map[string]any{"kind": "TrendsQuery", "series": []any{map[string]any{"kind": "EventsNode", "event": "$pageview"}},
			"trendsFilter": map[string]any{"display": "BoldNumber"}}}}).want(m.t, 201).obj()
}

// posthog/api/alert.py AlertSerializer: the insight and the subscribed
// users are primary keys, checked; defaults; rendering.
func TestAlertCreateChecksItsInsight(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	in := m.trendsInsight("Signups")
	plain := m.do("POST", insEnv, map[string]any{"name": "SQL", "query": map[string]any{"kind": "HogQLQuery", "query": "select 1"}}).want(t, 201).obj()
	gone := m.trendsInsight("Gone")
	m.do("PATCH", insEnv+idOf(gone)+"/", map[string]any{"deleted": true}).want(t, 200)

	for _, c := range []struct {
		name   string
		body   map[string]any
		code   string
		detail string
		attr   string
	}{
		{"missing insight", map[string]any{"insight": 99, "subscribed_users": []any{1}}, "does_not_exist", `Invalid pk "99" - object does not exist.`, "insight"},
		{"soft-deleted insight", map[string]any{"insight": gone["id"], "subscribed_users": []any{1}}, "does_not_exist", fmt.Sprintf(`Invalid pk "%v" - object does not exist.`, gone["id"]), "insight"},
		{"insight without a trends query", map[string]any{"insight": plain["id"], "subscribed_users": []any{1}}, "invalid_input", "Alerts are not supported for this insight.", "insight"},
		{"unknown user", map[string]any{"insight": in["id"], "subscribed_users": []any{1, 7}}, "does_not_exist", `Invalid pk "7" - object does not exist.`, "subscribed_users"},
		{"no subscribed_users", map[string]any{"insight": in["id"]}, "required", "This field is required.", "subscribed_users"},
		{"unknown condition type", map[string]any{"insight": in["id"], "subscribed_users": []any{1}, "condition": map[string]any{"type": "above"}}, "invalid_choice", `"above" is not a valid choice.`, "condition__type"},
		{"unknown interval", map[string]any{"insight": in["id"], "subscribed_users": []any{1}, "calculation_interval": "yearly"}, "invalid_choice", `"yearly" is not a valid choice.`, "calculation_interval"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m.do("POST", alertsEnv, c.body).wantError(t, 400, "validation_error", c.code, c.detail, c.attr)
		})
	}

	a := m.do("POST", alertsEnv, map[string]any{"insight": in["id"], "name": "Signups dropped", "subscribed_users": []any{1, 2},
		"condition": map[string]any{"type": "relative_decrease"}, "calculation_interval": "hourly",
		"threshold": map[string]any{"configuration": map[string]any{"type": "percentage", "bounds": map[string]any{"lower": 0.2}}}}).want(t, 201).obj()
	want := map[string]any{"state": "Not firing", "enabled": true, "calculation_interval": "hourly", "skip_weekend": false, "snoozed_until": nil,
		"last_notified_at": nil, "checks": "[]", "insight.id": in["id"], "insight.name": "Signups", "subscribed_users.1.email": "grace@example.com",
		"threshold.configuration.type": "percentage", "condition.type": "relative_decrease", "created_by.email": "ada@example.com"}
	for k, v := range want {
		if got := dig(a, k); fmt.Sprint(got) != fmt.Sprint(v) {
			t.Errorf("%s = %v, want %v", k, got, v)
		}
	}
	shown := m.do("GET", insEnv+idOf(in)+"/", nil).want(t, 200).obj()
	if dig(shown, "alerts.0.id") != a["id"] || len(shown["alerts"].([]any)) != 1 {
		t.Errorf("the insight's alerts: %v", shown["alerts"])
	}
	if th, _ := a["threshold"].(map[string]any); th["id"] == nil || th["created_at"] == nil {
		t.Errorf("threshold %v", a["threshold"])
	}
}

// dig reads a dotted path of map keys and list indexes.
func dig(v any, path string) any {
	for _, k := range splitDots(path) {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			var i int
			fmt.Sscan(k, &i)
			if i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func splitDots(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

// AlertSerializer.update and AlertConfiguration.save: new settings or a
// disabled alert start again (Not firing); snoozing sets Snoozed; the list
// filters by insight, newest first.
func TestAlertLifecycle(t *testing.T) {
	at := clock
	m := newMock(t, mockserver.Options{EmptyState: true, Now: func() time.Time { at = at.Add(time.Second); return at }})
	in := m.trendsInsight("Pageviews")
	other := m.trendsInsight("Other")
	a := m.do("POST", alertsEnv, map[string]any{"insight": in["id"], "subscribed_users": []any{1},
		"threshold": map[string]any{"configuration": map[string]any{"type": "absolute", "bounds": map[string]any{"upper": 100}}}}).want(t, 201).obj()
	b := m.do("POST", "/api/projects/1/alerts/", map[string]any{"insight": other["id"], "subscribed_users": []any{2}}).want(t, 201).obj()
	item := alertsEnv + idOf(a) + "/"

	steps := []struct {
		name  string
		patch map[string]any
		want  map[string]any
	}{
		{"snooze", map[string]any{"snoozed_until": "2025-06-11T09:00:00Z"}, map[string]any{"state": "Snoozed", "snoozed_until": "2025-06-11T09:00:00Z"}},
		{"unsnooze", map[string]any{"snoozed_until": nil}, map[string]any{"state": "Not firing"}},
		{"new threshold keeps its id", map[string]any{"threshold": map[string]any{"configuration": map[string]any{"type": "absolute", "bounds": map[string]any{"upper": 50}}}},
			map[string]any{"threshold.id": dig(a, "threshold.id"), "threshold.configuration.bounds.upper": 50}},
		{"threshold removed", map[string]any{"threshold": map[string]any{}}, map[string]any{"threshold": nil}},
		{"disable", map[string]any{"enabled": false}, map[string]any{"enabled": false, "state": "Not firing"}},
		{"resubscribe", map[string]any{"subscribed_users": []any{2}}, map[string]any{"subscribed_users.0.id": 2}},
		{"move to another insight", map[string]any{"insight": other["id"]}, map[string]any{"insight.name": "Other"}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			got := m.do("PATCH", item, s.patch).want(t, 200).obj()
			again := m.do("GET", "/api/projects/1/alerts/"+idOf(a)+"/", nil).want(t, 200).obj()
			for k, v := range s.want {
				if fmt.Sprint(dig(got, k)) != fmt.Sprint(v) || fmt.Sprint(dig(again, k)) != fmt.Sprint(v) {
					t.Errorf("%s = %v (read again: %v), want %v", k, dig(got, k), dig(again, k), v)
				}
			}
		})
	}
	m.do("PATCH", item, map[string]any{"insight": 404}).wantError(t, 400, "validation_error", "does_not_exist", `Invalid pk "404" - object does not exist.`, "insight")

	list := m.do("GET", alertsEnv, nil).want(t, 200).obj()
	if list["count"] != float64(2) || idOf(dig(list, "results.0").(map[string]any)) != idOf(b) {
		t.Errorf("list newest first: %v", list)
	}
	only := m.do("GET", alertsEnv+"?insight="+idOf(in), nil).want(t, 200).obj()
	if only["count"] != float64(0) {
		t.Errorf("?insight= kept %v", only["count"])
	}
	only = m.do("GET", alertsEnv+"?insight="+idOf(other), nil).want(t, 200).obj()
	if only["count"] != float64(2) {
		t.Errorf("?insight= kept %v, want both (the first moved)", only["count"])
	}

	m.do("DELETE", item, nil).want(t, 204)
	m.do("GET", item, nil).wantError(t, 404, "invalid_request", "not_found", "Not found.", nil)
	m.do("GET", alertsEnv+"not-a-uuid/", nil).want(t, 404)
}

// What an alert notifies is a hog function of type internal_destination
// filtered on $insight_alert_firing for the alert's id (PostHog's alert
// destinations, frontend/src/lib/components/Alerts): a client finds them
// with the hog functions' filters containment parameter.
func TestAlertNotifiesHogFunctions(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	in := m.trendsInsight("Pageviews")
	a := m.do("POST", alertsEnv, map[string]any{"insight": in["id"], "subscribed_users": []any{1}}).want(t, 201).obj()
	filters := func(alert string) map[string]any {
		return map[string]any{"events": []any{map[string]any{"id": "$insight_alert_firing", "type": "events"}},
			"properties": []any{map[string]any{"key": "alert_id", "value": alert, "operator": "exact", "type": "event"}}}
	}
	fn := m.createHog(map[string]any{"type": "internal_destination", "name": "Alert to Slack", "hog": "fetch(inputs.url)",
		"inputs_schema": []any{map[string]any{"key": "url", "type": "string", "label": "URL"}},
		"inputs":        map[string]any{"url": map[string]any{"value": "https://hooks.slack.com/x"}}, "filters": filters(idOf(a))})
	m.createHog(map[string]any{"type": "internal_destination", "name": "Another alert", "hog": "return event",
		"filters": filters("00000000-0000-4000-8000-000000000000")})
	q := url.Values{"type": {"internal_destination"}, "filters": {`{"properties":[{"key":"alert_id","value":"` + idOf(a) + `"}]}`}}
	got := m.do("GET", hf+"?"+q.Encode(), nil).want(t, 200).obj()
	if got["count"] != float64(1) || dig(got, "results.0.id") != fn["id"] {
		t.Errorf("the alert's destinations: %v", got["results"])
	}
}
