package posthog

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver/plugin"
)

// metricOf maps an invocation's status to its app metric (kind, name).
func metricOf(status string) (kind, name string) {
	switch status {
	case "skipped":
		return "other", "filtered"
	case "error":
		return "failure", "failed"
	}
	return "success", "succeeded"
}

var relative = regexp.MustCompile(`^-(\d+)([hdwmy])$`)

// parseWhen reads a metrics bound: relative (-7d, -24h) or ISO.
func parseWhen(s string, ref time.Time) (time.Time, bool, error) {
	if s == "" {
		return time.Time{}, false, nil
	}
	if m := relative.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		switch m[2] {
		case "h":
			return ref.Add(-time.Duration(n) * time.Hour), true, nil
		case "d":
			return ref.AddDate(0, 0, -n), true, nil
		case "w":
			return ref.AddDate(0, 0, -7*n), true, nil
		case "m":
			return ref.AddDate(0, -n, 0), true, nil
		default:
			return ref.AddDate(-n, 0, 0), true, nil
		}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true, nil
		}
	}
	//lint:ignore ST1005 PostHog's own message, sent to the client as it is
	return time.Time{}, false, errors.New(msgBadWhen)
}

const msgBadWhen = "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."

type point struct {
	at    time.Time
	label string
}

// points are a function's remembered invocations as metric points,
// filtered by the query (name, kind, instance_id, after, before).
func points(c plugin.Call, fnID string, after, before time.Time, hasAfter, hasBefore bool) []point {
	q := c.Query()
	set := func(name string) map[string]bool {
		m := map[string]bool{}
		for _, v := range strings.Split(q.Get(name), ",") {
			if v = strings.TrimSpace(v); v != "" {
				m[v] = true
			}
		}
		return m
	}
	names, kinds := set("name"), set("kind")
	byName := q.Get("breakdown_by") == "name"
	var out []point
	for _, o := range remembered(c, "invocations", fnID) {
		at, _ := parseTS(str(o["timestamp"]))
		kind, name := metricOf(str(o["status"]))
		switch {
		case hasAfter && at.Before(after), hasBefore && at.After(before),
			len(names) > 0 && !names[name], len(kinds) > 0 && !kinds[kind],
			q.Get("instance_id") != "" && str(o["instance_id"]) != q.Get("instance_id"):
			continue
		}
		label := kind
		if byName {
			label = name
		}
		out = append(out, point{at, label})
	}
	return out
}

func bounds(c plugin.Call, defaultAfter string, errAttr func(string) error) (after, before time.Time, hasAfter, hasBefore bool, err error) {
	ref := now(c)
	a := c.Query().Get("after")
	if a == "" {
		a = defaultAfter
	}
	if after, hasAfter, err = parseWhen(a, ref); err != nil {
		return after, before, false, false, errAttr("after")
	}
	if before, hasBefore, err = parseWhen(c.Query().Get("before"), ref); err != nil {
		return after, before, false, false, errAttr("before")
	}
	return after, before, hasAfter, hasBefore, nil
}

func whenError(attr string) error {
	return plugin.Invalid(attr, "invalid_input", msgBadWhen)
}

// metrics answers {labels, series} over interval buckets (§5.11).
func metrics(c plugin.Call) (*plugin.Response, error) {
	fn, err := function(c)
	if err != nil {
		return nil, err
	}
	after, before, _, hasBefore, err := bounds(c, "-7d", whenError)
	if err != nil {
		return nil, err
	}
	if !hasBefore {
		before = now(c)
	}
	interval := c.Query().Get("interval")
	bucket := func(t time.Time) time.Time {
		t = t.UTC()
		switch interval {
		case "hour":
			return t.Truncate(time.Hour)
		case "week":
			d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
			return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
		}
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	step := func(t time.Time) time.Time {
		switch interval {
		case "hour":
			return t.Add(time.Hour)
		case "week":
			return t.AddDate(0, 0, 7)
		}
		return t.AddDate(0, 0, 1)
	}
	layout := "2006-01-02"
	if interval == "hour" {
		layout = "2006-01-02T15:04"
	}
	var labels []any
	index := map[string]int{}
	for t := bucket(after); !t.After(before) && len(labels) < 10000; t = step(t) {
		index[t.Format(layout)] = len(labels)
		labels = append(labels, t.Format(layout))
	}
	series := map[string][]any{}
	var order []string
	for _, p := range points(c, fn, after, before, true, true) {
		i, ok := index[bucket(p.at).Format(layout)]
		if !ok {
			continue
		}
		vals, seen := series[p.label]
		if !seen {
			vals = make([]any, len(labels))
			for j := range vals {
				vals[j] = float64(0)
			}
			order = append(order, p.label)
		}
		vals[i] = vals[i].(float64) + 1
		series[p.label] = vals
	}
	out := make([]any, 0, len(order))
	for _, name := range order {
		out = append(out, map[string]any{"name": name, "values": series[name]})
	}
	if labels == nil {
		labels = []any{}
	}
	return plugin.JSON(http.StatusOK, map[string]any{"labels": labels, "series": out}), nil
}

// metricsTotals answers {totals: {label: n}}, unbounded unless after or
// before is given (§5.11).
func metricsTotals(c plugin.Call) (*plugin.Response, error) {
	fn, err := function(c)
	if err != nil {
		return nil, err
	}
	after, before, hasAfter, hasBefore, err := bounds(c, "", whenError)
	if err != nil {
		return nil, err
	}
	totals := map[string]any{}
	for _, p := range points(c, fn, after, before, hasAfter, hasBefore) {
		n, _ := totals[p.label].(float64)
		totals[p.label] = n + 1
	}
	return plugin.JSON(http.StatusOK, map[string]any{"totals": totals}), nil
}
