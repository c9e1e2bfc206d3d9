package posthog

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver/plugin"
)

// function returns the id of the stored, non-deleted function a
// per-function endpoint addresses, or a 404.
func function(c plugin.Call) (string, error) {
	id := strings.ToLower(c.PathParam("id"))
	if _, ok := c.Collection().Get(id); !ok {
		return "", plugin.NotFound()
	}
	return id, nil
}

// remembered are the function's remembered runs ("invocations") or log
// lines ("logs"), oldest first.
func remembered(c plugin.Call, kind, fnID string) []map[string]any {
	var out []map[string]any
	for _, o := range c.Private("posthog." + kind).All() {
		if str(o["log_source_id"]) == fnID || str(o["function"]) == fnID {
			out = append(out, o)
		}
	}
	return out
}

func parseTS(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

// logs answers a function's log entries, newest first (§5.10).
func logs(c plugin.Call) (*plugin.Response, error) {
	fn, err := function(c)
	if err != nil {
		return nil, err
	}
	q := c.Query()
	limit := 50
	if n, err := strconv.Atoi(q.Get("limit")); err == nil && n > 0 {
		limit = n
	}
	after, hasAfter := parseTS(q.Get("after"))
	before, hasBefore := parseTS(q.Get("before"))
	levels := map[string]bool{}
	for _, l := range strings.Split(q.Get("level"), ",") {
		if l = strings.TrimSpace(l); l != "" {
			levels[strings.ToUpper(l)] = true
		}
	}
	search := strings.ToLower(q.Get("search"))
	instance := q.Get("instance_id")
	type entry struct {
		at  time.Time
		seq int
		obj map[string]any
	}
	var kept []entry
	for seq, o := range remembered(c, "logs", fn) {
		at, _ := parseTS(str(o["timestamp"]))
		switch {
		case hasAfter && !at.After(after), hasBefore && !at.Before(before),
			len(levels) > 0 && !levels[str(o["level"])],
			search != "" && !strings.Contains(strings.ToLower(str(o["message"])), search),
			instance != "" && str(o["instance_id"]) != instance:
			continue
		}
		kept = append(kept, entry{at, seq, o})
	}
	sort.SliceStable(kept, func(i, j int) bool {
		if !kept[i].at.Equal(kept[j].at) {
			return kept[i].at.After(kept[j].at)
		}
		return kept[i].seq > kept[j].seq
	})
	if len(kept) > limit {
		kept = kept[:limit]
	}
	results := make([]any, len(kept))
	for i, e := range kept {
		results[i] = plugin.CloneObject(e.obj)
	}
	return plugin.JSON(http.StatusOK, map[string]any{"count": float64(len(results)), "next": nil, "previous": nil, "results": results}), nil
}
