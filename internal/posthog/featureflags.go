package posthog

import (
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
	if i := seedIndex(c); i >= 0 {
		// A seeded flag is a plain release: one condition rolled out to a
		// plausible share of users.
		filters = map[string]any{"groups": []any{map[string]any{"properties": []any{}, "rollout_percentage": float64([]int{100, 50, 20}[i%3])}}}
	}
	if filters == nil {
		filters = map[string]any{"groups": []any{map[string]any{"properties": []any{}, "rollout_percentage": nil}}}
	}
	f["filters"] = plugin.Clone(filters)
	for k, v := range map[string]any{"active": true, "deleted": false, "name": "", "ensure_experience_continuity": false} {
		if _, sent := body[k]; !sent {
			f[k] = v
		}
	}
	f["version"], f["can_edit"], f["user_access_level"], f["status"] = float64(0), true, "editor", "ACTIVE"
	flagDerived(f)
	return nil
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
