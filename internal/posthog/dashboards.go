package posthog

import (
	"fmt"
	"strconv"

	"github.com/mockserver-go/mockserver/plugin"
)

// Dashboards and insights meet in tiles. A dashboard keeps its tiles
// ({id, insight, layouts, color}); an insight's dashboards and
// dashboard_tiles are read from them when it is shown, so the two sides
// always agree. Only insight hooks write dashboards, never the reverse, so
// that two updates never wait for each other.
//
// Source: posthog/api/insight.py (InsightSerializer._update_insight_dashboards,
// update: a soft-deleted insight's tiles are deleted) and
// posthog/api/dashboards/dashboard.py (DashboardSerializer.update: tiles
// patched by id for layouts and color, removed with deleted: true).

// idKey is the collection key of a JSON id (integer ids arrive as float64).
func idKey(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return str(v)
}

func dashboardCreate(c plugin.Call, d, body map[string]any) error {
	// A client's dashboard starts bare: tiles come from insights placed on
	// it. A seeded one holds the seeded insights' tiles.
	d["tiles"] = []any{}
	if i := seedIndex(c); i >= 0 {
		seedDashboard(d, i)
	} else {
		d["created_by"] = user(0)
	}
	projectFields(c, d)
	d["access_control_version"] = "v2"
	for _, k := range []string{"filters", "variables", "persisted_filters", "persisted_variables"} {
		d[k] = map[string]any{}
	}
	d["is_shared"], d["creation_mode"] = false, "default"
	d["last_accessed_at"], d["last_refresh"] = nil, nil
	if _, sent := body["deleted"]; !sent {
		d["deleted"] = false
	}
	delete(d, "use_template")
	delete(d, "use_dashboard")
	delete(d, "delete_insights")
	delete(d, "_create_in_folder")
	return nil
}

// dashboardUpdate applies a PATCH's tiles to the stored ones: a tile named
// by id gets the layouts and color sent; with deleted: true it goes. A
// tile of another dashboard or an unknown id is ignored, as PostHog's
// filter by dashboard does.
func dashboardUpdate(_ plugin.Call, old, d, patch map[string]any) error {
	sent, ok := patch["tiles"].([]any)
	tiles := list(old["tiles"])
	if !ok {
		d["tiles"] = tiles
		return nil
	}
	byID := make(map[string]map[string]any, len(sent))
	for _, s := range sent {
		if t := obj(s); t != nil && t["id"] != nil {
			byID[idKey(t["id"])] = t
		}
	}
	out := make([]any, 0, len(tiles))
	for _, t := range tiles {
		tile := obj(t)
		change, named := byID[idKey(tile["id"])]
		if !named {
			out = append(out, tile)
			continue
		}
		if del, _ := change["deleted"].(bool); del {
			continue
		}
		tile = plugin.CloneObject(tile)
		for _, k := range []string{"layouts", "color"} {
			if v, set := change[k]; set {
				tile[k] = plugin.Clone(v)
			}
		}
		out = append(out, tile)
	}
	d["tiles"] = out
	return nil
}

// dashboardView renders each tile with its insight; a tile whose insight
// is gone or soft-deleted is not shown.
func dashboardView(c plugin.Call, d map[string]any, isList bool) map[string]any {
	if isList {
		return d // PostHog's list serializer (DashboardBasicSerializer) has no tiles
	}
	out := plugin.CloneObject(d)
	insights, ok := c.Resource("insights")
	tiles := list(d["tiles"])
	shown := make([]any, 0, len(tiles))
	for _, t := range tiles {
		tile := obj(t)
		if !ok {
			break
		}
		in, found := insights.Get(tileInsight(tile))
		if !found {
			continue
		}
		basic := make(map[string]any, len(basicFields))
		for _, k := range basicFields {
			basic[k] = in[k]
		}
		linkedDashboards(c, basic, in["id"])
		shown = append(shown, map[string]any{"id": tile["id"], "layouts": orEmpty(tile["layouts"]), "color": tile["color"],
			"insight": basic, "text": nil, "deleted": false, "is_cached": false, "order": tile["order"]})
	}
	out["tiles"] = shown
	return out
}

// tileInsight is the id of a tile's insight. A tile keeps its insight as
// {"id": N}, the shape the contract gives a tile's insight, so that a
// stored dashboard validates as it is; an id alone is read too.
func tileInsight(tile map[string]any) string {
	if in := obj(tile["insight"]); in != nil {
		return idKey(in["id"])
	}
	return idKey(tile["insight"])
}

func orEmpty(v any) any {
	if v == nil {
		return map[string]any{}
	}
	return v
}

// linkedDashboards sets an insight's dashboards and dashboard_tiles from
// the live dashboards' tiles.
func linkedDashboards(c plugin.Call, in map[string]any, id any) {
	ids, tiles := []any{}, []any{}
	if ds, ok := c.Resource("dashboards"); ok {
		want := idKey(id)
		for _, d := range ds.All() {
			for _, t := range list(d["tiles"]) {
				if tile := obj(t); tileInsight(tile) == want {
					ids = append(ids, d["id"])
					tiles = append(tiles, map[string]any{"id": tile["id"], "dashboard_id": d["id"], "deleted": false})
				}
			}
		}
	}
	in["dashboards"], in["dashboard_tiles"] = ids, tiles
}

// placeOnDashboards makes the insight's tiles match want (dashboard ids):
// tiles on dashboards no longer wanted go, wanted dashboards without one
// get one. An id naming no dashboard is the serializer's 400; a
// soft-deleted dashboard is skipped, as PostHog skips it.
func placeOnDashboards(c plugin.Call, insightID any, want []any) error {
	ds, ok := c.Resource("dashboards")
	if !ok {
		return nil
	}
	wanted := map[string]bool{}
	for _, w := range want {
		k := idKey(w)
		if _, f := w.(float64); !f || (!ds.Deleted(k) && !exists(ds, k)) {
			return plugin.Invalid("dashboards", "does_not_exist", fmt.Sprintf("Invalid pk \"%s\" - object does not exist.", k))
		}
		if !ds.Deleted(k) {
			wanted[k] = true
		}
	}
	self := idKey(insightID)
	next := nextTileID(ds)
	for _, d := range ds.All() {
		dk := idKey(d["id"])
		has := false
		for _, t := range list(d["tiles"]) {
			if tileInsight(obj(t)) == self {
				has = true
			}
		}
		if has == wanted[dk] {
			continue
		}
		add := wanted[dk]
		tileID := next
		if add {
			next++
		}
		err := ds.Update(dk, func(d map[string]any) error {
			tiles := list(d["tiles"])
			out := make([]any, 0, len(tiles)+1)
			for _, t := range tiles {
				if tileInsight(obj(t)) != self {
					out = append(out, t)
				}
			}
			if add {
				out = append(out, map[string]any{"id": tileID, "insight": map[string]any{"id": insightID}, "layouts": map[string]any{}, "color": nil,
					"order": float64(len(out))})
			}
			d["tiles"] = out
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func exists(coll plugin.Collection, id string) bool {
	_, ok := coll.Get(id)
	return ok
}

// nextTileID is one more than the highest tile id of the project's
// dashboards (tile ids are unique per project, as DashboardTile's are).
func nextTileID(ds plugin.Collection) float64 {
	high := 0.0
	for _, d := range ds.All() {
		for _, t := range list(d["tiles"]) {
			if n, _ := obj(t)["id"].(float64); n > high {
				high = n
			}
		}
	}
	return high + 1
}
