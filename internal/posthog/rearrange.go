package posthog

import (
	"net/http"
	"sort"

	"github.com/mockserver-go/mockserver/internal/engine"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/store"
)

// rearrange sets transformations' execution_order from {"orders": {id: n}}
// and answers every non-deleted transformation, in order (§5.8).
func rearrange(c *engine.Call) (*engine.Response, error) {
	orders := obj(obj(c.Body)["orders"])
	if len(orders) == 0 {
		c.Record(problem.Violation{In: "body", Field: "orders", Code: "required", Expected: "a non-empty object of id -> order",
			Got: "none", Message: "No orders provided."})
		return nil, &problem.Error{Kind: problem.KindValidation, Detail: "No orders provided"}
	}
	coll := c.E.Collection(c)
	ids := make([]string, 0, len(orders))
	for id := range orders {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		rec, ok := coll.Get(id)
		if !ok || rec.Object()["type"] != "transformation" {
			return nil, &problem.Error{Kind: problem.KindValidation, Detail: "HogFunction with id " + id + " does not exist"}
		}
	}
	stamp := ts(now(c))
	for _, id := range ids {
		n := orders[id]
		_, err := coll.Update(id, false, func(fn map[string]any) error {
			if fn["execution_order"] != n {
				fn["execution_order"], fn["updated_at"] = n, stamp
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	var recs []*store.Record
	for _, r := range coll.All() {
		if r.Object()["type"] == "transformation" {
			recs = append(recs, r)
		}
	}
	sortByOrder(recs)
	out := make([]any, len(recs))
	for i, r := range recs {
		out[i] = c.View(r.Object(), false)
	}
	return c.JSON(http.StatusOK, out), nil
}

// sortByOrder is the list order: execution_order ascending (nulls last),
// then newest updated_at.
func sortByOrder(recs []*store.Record) {
	objs := make(map[*store.Record]map[string]any, len(recs)) // decoded once each
	for _, r := range recs {
		objs[r] = r.Object()
	}
	sort.SliceStable(recs, func(i, j int) bool {
		a, aok := objs[recs[i]]["execution_order"].(float64)
		b, bok := objs[recs[j]]["execution_order"].(float64)
		switch {
		case aok && bok && a != b:
			return a < b
		case aok != bok:
			return aok
		}
		return str(objs[recs[i]]["updated_at"]) > str(objs[recs[j]]["updated_at"])
	})
}
