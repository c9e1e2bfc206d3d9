package posthog

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strings"

	"github.com/mockserver-go/mockserver/plugin"
)

// basicFields are the basic serializer's keys, in order (§6.1).
var basicFields = []string{"id", "short_id", "name", "derived_name", "filters", "query", "dashboards", "dashboard_tiles", "description",
	"last_refresh", "refreshing", "saved", "tags", "updated_at", "created_by", "created_at", "last_modified_at", "favorited",
	"user_access_level", "last_viewed_at"}

// computedFields are null on a cache miss (§6.2).
var computedFields = []string{"last_refresh", "cache_target_age", "next_allowed_client_refresh", "result", "hasMore", "columns",
	"timezone", "query_status", "hogql", "types"}

// materialFields change last_modified_at/by when they change (§6.4).
var materialFields = []string{"name", "description", "filters", "query", "derived_name"}

const shortIDChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func insightCreate(c plugin.Call, in, body map[string]any) error {
	id := str(jsonString(in["id"]))
	u := user(0)
	if i := seedIndex(c); i >= 0 {
		body = seedInsight(i)
		for k, v := range body {
			in[k] = v
		}
		// A query-based insight has empty legacy filters, and tags only
		// where the organisation has tagging: not generated noise.
		for k, v := range map[string]any{"filters": map[string]any{}, "tags": []any{}} {
			if _, set := body[k]; !set {
				in[k] = v
			}
		}
		u = user(i)
	}
	// The key names the collection as the engine's state does, so that
	// short ids stay what they were for the same seed.
	f := c.Fake("insight/short_id/" + c.SeedKey() + "/" + id + "/insights|project_id=" + c.PathParam("project_id"))
	short := make([]byte, 8)
	for i := range short {
		short[i] = shortIDChars[f.IntN(len(shortIDChars))]
	}
	in["short_id"] = string(short)
	for k, v := range map[string]any{"name": nil, "derived_name": nil, "description": nil, "query": nil, "order": nil} {
		if _, sent := body[k]; !sent {
			in[k] = v
		}
	}
	if in["filters"] == nil {
		in["filters"] = map[string]any{}
	}
	if in["tags"] == nil {
		in["tags"] = []any{}
	}
	in["alerts"] = []any{} // shown from the alerts collection (insightAlerts)
	for _, k := range computedFields {
		in[k] = nil
	}
	delete(in, "_create_in_folder")
	in["is_cached"], in["is_sample"], in["refreshing"] = false, false, false
	in["created_by"], in["last_modified_by"] = u, u
	in["last_modified_at"], in["last_viewed_at"] = in["created_at"], in["created_at"]
	in["effective_restriction_level"], in["effective_privilege_level"] = float64(21), float64(37)
	in["user_access_level"] = "editor"
	in["dashboards"], in["dashboard_tiles"] = []any{}, []any{}
	if seedIndex(c) < 0 {
		if err := placeOnDashboards(c, in["id"], list(body["dashboards"])); err != nil {
			return err
		}
	}
	in["filters_hash"] = filtersHash(in, c.PathParam("project_id"))
	return nil
}

func insightUpdate(c plugin.Call, old, in, patch map[string]any) error {
	material := false
	for _, k := range materialFields {
		if v, ok := patch[k]; ok && jsonString(v) != jsonString(old[k]) {
			material = true
		}
	}
	if material {
		in["last_modified_at"], in["last_modified_by"] = ts(now(c)), user(0)
	}
	if in["filters"] == nil {
		in["filters"] = map[string]any{}
	}
	in["is_sample"] = false
	if del, _ := patch["deleted"].(bool); del {
		// A soft-deleted insight's tiles are deleted with it, for good.
		if err := placeOnDashboards(c, in["id"], nil); err != nil {
			return err
		}
	} else if ds, sent := patch["dashboards"]; sent {
		if err := placeOnDashboards(c, in["id"], list(ds)); err != nil {
			return err
		}
	}
	in["filters_hash"] = filtersHash(in, c.PathParam("project_id"))
	return nil
}

func filtersHash(in map[string]any, team string) string {
	sum := md5.Sum([]byte(team + "/" + jsonString(in["query"]) + "/" + jsonString(in["filters"])))
	return "cache_" + hex.EncodeToString(sum[:])
}

func jsonString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// insightView renders the basic or the full serializer, with computed
// fields as the refresh mode gives them (§6.1, §6.2).
func insightView(c plugin.Call, in map[string]any, isList bool) map[string]any {
	if truthy(c.Query().Get("basic")) {
		out := make(map[string]any, len(basicFields))
		for _, k := range basicFields {
			out[k] = in[k]
		}
		if !isList {
			out["last_viewed_at"] = nil
		}
		linkedDashboards(c, out, in["id"])
		return out
	}
	out := plugin.CloneObject(in)
	linkedDashboards(c, out, in["id"])
	out["alerts"] = insightAlerts(c, in["id"])
	delete(out, "refreshing")
	if !isList {
		out["last_viewed_at"] = nil
	}
	mode, recognised := refreshMode(c)
	if recognised {
		out["timezone"] = "UTC"
	}
	switch mode {
	case "calculate":
		calculate(c, out)
	case "async":
		out["query_status"] = queryStatus(c, out)
	}
	return out
}

// refreshMode classifies ?refresh= as PostHog's parser does.
func refreshMode(c plugin.Call) (mode string, recognised bool) {
	v, present := c.Query()["refresh"]
	if !present {
		return "cache", false
	}
	s := ""
	if len(v) > 0 {
		s = strings.ToLower(v[len(v)-1])
	}
	switch s {
	case "true", "1", "yes", "", "blocking", "force_blocking":
		return "calculate", true
	case "async", "lazy_async", "force_async":
		return "async", true
	case "false", "0", "no", "force_cache":
		return "cache", true
	}
	return "cache", false
}

// insightList applies the list filters the contract cannot express:
// insight (kind of query) and order (any field, "-" for descending).
func insightList(c plugin.Call, items []plugin.Item) ([]plugin.Item, error) {
	if want := strings.ToUpper(c.Query().Get("insight")); want != "" {
		kept := items[:0:0]
		for _, it := range items {
			if insightKind(obj(it.Field("query"))) == want {
				kept = append(kept, it)
			}
		}
		items = kept
	}
	if order := c.Query().Get("order"); order != "" {
		field, desc := strings.TrimPrefix(order, "-"), strings.HasPrefix(order, "-")
		type keyed struct {
			it  plugin.Item
			val any // read once each
		}
		ks := make([]keyed, len(items))
		for i, it := range items {
			ks[i] = keyed{it, it.Field(field)}
		}
		sort.SliceStable(ks, func(i, j int) bool {
			a, b := ks[i].val, ks[j].val
			if a == nil || b == nil {
				return b == nil && a != nil // nulls last
			}
			if desc {
				a, b = b, a
			}
			x, xok := a.(float64)
			y, yok := b.(float64)
			if xok && yok {
				return x < y
			}
			return jsonString(a) < jsonString(b)
		})
		items = make([]plugin.Item, len(ks))
		for i, k := range ks {
			items[i] = k.it
		}
	}
	return items, nil
}

// insightKind is the ?insight= value a query corresponds to.
func insightKind(q map[string]any) string {
	if src := obj(q["source"]); src != nil {
		q = src
	}
	switch k := str(q["kind"]); k {
	case "HogQLQuery":
		return "SQL"
	case "":
		return ""
	default:
		if strings.HasSuffix(k, "Query") {
			return strings.ToUpper(strings.TrimSuffix(k, "Query"))
		}
		return "JSON"
	}
}
