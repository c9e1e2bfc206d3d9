package posthog

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver/internal/engine"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/store"
)

// function returns the stored, non-deleted function a per-function
// endpoint addresses, or a 404.
func function(c *engine.Call) (*store.Record, error) {
	rec, ok := c.E.Collection(c).Get(strings.ToLower(c.PathParams["id"]))
	if !ok {
		return nil, &problem.Error{Kind: problem.KindNotFound}
	}
	return rec, nil
}

func remembered(c *engine.Call, kind, fnID string) []*store.Record {
	coll, ok := c.E.Store().Lookup("posthog." + kind + "|" + engine.ScopeKey(c.Op.Resource, c.PathParams))
	if !ok {
		return nil
	}
	var out []*store.Record
	for _, r := range coll.All() {
		if o := r.Object(); str(o["log_source_id"]) == fnID || str(o["function"]) == fnID {
			out = append(out, r)
		}
	}
	return out
}

func parseTS(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

// logs answers a function's log entries, newest first (§5.10).
func logs(c *engine.Call) (*engine.Response, error) {
	fn, err := function(c)
	if err != nil {
		return nil, err
	}
	q := c.Query
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
		seq uint64
		obj map[string]any
	}
	var kept []entry
	for _, r := range remembered(c, "logs", fn.ID) {
		o := r.Object()
		at, _ := parseTS(str(o["timestamp"]))
		switch {
		case hasAfter && !at.After(after), hasBefore && !at.Before(before),
			len(levels) > 0 && !levels[str(o["level"])],
			search != "" && !strings.Contains(strings.ToLower(str(o["message"])), search),
			instance != "" && str(o["instance_id"]) != instance:
			continue
		}
		kept = append(kept, entry{at, r.Seq, o})
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
		results[i] = store.CloneObject(e.obj)
	}
	return c.JSON(http.StatusOK, map[string]any{"count": float64(len(results)), "next": nil, "previous": nil, "results": results}), nil
}
