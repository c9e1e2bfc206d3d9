package posthog

import (
	"strconv"

	"github.com/mockserver-go/mockserver/plugin"
)

// A seeded project is one small product's analytics, the same under every
// seed but for ids the engine draws and timestamps (docs/posthog-fidelity.md,
// "Seed data"). Its objects name each other by ids fixed here rather than
// by reading the other collection while seeding: a read seeds nothing in
// the store (a collection read before it is written is answered from a
// seed made on the side), so a seeding hook that read another collection
// would store it during a read. Every collection starts from the first
// id (1, 2, 3 for integer ids), so the fixed ids are those of the other
// collection's seed.
//
//   insights    1 Daily pageviews (trends), 2 Signup funnel (funnel), 3 Weekly active users (trends)
//   dashboards  1 Product overview (insights 1, 3), 2 Growth (2, 3), 3 Website traffic (1): tiles 1-5
//   alerts      on insights 1, 3 and 1 (trends only, as PostHog allows); ids from seedAlertID
//   hog fns     the third is the internal_destination that notifies the first alert
//   flags       1 new-onboarding-flow, 2 pricing-page-v2, 3 beta-dashboards
//   surveys     on flags 1 and 2, and an NPS survey without one
//   annotations the third marks insight 1

// seedLayouts places a tile on the dashboard grid as PostHog's frontend
// stores it: one layout per breakpoint.
func seedLayouts(x, y, w, h int) map[string]any {
	return map[string]any{
		"sm": map[string]any{"x": float64(x), "y": float64(y), "w": float64(w), "h": float64(h), "minW": float64(3), "minH": float64(5)},
		"xs": map[string]any{"x": float64(0), "y": float64(y), "w": float64(1), "h": float64(h), "minW": float64(1), "minH": float64(5)},
	}
}

func seedTile(id, insight, order int, color any, layouts map[string]any) map[string]any {
	return map[string]any{"id": float64(id), "insight": map[string]any{"id": float64(insight)}, "layouts": layouts, "color": color, "order": float64(order)}
}

var seedDashboards = []map[string]any{
	{"name": "Product overview", "description": "The numbers we review every Monday", "pinned": true, "tags": []any{"product"},
		"tiles": []any{seedTile(1, 1, 0, "blue", seedLayouts(0, 0, 6, 5)), seedTile(2, 3, 1, nil, seedLayouts(6, 0, 6, 5))}},
	{"name": "Growth", "description": "Acquisition and activation", "pinned": false, "tags": []any{"growth"},
		"tiles": []any{seedTile(3, 2, 0, "green", seedLayouts(0, 0, 12, 6)), seedTile(4, 3, 1, nil, seedLayouts(0, 6, 6, 5))}},
	{"name": "Website traffic", "description": "", "pinned": false, "tags": []any{},
		"tiles": []any{seedTile(5, 1, 0, nil, seedLayouts(0, 0, 12, 5))}},
}

// seedDashboard fills a seeded dashboard; its tiles put the seeded
// insights on it (an insight's dashboards are read from them).
func seedDashboard(d map[string]any, i int) {
	for k, v := range plugin.CloneObject(seedDashboards[i%len(seedDashboards)]) {
		d[k] = v
	}
	d["created_by"] = user(i)
	d["last_viewed_at"] = d["created_at"]
	d["breakdown_colors"], d["data_color_theme_id"] = []any{}, nil
	d["restriction_level"], d["effective_restriction_level"], d["effective_privilege_level"] = float64(21), float64(21), float64(37)
}

// projectFields are what every object of a project carries the same way:
// its team, and what the caller (the project's admin) may do with it.
func projectFields(c plugin.Call, o map[string]any) {
	if n, err := strconv.Atoi(c.PathParam("project_id")); err == nil {
		o["team_id"] = float64(n)
	}
	o["user_access_level"] = "editor"
}

// seedAlertID is the id of the i-th seeded alert of the call's project:
// drawn from the seed under a key both the alert and the hog function that
// notifies it know.
func seedAlertID(c plugin.Call, i int) string {
	return c.Fake("posthog/seed/alert/" + c.PathParam("project_id") + "/" + strconv.Itoa(i)).UUID()
}

func seedThreshold(typ string, lower, upper any) map[string]any {
	return map[string]any{"configuration": map[string]any{"type": typ, "bounds": map[string]any{"lower": lower, "upper": upper}}}
}

var seedAlerts = []map[string]any{
	{"name": "Pageviews below 500 a day", "insight": float64(1), "subscribed_users": []any{float64(1), float64(2)},
		"condition": map[string]any{"type": "absolute_value"}, "threshold": seedThreshold("absolute", float64(500), nil),
		"calculation_interval": "daily", "enabled": true},
	{"name": "Weekly active users down 20%", "insight": float64(3), "subscribed_users": []any{float64(2)},
		"condition": map[string]any{"type": "relative_decrease"}, "threshold": seedThreshold("percentage", nil, 0.2),
		"calculation_interval": "weekly", "enabled": true},
	{"name": "Pageview spike", "insight": float64(1), "subscribed_users": []any{float64(1)},
		"condition": map[string]any{"type": "relative_increase"}, "threshold": seedThreshold("percentage", nil, 0.5),
		"calculation_interval": "hourly", "enabled": false},
}

func seedAlert(i int) map[string]any {
	a := plugin.CloneObject(seedAlerts[i%len(seedAlerts)])
	a["config"] = map[string]any{"type": "TrendsAlertConfig", "series_index": float64(0)}
	return a
}

// seedAlertDestination is the hog function that notifies the first seeded
// alert: an internal destination on $insight_alert_firing whose alert_id
// property is the alert's id, as PostHog's alert form creates it
// (frontend/src/lib/components/Alerts/views/AlertDestinationSelector.tsx).
func seedAlertDestination(c plugin.Call) map[string]any {
	return map[string]any{
		"type": "internal_destination", "name": "Alert to Slack #product-alerts", "description": "Posts when \"Pageviews below 500 a day\" fires",
		"enabled": true, "template_id": "template-slack",
		"inputs": map[string]any{
			"url":     map[string]any{"value": "https://hooks.slack.com/services/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"},
			"channel": map[string]any{"value": "#product-alerts"},
			"text":    map[string]any{"value": "Alert *{event.properties.alert_name}* is firing on {event.properties.insight_name}"},
		},
		"filters": map[string]any{
			"events":     []any{map[string]any{"id": "$insight_alert_firing", "type": "events"}},
			"properties": []any{map[string]any{"key": "alert_id", "value": seedAlertID(c, 0), "operator": "exact", "type": "event"}},
		},
	}
}

var seedFlags = []map[string]any{
	{"key": "new-onboarding-flow", "name": "New onboarding flow for signups", "tags": []any{"onboarding"},
		"filters": map[string]any{"groups": []any{map[string]any{"properties": []any{}, "rollout_percentage": float64(100)}}}},
	{"key": "pricing-page-v2", "name": "Redesigned pricing page", "tags": []any{"growth"},
		"filters": map[string]any{"groups": []any{map[string]any{"properties": []any{}, "rollout_percentage": float64(50)}}}},
	{"key": "beta-dashboards", "name": "Dashboards beta for our own team", "tags": []any{},
		"filters": map[string]any{"groups": []any{map[string]any{"rollout_percentage": float64(100), "properties": []any{
			map[string]any{"key": "email", "type": "person", "value": "@hedgebox.net", "operator": "icontains"}}}}}},
}

func seedFlag(i int) map[string]any { return plugin.CloneObject(seedFlags[i%len(seedFlags)]) }

var seedActions = []map[string]any{
	{"name": "Signed up", "description": "A new account", "tags": []any{"growth"},
		"steps": []any{map[string]any{"event": "user signed up"}}},
	{"name": "Viewed pricing page", "description": "", "tags": []any{},
		"steps": []any{map[string]any{"event": "$pageview", "url": "/pricing", "url_matching": "contains"}}},
	{"name": "Clicked Get started", "description": "The call to action on the home page", "tags": []any{},
		"steps": []any{map[string]any{"event": "$autocapture", "selector": "a.cta", "tag_name": "a", "text": "Get started", "text_matching": "exact",
			"url": "https://hedgebox.net/", "url_matching": "exact"}}},
}

func actionCreate(c plugin.Call, a, _ map[string]any) error {
	i := seedIndex(c)
	if i < 0 {
		a["created_by"] = user(0)
	} else {
		for k, v := range plugin.CloneObject(seedActions[i%len(seedActions)]) {
			a[k] = v
		}
		a["created_by"] = user(i)
		a["post_to_slack"], a["slack_message_format"], a["pinned_at"] = false, "", nil
	}
	a["is_calculating"], a["is_action"], a["bytecode_error"] = false, true, nil
	a["last_calculated_at"] = a["created_at"]
	projectFields(c, a)
	return nil
}

func cohortFilter(props ...any) map[string]any {
	return map[string]any{"properties": map[string]any{"type": "OR", "values": []any{map[string]any{"type": "AND", "values": props}}}}
}

var seedCohorts = []map[string]any{
	{"name": "Power users", "description": "Ten pageviews or more in the last 30 days", "is_static": false, "cohort_type": "behavioral", "count": float64(184),
		"filters": cohortFilter(map[string]any{"key": "$pageview", "type": "behavioral", "value": "performed_event_multiple", "event_type": "events",
			"operator": "gte", "operator_value": float64(10), "time_value": float64(30), "time_interval": "day", "negation": false})},
	{"name": "Hedgebox team", "description": "Our own accounts", "is_static": false, "cohort_type": "person_property", "count": float64(12),
		"filters": cohortFilter(map[string]any{"key": "email", "type": "person", "value": "@hedgebox.net", "operator": "icontains", "negation": false})},
	{"name": "Beta testers", "description": "Uploaded from the beta sign-up sheet", "is_static": true, "cohort_type": "static", "count": float64(48),
		"filters": nil},
}

func cohortCreate(c plugin.Call, co, _ map[string]any) error {
	i := seedIndex(c)
	if i < 0 {
		co["created_by"] = user(0)
	} else {
		for k, v := range plugin.CloneObject(seedCohorts[i%len(seedCohorts)]) {
			co[k] = v
		}
		co["created_by"] = user(i)
		co["groups"], co["query"] = []any{}, nil
	}
	co["is_calculating"], co["errors_calculating"], co["experiment_set"] = false, float64(0), []any{}
	co["last_calculation"] = co["created_at"]
	return nil
}

var seedAnnotations = []map[string]any{
	{"content": "Launched the new onboarding flow", "date_marker": "2025-05-20T09:00:00Z", "scope": "project", "dashboard_item": nil},
	{"content": "Pricing page redesign shipped", "date_marker": "2025-05-26T14:30:00Z", "scope": "organization", "dashboard_item": nil},
	{"content": "Pageviews were counted twice before this fix", "date_marker": "2025-05-29T08:00:00Z", "scope": "dashboard_item", "dashboard_item": float64(1)},
}

func annotationCreate(c plugin.Call, a, _ map[string]any) error {
	i := seedIndex(c)
	if i < 0 {
		a["created_by"] = user(0)
	} else {
		for k, v := range plugin.CloneObject(seedAnnotations[i%len(seedAnnotations)]) {
			a[k] = v
		}
		a["created_by"], a["creation_type"], a["deleted"] = user(i), "USR", false
	}
	return nil
}

// annotationView names the insight an annotation marks (and its
// dashboard), read from the insights, as AnnotationSerializer's source
// fields do (posthog/api/annotation.py).
func annotationView(c plugin.Call, a map[string]any, _ bool) map[string]any {
	out := plugin.CloneObject(a)
	for _, k := range []string{"insight_short_id", "insight_name", "insight_derived_name", "dashboard_id", "dashboard_name"} {
		out[k] = nil
	}
	if a["dashboard_item"] == nil {
		return out
	}
	insights, ok := c.Resource("insights")
	if !ok {
		return out
	}
	if in, found := insights.Get(idKey(a["dashboard_item"])); found {
		out["insight_short_id"], out["insight_name"], out["insight_derived_name"] = in["short_id"], in["name"], in["derived_name"]
	}
	return out
}

var seedSurveys = []map[string]any{
	{"name": "Onboarding feedback", "description": "Asked after the first upload", "type": "popover", "linked_flag_id": float64(1),
		"questions": []any{map[string]any{"type": "rating", "question": "How easy was it to get started?", "scale": float64(5), "display": "number",
			"lowerBoundLabel": "Hard", "upperBoundLabel": "Easy", "optional": false}},
		"start_date": "2025-05-21T10:00:00Z", "end_date": nil, "archived": false},
	{"name": "What is missing on our pricing page?", "description": "", "type": "popover", "linked_flag_id": float64(2),
		"questions":  []any{map[string]any{"type": "open", "question": "What would you like to know before you buy?", "optional": true}},
		"start_date": "2025-05-27T09:00:00Z", "end_date": nil, "archived": false},
	{"name": "NPS", "description": "Quarterly net promoter score", "type": "api", "linked_flag_id": nil,
		"questions": []any{map[string]any{"type": "rating", "question": "How likely are you to recommend Hedgebox to a friend?", "scale": float64(10),
			"display": "number", "lowerBoundLabel": "Unlikely", "upperBoundLabel": "Very likely", "optional": false}},
		"start_date": "2025-04-01T00:00:00Z", "end_date": "2025-04-15T00:00:00Z", "archived": true},
}

func surveyCreate(c plugin.Call, s, body map[string]any) error {
	i := seedIndex(c)
	if i < 0 {
		if err := surveyLinkedFlag(c, body); err != nil {
			return err
		}
		s["created_by"] = user(0)
		if _, sent := body["linked_flag_id"]; !sent {
			s["linked_flag_id"] = nil
		}
	} else {
		for k, v := range plugin.CloneObject(seedSurveys[i%len(seedSurveys)]) {
			s[k] = v
		}
		s["created_by"] = user(i)
		s["appearance"], s["schedule"], s["responses_limit"] = nil, "once", nil
		for _, k := range []string{"iteration_count", "iteration_frequency_days", "iteration_start_dates", "current_iteration",
			"current_iteration_start_date", "response_sampling_start_date", "response_sampling_interval_type", "response_sampling_interval",
			"response_sampling_limit", "response_sampling_daily_limits"} {
			s[k] = nil
		}
	}
	s["user_access_level"] = "editor"
	linkFlag(s)
	s["targeting_flag"], s["internal_targeting_flag"], s["conditions"] = nil, nil, nil
	return nil
}

func surveyUpdate(c plugin.Call, _, s, patch map[string]any) error {
	if _, sent := patch["linked_flag_id"]; sent {
		if err := surveyLinkedFlag(c, patch); err != nil {
			return err
		}
		linkFlag(s)
	}
	return nil
}

// surveyLinkedFlag refuses a linked_flag_id that names no flag of the
// project, as SurveySerializer.validate does (posthog/api/survey.py: a
// non-field ValidationError); null or 0 links none.
func surveyLinkedFlag(c plugin.Call, body map[string]any) error {
	id := body["linked_flag_id"]
	if id == nil || id == 0.0 {
		return nil
	}
	flags, ok := c.Resource("feature_flags")
	if !ok {
		return nil
	}
	if _, found := flags.Get(idKey(id)); !found {
		return plugin.Invalid("", "invalid_input", "Feature Flag with this ID does not exist")
	}
	return nil
}

// linkFlag keeps the linked flag's id in the answer's shape: a create or
// update answer has no linked_flag_id to read it from.
func linkFlag(s map[string]any) {
	s["linked_flag"] = nil
	if s["linked_flag_id"] != nil {
		s["linked_flag"] = map[string]any{"id": s["linked_flag_id"]}
	}
}

// surveyFlag is the id of a survey's linked flag ("" for none).
func surveyFlag(s map[string]any) string {
	if f := obj(s["linked_flag"]); f != nil {
		return idKey(f["id"])
	}
	return ""
}

// surveyView renders the linked flag from the project's flags
// (SurveySerializer's linked_flag, MinimalFeatureFlagSerializer) and the
// keys the survey's flags give (feature_flag_keys).
func surveyView(c plugin.Call, s map[string]any, _ bool) map[string]any {
	out := plugin.CloneObject(s)
	out["linked_flag"], out["targeting_flag"], out["internal_targeting_flag"], out["conditions"] = nil, nil, nil, nil
	linkedKey := any(nil)
	if id := surveyFlag(s); id != "" {
		if flags, ok := c.Resource("feature_flags"); ok {
			if f, found := flags.Get(id); found {
				out["linked_flag"] = minimalFlag(c, f)
				linkedKey = f["key"]
			}
		}
	}
	out["feature_flag_keys"] = []any{map[string]any{"key": "linked_flag_key", "value": linkedKey},
		map[string]any{"key": "targeting_flag_key", "value": nil}, map[string]any{"key": "internal_targeting_flag_key", "value": nil}}
	return out
}

// minimalFlag is MinimalFeatureFlagSerializer's rendering of a flag.
func minimalFlag(c plugin.Call, f map[string]any) map[string]any {
	out := map[string]any{}
	projectFields(c, out)
	delete(out, "user_access_level")
	for _, k := range []string{"id", "name", "key", "filters", "deleted", "active", "ensure_experience_continuity",
		"has_encrypted_payloads", "version", "evaluation_runtime"} {
		out[k] = f[k]
	}
	out["evaluation_tags"] = []any{}
	return out
}
