package posthog

import (
	"strconv"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver/plugin"
)

func trends(event string, math string) map[string]any {
	return map[string]any{"kind": "InsightVizNode", "source": map[string]any{"kind": "TrendsQuery",
		"series":   []any{map[string]any{"kind": "EventsNode", "event": event, "name": event, "math": math, "version": float64(1)}},
		"interval": "day", "dateRange": map[string]any{"date_from": "-7d"}, "version": float64(1)}, "version": float64(1)}
}

// seedInsights are the bodies seeded insights are created from.
var seedInsights = []map[string]any{
	{"name": "Daily pageviews", "description": "Pageviews per day over the last week", "saved": true, "favorited": true,
		"query": trends("$pageview", "total")},
	{"name": "Signup funnel", "description": "Landing page to completed signup", "saved": true, "query": map[string]any{
		"kind": "InsightVizNode", "version": float64(1), "source": map[string]any{"kind": "FunnelsQuery", "version": float64(1),
			"series": []any{map[string]any{"kind": "EventsNode", "event": "$pageview", "name": "$pageview", "version": float64(1)},
				map[string]any{"kind": "EventsNode", "event": "user signed up", "name": "user signed up", "version": float64(1)}},
			"funnelsFilter": map[string]any{"funnelWindowInterval": float64(14), "funnelWindowIntervalUnit": "day"}}}},
	{"name": "Weekly active users", "description": "", "saved": false, "query": trends("$pageview", "dau"), "tags": []any{"growth"}},
}

func seedInsight(i int) map[string]any { return plugin.CloneObject(seedInsights[i%len(seedInsights)]) }

// calculate fills an insight's computed fields as a synchronous
// calculation would: a plausible result for its kind of query.
func calculate(c plugin.Call, in map[string]any) {
	at := now(c)
	f := c.Fake("insight/result/" + jsonString(in["id"]) + "/" + jsonString(in["query"]))
	query := obj(in["query"])
	src := query
	if s := obj(query["source"]); s != nil {
		src = s
	}
	days := make([]any, 7)
	labels := make([]any, 7)
	for i := range days {
		d := at.AddDate(0, 0, i-6)
		days[i], labels[i] = d.Format("2006-01-02"), d.Format("2-Jan-2006")
	}
	var result any = []any{}
	hogql := "SELECT count() AS total FROM events LIMIT 100"
	columns, types := []any{"total"}, []any{[]any{"total", "UInt64"}}
	switch insightKind(query) {
	case "TRENDS":
		var series []any
		for i, s := range list(src["series"]) {
			ev, math := str(obj(s)["event"]), str(obj(s)["math"])
			data, sum := make([]any, 7), 0
			for j := range data {
				n := 50 + f.IntN(450)
				data[j], sum = float64(n), sum+n
			}
			series = append(series, map[string]any{"data": data, "labels": labels, "days": days, "count": float64(sum), "label": ev,
				"action": map[string]any{"id": ev, "type": "events", "order": float64(i), "name": ev, "math": math}})
			hogql = "SELECT arrayMap(number -> plus(toStartOfDay(assumeNotNull(toDateTime('" + str(days[0]) + " 00:00:00', 'UTC'))), toIntervalDay(number)), range(0, 7)) AS date,\n" +
				"    count() AS total\nFROM events AS e\nWHERE and(equals(e.event, '" + ev + "'), greaterOrEquals(timestamp, toStartOfDay(now() - toIntervalDay(7))))\nGROUP BY day_start\nORDER BY day_start ASC\nLIMIT 50000"
		}
		result = series
		columns, types = []any{"date", "total"}, []any{[]any{"date", "Array(DateTime)"}, []any{"total", "Array(Float64)"}}
	case "FUNNELS":
		var steps []any
		n := 1000 + f.IntN(4000)
		for i, s := range list(src["series"]) {
			ev := str(obj(s)["event"])
			var avg any
			if i > 0 {
				avg = float64(60 + f.IntN(86400))
			}
			steps = append(steps, map[string]any{"action_id": ev, "name": ev, "custom_name": nil, "order": float64(i), "count": float64(n),
				"type": "events", "average_conversion_time": avg, "median_conversion_time": avg})
			n = n * (30 + f.IntN(60)) / 100
		}
		result = steps
		hogql = "SELECT countIf(ifNull(equals(steps, 1), 0)) AS step_1, countIf(ifNull(equals(steps, 2), 0)) AS step_2\nFROM (SELECT aggregation_target, steps FROM events)\nLIMIT 100"
		columns, types = []any{"step_1", "step_2"}, []any{[]any{"step_1", "UInt64"}, []any{"step_2", "UInt64"}}
	}
	in["result"], in["hasMore"], in["columns"], in["types"], in["hogql"] = result, false, columns, types, hogql
	in["is_cached"], in["timezone"], in["query_status"] = false, "UTC", nil
	in["last_refresh"] = ts(at)
	in["next_allowed_client_refresh"] = ts(at.Add(3 * time.Minute))
	in["cache_target_age"] = ts(at.Add(6 * time.Hour))
}

// queryStatus is the status of a background calculation just started.
func queryStatus(c plugin.Call, in map[string]any) map[string]any {
	at := now(c)
	id := c.Fake("insight/query/" + jsonString(in["id"]) + "/" + strconv.FormatInt(at.UnixNano(), 10)).UUID()
	team, _ := strconv.Atoi(strings.TrimSpace(c.PathParam("project_id")))
	return map[string]any{"id": id, "query_async": true, "team_id": float64(team), "complete": false, "error": false,
		"error_message": nil, "results": nil, "start_time": ts(at), "end_time": nil, "expiration_time": ts(at.Add(20 * time.Minute)),
		"task_id": nil, "query_progress": nil, "labels": nil}
}
