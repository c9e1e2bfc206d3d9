package posthog

import (
	"encoding/json"
	"regexp"

	"github.com/mockserver-go/mockserver/plugin"
)

// Feature flags. Source: posthog/api/feature_flag.py (FeatureFlagSerializer:
// validate_key, get_is_simple_flag, get_rollout_percentage, create deletes
// a soft-deleted flag holding the key, update increments version) and
// posthog/models/feature_flag/feature_flag.py (defaults).

var flagKey = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)

// checkFlagKey refuses a key another live flag of the project holds.
func checkFlagKey(c plugin.Call, key, self string) error {
	if !flagKey.MatchString(key) {
		return plugin.Invalid("key", "invalid_key", "Only letters, numbers, hyphens (-) & underscores (_) are allowed.")
	}
	for _, f := range c.Collection().All() {
		if f["key"] == key && idKey(f["id"]) != self {
			return plugin.Invalid("key", "unique", "There is already a feature flag with this key.")
		}
	}
	return nil
}

// checkGroups refuses a release condition outside 0-100 percent.
func checkGroups(filters map[string]any) error {
	for _, g := range list(filters["groups"]) {
		if p, ok := obj(g)["rollout_percentage"].(float64); ok && (p < 0 || p > 100) {
			return plugin.Invalid("filters", "invalid_input", "Invalid rollout percentage")
		}
	}
	return nil
}

// flagDerived sets what PostHog computes from filters: a simple flag is
// one release condition without properties or group aggregation, and
// only a simple flag has a rollout_percentage.
func flagDerived(f map[string]any) {
	filters := obj(f["filters"])
	groups := list(filters["groups"])
	simple := len(groups) == 1 && filters["aggregation_group_type_index"] == nil
	for _, g := range groups {
		if len(list(obj(g)["properties"])) > 0 {
			simple = false
		}
	}
	f["is_simple_flag"], f["rollout_percentage"] = simple, nil
	if simple {
		f["rollout_percentage"] = obj(groups[0])["rollout_percentage"]
	}
}

func flagCreate(c plugin.Call, f, body map[string]any) error {
	if i := seedIndex(c); i >= 0 {
		body = seedFlag(i)
		for k, v := range body {
			f[k] = v
		}
		f["created_by"], f["last_modified_by"] = user(i), user(i)
	}
	if err := checkGroups(obj(body["filters"])); err != nil {
		return err
	}
	if seedIndex(c) < 0 {
		key := str(body["key"])
		if err := checkFlagKey(c, key, ""); err != nil {
			return err
		}
		// The key of a soft-deleted flag is free: PostHog deletes that flag.
		freeDeletedKey(c, key)
		rememberKey(c, key, f["id"])
		f["created_by"], f["last_modified_by"] = user(0), user(0)
	}
	filters := obj(body["filters"])
	if filters == nil {
		filters = map[string]any{"groups": []any{map[string]any{"properties": []any{}, "rollout_percentage": nil}}}
	}
	f["filters"] = plugin.Clone(filters)
	flagDefaults(f, body)
	return nil
}

// flagDefaults are what a new flag has besides its key and filters, where
// body (what was sent) does not say.
func flagDefaults(f, body map[string]any) {
	for k, v := range map[string]any{"active": true, "deleted": false, "name": "", "ensure_experience_continuity": false} {
		if _, sent := body[k]; !sent {
			f[k] = v
		}
	}
	f["version"], f["can_edit"], f["user_access_level"], f["status"] = float64(0), true, "editor", "ACTIVE"
	// What other objects say of the flag is read from them when it is
	// shown (flagView); a flag made through the API has no usage
	// dashboard here (PostHog makes one: not modelled).
	f["experiment_set"], f["surveys"], f["features"], f["analytics_dashboards"] = []any{}, []any{}, []any{}, []any{}
	f["usage_dashboard"], f["rollback_conditions"], f["performed_rollback"], f["last_called_at"] = nil, nil, false, nil
	for k, v := range map[string]any{"tags": []any{}, "evaluation_runtime": "all", "has_enriched_analytics": false,
		"is_remote_configuration": false, "has_encrypted_payloads": false, "creation_context": "feature_flags"} {
		if _, sent := body[k]; !sent {
			f[k] = v
		}
	}
	if _, sent := body["created_at"]; !sent {
		f["created_at"] = f["updated_at"]
	}
	flagDerived(f)
}

// flagKeys remembers which flag last took each key, so that a new flag
// can find a soft-deleted one holding its key (a collection lists only
// live objects).
const flagKeys = "posthog.flag_keys"

func rememberKey(c plugin.Call, key string, id any) {
	keys := c.Private(flagKeys)
	rec := map[string]any{"flag": id}
	if keys.Create(key, rec) != nil {
		_ = keys.Update(key, func(o map[string]any) error { o["flag"] = id; return nil })
	}
}

// freeDeletedKey deletes for good the soft-deleted flag holding key.
func freeDeletedKey(c plugin.Call, key string) {
	if rec, ok := c.Private(flagKeys).Get(key); ok {
		if old := idKey(rec["flag"]); c.Collection().Deleted(old) {
			c.Collection().Delete(old)
		}
	}
}

func flagUpdate(c plugin.Call, old, f, patch map[string]any) error {
	if k, sent := patch["key"]; sent && k != old["key"] {
		if err := checkFlagKey(c, str(k), idKey(old["id"])); err != nil {
			return err
		}
		freeDeletedKey(c, str(k))
		rememberKey(c, str(k), old["id"])
	}
	if fl, sent := patch["filters"]; sent {
		if err := checkGroups(obj(fl)); err != nil {
			return err
		}
	}
	if del, _ := patch["deleted"].(bool); !del {
		if undelete := old["deleted"] == true; undelete {
			if err := checkFlagKey(c, str(f["key"]), idKey(old["id"])); err != nil {
				return err
			}
		}
	}
	v, _ := old["version"].(float64)
	f["version"], f["last_modified_by"] = v+1, user(0)
	flagDerived(f)
	return nil
}

// flagView renders what other objects say of the flag: the surveys linked
// to it (FeatureFlagSerializer.get_surveys, surveys_linked_flag).
func flagView(c plugin.Call, f map[string]any, _ bool) map[string]any {
	out := plugin.CloneObject(f)
	linked := []any{}
	if surveys, ok := c.Resource("surveys"); ok {
		want := idKey(f["id"])
		for _, s := range surveys.All() {
			if surveyFlag(s) == want {
				linked = append(linked, map[string]any{"id": s["id"], "name": s["name"], "description": s["description"], "type": s["type"],
					"questions": s["questions"], "start_date": s["start_date"], "end_date": s["end_date"], "archived": s["archived"],
					"linked_flag_id": s["linked_flag_id"]})
			}
		}
	}
	out["surveys"] = linked
	out["experiment_set"] = flagExperiments(c)[idKey(f["id"])]
	if out["experiment_set"] == nil {
		out["experiment_set"] = []any{}
	}
	return out
}

// flagListQuery are the list filters of FeatureFlagViewSet._filter_request
// beyond search, which the contract declares.
var flagListQuery = []string{"active", "type", "created_by_id", "tags", "evaluation_runtime", "excluded_properties"}

// flagList keeps the flags the filters select, as
// FeatureFlagViewSet._filter_request does (posthog/api/feature_flag.py).
func flagList(c plugin.Call, items []plugin.Item) ([]plugin.Item, error) {
	q := c.Query()
	keep := make([]func(plugin.Item) bool, 0, len(flagListQuery))
	if v := q.Get("active"); q.Has("active") {
		if v == "STALE" {
			// Active, at least 30 days old, and rolled out to everyone.
			cutoff := ts(now(c).AddDate(0, 0, -30))
			keep = append(keep, func(it plugin.Item) bool {
				created := str(it.Field("created_at"))
				return it.Field("active") == true && created != "" && created < cutoff && fullRollout(obj(it.Field("filters")))
			})
		} else {
			want := v == "true"
			keep = append(keep, func(it plugin.Item) bool { return it.Field("active") == want })
		}
	}
	if v := q.Get("type"); v != "" {
		var experiments map[string][]any
		if v == "experiment" {
			experiments = flagExperiments(c)
		}
		keep = append(keep, func(it plugin.Item) bool {
			variants := len(list(obj(obj(it.Field("filters"))["multivariate"])["variants"]))
			switch v {
			case "boolean":
				return variants == 0
			case "multivariant":
				return variants > 0
			case "experiment":
				return len(experiments[it.ID()]) > 0
			case "remote_config":
				return it.Field("is_remote_configuration") == true
			}
			return true
		})
	}
	if v := q.Get("created_by_id"); v != "" {
		keep = append(keep, func(it plugin.Item) bool { return idKey(obj(it.Field("created_by"))["id"]) == v })
	}
	if v := q.Get("evaluation_runtime"); v != "" {
		keep = append(keep, func(it plugin.Item) bool { return it.Field("evaluation_runtime") == v })
	}
	if keys := jsonStrings(q.Get("excluded_properties")); len(keys) > 0 {
		keep = append(keep, func(it plugin.Item) bool { return !contains(keys, str(it.Field("key"))) })
	}
	if tags := jsonStrings(q.Get("tags")); len(tags) > 0 {
		keep = append(keep, func(it plugin.Item) bool {
			for _, t := range list(it.Field("tags")) {
				if contains(tags, str(t)) {
					return true
				}
			}
			return false
		})
	}
	kept := items[:0:0]
next:
	for _, it := range items {
		for _, k := range keep {
			if !k(it) {
				continue next
			}
		}
		kept = append(kept, it)
	}
	return kept, nil
}

// fullRollout is PostHog's test for a stale flag's conditions: a group
// without properties at 100%, and no variants or one at 100%.
func fullRollout(filters map[string]any) bool {
	full := false
	for _, g := range list(filters["groups"]) {
		if p, _ := obj(g)["rollout_percentage"].(float64); p == 100 && len(list(obj(g)["properties"])) == 0 {
			full = true
		}
	}
	variants := list(obj(filters["multivariate"])["variants"])
	if !full || len(variants) == 0 {
		return full
	}
	for _, v := range variants {
		if p, _ := obj(v)["rollout_percentage"].(float64); p == 100 {
			return true
		}
	}
	return false
}

// jsonStrings reads a JSON list of strings; anything else is no list, as
// PostHog ignores a filter it cannot parse.
func jsonStrings(s string) []string {
	var out []string
	if s == "" || json.Unmarshal([]byte(s), &out) != nil {
		return nil
	}
	return out
}
