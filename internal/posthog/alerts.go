package posthog

import (
	"fmt"

	"github.com/mockserver-go/mockserver/plugin"
)

// Alerts watch an insight and notify users (and, through hog functions of
// type internal_destination filtered on $insight_alert_firing, anything a
// destination reaches). Source: posthog/api/alert.py (AlertSerializer:
// insight and subscribed_users as primary keys, threshold, condition,
// calculation_interval, snoozed_until; AlertViewSet: newest first,
// ?insight=) and posthog/models/alert.py (are_alerts_supported_for_insight,
// defaults).

const (
	alertNotFiring = "Not firing"
	alertSnoozed   = "Snoozed"
)

func doesNotExist(attr string, id any) error {
	return plugin.Invalid(attr, "does_not_exist", fmt.Sprintf("Invalid pk \"%s\" - object does not exist.", idKey(id)))
}

// alertInsight checks the insight an alert is written with: it must be a
// live insight of the project (PostHog's Insight manager leaves
// soft-deleted ones out) whose query is a trends query.
func alertInsight(c plugin.Call, id any) error {
	insights, ok := c.Resource("insights")
	if !ok {
		return nil
	}
	in, found := insights.Get(idKey(id))
	if !found {
		return doesNotExist("insight", id)
	}
	q := obj(in["query"])
	if str(q["kind"]) == "InsightVizNode" {
		q = obj(q["source"])
	}
	if str(q["kind"]) != "TrendsQuery" {
		return plugin.Invalid("insight", "invalid_input", "Alerts are not supported for this insight.")
	}
	return nil
}

// alertUsers checks subscribed_users against the organisation's members.
func alertUsers(ids []any) error {
	for _, id := range ids {
		if n, _ := id.(float64); n != 1 && n != 2 {
			return doesNotExist("subscribed_users", id)
		}
	}
	return nil
}

func alertThreshold(c plugin.Call, t any, key string) any {
	th := obj(t)
	if len(th) == 0 {
		return nil
	}
	out := map[string]any{"id": c.Fake("alert/threshold/" + key).UUID(), "created_at": ts(now(c)), "name": "",
		"configuration": plugin.Clone(th["configuration"])}
	if name, ok := th["name"].(string); ok {
		out["name"] = name
	}
	return out
}

func alertCreate(c plugin.Call, a, body map[string]any) error {
	if i := seedIndex(c); i >= 0 {
		// A seeded alert watches a seeded trends insight, named by its
		// fixed id (seed.go); its id is one the seeded hog function that
		// notifies it knows.
		body = seedAlert(i)
		for k, v := range body {
			a[k] = v
		}
		a["id"] = seedAlertID(c, i)
		a["insight"], a["subscribed_users"] = map[string]any{"id": body["insight"]}, usersOf(list(body["subscribed_users"]))
	} else {
		if err := alertInsight(c, body["insight"]); err != nil {
			return err
		}
		if err := alertUsers(list(body["subscribed_users"])); err != nil {
			return err
		}
		// Written as ids, answered as objects: stored in the answer's shape
		// ({"id": …} and users), filled in when shown.
		a["insight"], a["subscribed_users"] = map[string]any{"id": body["insight"]}, usersOf(list(body["subscribed_users"]))
	}
	id := str(a["id"])
	a["created_by"] = user(0)
	a["threshold"] = alertThreshold(c, body["threshold"], id)
	defaults := map[string]any{"name": "", "condition": map[string]any{}, "enabled": true, "config": nil,
		"calculation_interval": "daily", "snoozed_until": nil, "skip_weekend": false}
	for k, v := range defaults {
		if _, sent := body[k]; !sent {
			a[k] = v
		}
	}
	a["state"] = alertNotFiring
	a["last_notified_at"], a["last_checked_at"], a["next_check_at"] = nil, nil, nil
	a["checks"] = []any{}
	return nil
}

func alertUpdate(c plugin.Call, old, a, patch map[string]any) error {
	a["insight"], a["subscribed_users"] = old["insight"], old["subscribed_users"]
	if v, sent := patch["insight"]; sent {
		if err := alertInsight(c, v); err != nil {
			return err
		}
		a["insight"] = map[string]any{"id": v}
	}
	if v, sent := patch["subscribed_users"]; sent {
		if err := alertUsers(list(v)); err != nil {
			return err
		}
		a["subscribed_users"] = usersOf(list(v))
	}
	changed := false
	if v, sent := patch["threshold"]; sent {
		th := obj(v)
		switch prev := obj(old["threshold"]); {
		case len(th) == 0:
			a["threshold"], changed = nil, prev != nil
		case prev != nil:
			next := plugin.CloneObject(prev)
			for k, x := range th {
				if k == "name" || k == "configuration" {
					next[k] = plugin.Clone(x)
				}
			}
			a["threshold"], changed = next, !plugin.Equal(prev["configuration"], next["configuration"])
		default:
			a["threshold"], changed = alertThreshold(c, th, str(a["id"])), true
		}
	}
	if v, sent := patch["condition"]; sent && !plugin.Equal(v, old["condition"]) {
		changed = true
	}
	if changed {
		// New settings: the alert starts again, checked at once.
		a["state"], a["next_check_at"] = alertNotFiring, nil
	}
	if v, sent := patch["calculation_interval"]; sent && v != old["calculation_interval"] {
		a["next_check_at"] = nil
	}
	if v, sent := patch["snoozed_until"]; sent {
		if v == nil {
			a["state"] = alertNotFiring
		} else {
			a["state"] = alertSnoozed
		}
	}
	if on, _ := a["enabled"].(bool); !on {
		a["state"] = alertNotFiring // AlertConfiguration.save
	}
	return nil
}

// alertView renders the insight as InsightBasicSerializer and the
// subscribed users as UserBasicSerializer.
func alertView(c plugin.Call, a map[string]any, _ bool) map[string]any {
	out := plugin.CloneObject(a)
	id := obj(a["insight"])["id"]
	basic := map[string]any{"id": id}
	if insights, ok := c.Resource("insights"); ok {
		if in, found := insights.Get(idKey(id)); found {
			for _, k := range basicFields {
				basic[k] = in[k]
			}
			linkedDashboards(c, basic, in["id"])
		}
	}
	out["insight"] = basic
	return out
}

// usersOf are the organisation's members of the ids (checked before).
func usersOf(ids []any) []any {
	users := []any{}
	for _, id := range ids {
		n, _ := id.(float64)
		users = append(users, user(int(n)-1))
	}
	return users
}

// alertList keeps the alerts of ?insight= (AlertViewSet.safely_get_queryset).
func alertList(c plugin.Call, items []plugin.Item) ([]plugin.Item, error) {
	want := c.Query().Get("insight")
	if want == "" {
		return items, nil
	}
	kept := items[:0:0]
	for _, it := range items {
		if idKey(obj(it.Field("insight"))["id"]) == want {
			kept = append(kept, it)
		}
	}
	return kept, nil
}

// insightAlerts are the alerts watching an insight, as the insight shows
// them (InsightSerializer's alerts).
func insightAlerts(c plugin.Call, insightID any) []any {
	out := []any{}
	alerts, ok := c.Resource("alerts")
	if !ok {
		return out
	}
	want := idKey(insightID)
	for _, a := range alerts.All() {
		if idKey(obj(a["insight"])["id"]) == want {
			out = append(out, map[string]any{"id": a["id"], "name": a["name"], "enabled": a["enabled"], "state": a["state"],
				"condition": a["condition"], "calculation_interval": a["calculation_interval"]})
		}
	}
	return out
}
