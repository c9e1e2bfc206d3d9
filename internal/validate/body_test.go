package validate

import (
	"reflect"
	"sort"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/spec"
)

// TestBodySchemaPerProperty checks that validating only the sent properties
// of a body (bodySchema, for schemas that constrain properties one by one)
// finds exactly what validating the whole body finds, for every request body
// of the embedded contract and a wrong value of every type in every
// property, alone and together.
func TestBodySchemaPerProperty(t *testing.T) {
	doc := embeddedDoc(t)
	v := New(doc)
	wrong := []any{nil, true, 1.5, float64(-3), "x", "", []any{}, []any{"a", 2.0}, map[string]any{}, map[string]any{"k": "v"}}
	checked := 0
	for _, op := range doc.Operations {
		s := spec.JSONRequestSchema(op)
		if s == nil || !v.propertiesOnly(s) {
			continue
		}
		checked++
		names := make([]string, 0, len(s.Properties)+1)
		for k := range s.Properties {
			names = append(names, k)
		}
		sort.Strings(names)
		names = append(names, "not_declared")
		for _, w := range wrong {
			all := map[string]any{}
			for _, k := range names {
				all[k] = w
				compareBody(t, v, s, op.ID, map[string]any{k: w})
			}
			compareBody(t, v, s, op.ID+" (all)", all)
		}
	}
	t.Logf("%d request bodies checked property by property", checked)
	if checked == 0 {
		t.Fatal("no request body of the contract takes the per-property check")
	}
}

func compareBody(t *testing.T, v *Validator, s *openapi3.Schema, name string, body map[string]any) {
	t.Helper()
	c := newCollector(MaxViolations, false)
	v.bodySchema(c, s, body)
	got := c.violations()
	want := v.Schema(s, body, false, "body", "")
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s %v:\nper property %+v\nwhole body   %+v", name, body, got, want)
	}
}

func behaviourNames() map[string]bool {
	names := map[string]bool{}
	for _, n := range []string{"posthog.invocations", "posthog.logs", "posthog.metrics", "posthog.metrics_totals",
		"posthog.icons", "posthog.icon", "posthog.rearrange", "posthog.hog_functions", "posthog.insights",
		"posthog.access_controls", "posthog.dashboards", "posthog.alerts", "posthog.feature_flags", "posthog.projects",
		"posthog.actions", "posthog.cohorts", "posthog.annotations", "posthog.surveys", "posthog.members", "posthog.organizations",
		"posthog.roles", "posthog.role_memberships", "posthog.experiments"} {
		names[n] = true
	}
	return names
}
