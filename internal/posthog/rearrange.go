package posthog

import (
	"net/http"
	"sort"

	"github.com/mockserver-go/mockserver/plugin"
)

// rearrange sets transformations' execution_order from {"orders": {id: n}}
// and answers every non-deleted transformation, in order (§5.8).
func rearrange(c plugin.Call) (*plugin.Response, error) {
	orders := obj(obj(c.Body())["orders"])
	if len(orders) == 0 {
		c.Record(plugin.Violation{In: "body", Field: "orders", Code: "required", Expected: "a non-empty object of id -> order",
			Got: "none", Message: "No orders provided."})
		return nil, plugin.Validation("No orders provided")
	}
	coll := c.Collection()
	ids := make([]string, 0, len(orders))
	for id := range orders {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		fn, ok := coll.Get(id)
		if !ok || fn["type"] != "transformation" {
			return nil, plugin.Validation("HogFunction with id " + id + " does not exist")
		}
	}
	stamp := ts(now(c))
	for _, id := range ids {
		n := orders[id]
		err := coll.Update(id, func(fn map[string]any) error {
			if fn["execution_order"] != n {
				fn["execution_order"], fn["updated_at"] = n, stamp
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	var fns []map[string]any
	for _, fn := range coll.All() {
		if fn["type"] == "transformation" {
			fns = append(fns, fn)
		}
	}
	sortByOrder(fns)
	out := make([]any, len(fns))
	for i, fn := range fns {
		out[i] = c.View(fn, false)
	}
	return plugin.JSON(http.StatusOK, out), nil
}

// sortByOrder is the list order: execution_order ascending (nulls last),
// then newest updated_at.
func sortByOrder(fns []map[string]any) {
	sort.SliceStable(fns, func(i, j int) bool {
		a, aok := fns[i]["execution_order"].(float64)
		b, bok := fns[j]["execution_order"].(float64)
		switch {
		case aok && bok && a != b:
			return a < b
		case aok != bok:
			return aok
		}
		return str(fns[i]["updated_at"]) > str(fns[j]["updated_at"])
	})
}
