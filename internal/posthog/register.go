package posthog

import "github.com/mockserver-go/mockserver/internal/engine"

// Names lists every behaviour and hook name this package provides.
func Names() map[string]bool {
	b, h := Register()
	out := make(map[string]bool, len(b)+len(h))
	for k := range b {
		out[k] = true
	}
	for k := range h {
		out[k] = true
	}
	return out
}

// Register returns fresh behaviours and hooks. They keep no state of their
// own: everything a server remembers (functions, insights, invocations and
// their logs) lives in that server's engine store, so two servers never
// share anything and Reset forgets it all.
func Register() (map[string]engine.Behaviour, map[string]*engine.Hooks) {
	return map[string]engine.Behaviour{
			"posthog.invocations":    invocations,
			"posthog.logs":           logs,
			"posthog.metrics":        metrics,
			"posthog.metrics_totals": metricsTotals,
			"posthog.icons":          icons,
			"posthog.icon":           icon,
			"posthog.rearrange":      rearrange,
		}, map[string]*engine.Hooks{
			"posthog.hog_functions": {Create: hogCreate, Update: hogUpdate, View: hogView, ViewDelta: hogViewDelta, ViewKey: hogViewKey},
			"posthog.insights": {Create: insightCreate, Update: insightUpdate, View: insightView, ViewKey: insightViewKey,
				List: insightList, ListApplies: insightListApplies, Respond: insightRespond},
		}
}

// hogViewKey: a hog function's view depends on the object and on whether
// it is a list item only, so it is cached per object version.
func hogViewKey(*engine.Call, bool) string { return "hog" }

// insightViewKey: the basic view and the uncomputed full view depend on
// the object only; a refresh computes results per request, never cached.
func insightViewKey(c *engine.Call, _ bool) string {
	if truthy(c.Query.Get("basic")) {
		return "basic"
	}
	if _, refresh := c.Query["refresh"]; refresh {
		return ""
	}
	return "full"
}
