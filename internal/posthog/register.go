package posthog

import "github.com/mockserver-go/mockserver/plugin"

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
// their logs) lives in that server's state, so two servers never share
// anything and Reset forgets it all.
func Register() (map[string]plugin.Behaviour, map[string]*plugin.Hooks) {
	return map[string]plugin.Behaviour{
			"posthog.invocations":     invocations,
			"posthog.logs":            logs,
			"posthog.metrics":         metrics,
			"posthog.metrics_totals":  metricsTotals,
			"posthog.icons":           icons,
			"posthog.icon":            icon,
			"posthog.rearrange":       rearrange,
			"posthog.access_controls": accessControls,
			"posthog.members":         orgMembers,
		}, map[string]*plugin.Hooks{
			"posthog.hog_functions": {Create: hogCreate, Update: hogUpdate, View: hogView},
			"posthog.insights": {Create: insightCreate, Update: insightUpdate, View: insightView, ViewQuery: []string{"basic", "refresh"},
				List: insightList, ListQuery: []string{"insight", "order"}, Respond: insightRespond},
			"posthog.dashboards":       {Create: dashboardCreate, Update: dashboardUpdate, View: dashboardView},
			"posthog.alerts":           {Create: alertCreate, Update: alertUpdate, View: alertView, List: alertList, ListQuery: []string{"insight"}},
			"posthog.feature_flags":    {Create: flagCreate, Update: flagUpdate, View: flagView, List: flagList, ListQuery: flagListQuery},
			"posthog.actions":          {Create: actionCreate},
			"posthog.cohorts":          {Create: cohortCreate},
			"posthog.annotations":      {Create: annotationCreate, View: annotationView},
			"posthog.experiments":      {Create: experimentCreate, View: experimentView},
			"posthog.surveys":          {Create: surveyCreate, Update: surveyUpdate, View: surveyView},
			"posthog.projects":         {Create: projectCreate},
			"posthog.organizations":    {Create: organizationCreate},
			"posthog.roles":            {Create: roleCreate, Update: roleUpdate},
			"posthog.role_memberships": {Create: membershipCreate, Respond: membershipRespond},
		}
}
