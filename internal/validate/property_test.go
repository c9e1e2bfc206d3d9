package validate

import (
	"os"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/spec"
)

// TestPropertyAsAllProperties: property finds what allProperties maps a
// name to (the same schema, or none), for every schema reachable from the
// components of the embedded contract and of PostHog's full document, and
// for a name no schema has.
func TestPropertyAsAllProperties(t *testing.T) {
	docs := []*openapi3.T{embeddedDoc(t).T}
	data, err := os.ReadFile("../../testdata/posthog-openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	full, err := spec.Load(data, spec.LoadOptions{Location: "posthog-openapi.yaml", SkipValidation: true})
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs, full.T)
	seen := map[*openapi3.Schema]bool{}
	var walk func(s *openapi3.Schema)
	checked, withAllOf := 0, 0
	walk = func(s *openapi3.Schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		all := allProperties(s)
		for _, name := range append(keys(all), "no-such-property") {
			want, inAll := all[name]
			got, ok := property(s, name)
			if ok != inAll || got != want {
				t.Errorf("property(%q) = %p, %v; allProperties has %p, %v", name, got, ok, want, inAll)
			}
			checked++
		}
		if len(s.AllOf) > 0 {
			withAllOf++
		}
		for _, refs := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
			for _, r := range refs {
				if r != nil {
					walk(r.Value)
				}
			}
		}
		for _, r := range s.Properties {
			if r != nil {
				walk(r.Value)
			}
		}
		if s.Items != nil {
			walk(s.Items.Value)
		}
	}
	for _, d := range docs {
		for _, r := range d.Components.Schemas {
			walk(r.Value)
		}
	}
	if checked < 1000 || withAllOf == 0 {
		t.Fatalf("checked %d names in %d schemas, %d with allOf: the documents did not load as expected", checked, len(seen), withAllOf)
	}
}

func keys(m openapi3.Schemas) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
