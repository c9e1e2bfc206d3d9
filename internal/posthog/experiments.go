package posthog

import (
	"strconv"

	"github.com/mockserver-go/mockserver/plugin"
)

// Experiments run on a feature flag. Source: posthog/api/experiment.py
// (ExperimentSerializer.create: the flag of feature_flag_key, made with a
// control and a test variant when the project has none) and
// posthog/api/feature_flag.py (a flag's experiment_set). An experiment
// keeps its flag as {"id": N}; only experiment hooks write flags, never
// the reverse.

func experimentCreate(c plugin.Call, e, body map[string]any) error {
	flags, ok := c.Resource("feature_flags")
	if !ok {
		return nil
	}
	key := str(body["feature_flag_key"])
	var flag map[string]any
	for _, f := range flags.All() {
		if f["key"] == key {
			flag = f
		}
	}
	if flag == nil {
		if !flagKey.MatchString(key) {
			return plugin.Invalid("feature_flag_key", "invalid_key", "Only letters, numbers, hyphens (-) & underscores (_) are allowed.")
		}
		var err error
		if flag, err = experimentFlag(c, flags, key, str(body["name"])); err != nil {
			return err
		}
	}
	e["feature_flag"] = map[string]any{"id": flag["id"]}
	e["created_by"], e["holdout"], e["exposure_cohort"], e["saved_metrics"] = user(0), nil, nil, []any{}
	for k, v := range map[string]any{"start_date": nil, "end_date": nil, "archived": false, "deleted": false, "type": "product",
		"conclusion": nil, "conclusion_comment": nil, "description": ""} {
		if _, sent := body[k]; !sent {
			e[k] = v
		}
	}
	projectFields(c, e)
	delete(e, "team_id")
	return nil
}

// experimentFlag makes the flag of a new experiment: a control and a test
// variant, half each, rolled out to everyone.
func experimentFlag(c plugin.Call, flags plugin.Collection, key, name string) (map[string]any, error) {
	n := 1.0
	for _, f := range flags.All() {
		if id, _ := f["id"].(float64); id >= n {
			n = id + 1
		}
	}
	for flags.Deleted(idKey(n)) {
		n++
	}
	at := ts(now(c))
	f := map[string]any{"id": n, "key": key, "name": "Feature Flag for Experiment " + name, "created_at": at, "updated_at": at,
		"filters": map[string]any{"groups": []any{map[string]any{"properties": []any{}, "rollout_percentage": float64(100)}},
			"multivariate": map[string]any{"variants": []any{map[string]any{"key": "control", "rollout_percentage": float64(50)},
				map[string]any{"key": "test", "rollout_percentage": float64(50)}}}},
		"created_by": user(0), "last_modified_by": user(0), "creation_context": "experiments"}
	flagDefaults(f, plugin.CloneObject(f))
	if err := flags.Create(strconv.FormatFloat(n, 'f', -1, 64), f); err != nil {
		return nil, err
	}
	return f, nil
}

// experimentView renders the experiment's flag from the project's flags
// (MinimalFeatureFlagSerializer).
func experimentView(c plugin.Call, e map[string]any, _ bool) map[string]any {
	out := plugin.CloneObject(e)
	if flags, ok := c.Resource("feature_flags"); ok {
		if f, found := flags.Get(idKey(obj(e["feature_flag"])["id"])); found {
			out["feature_flag"] = minimalFlag(c, f)
		}
	}
	return out
}

// flagExperiments are the ids of the live experiments on each flag.
func flagExperiments(c plugin.Call) map[string][]any {
	out := map[string][]any{}
	if exps, ok := c.Resource("experiments"); ok {
		for _, e := range exps.All() {
			k := idKey(obj(e["feature_flag"])["id"])
			out[k] = append(out[k], e["id"])
		}
	}
	return out
}
