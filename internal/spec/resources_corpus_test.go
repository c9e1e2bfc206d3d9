package spec

import (
	"path/filepath"

	"github.com/getkin/kin-openapi/openapi3"
	"sort"
	"strings"
	"testing"
)

// TestResourcesOverCorpus loads every document of the corpus and PostHog's
// and checks, for each resource found, that its list items and its item
// agree in shape; it logs how many resources each document has (go test
// -v -run TestResourcesOverCorpus shows the counts).
func TestResourcesOverCorpus(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("../../testdata/corpus/3.[01]/*.json")
	files = append(files, "../../testdata/posthog-openapi.yaml")
	total := 0
	for _, f := range files {
		d := mustLoadFile(t, f)
		var names []string
		shapes := map[string]int{}
		for name, res := range d.Resources {
			names = append(names, name)
			checkResourceShapes(t, f, res)
			shapes[res.List.Kind.String()+"/"+res.List.Items+" paged by "+res.List.Paging.String()]++
		}
		sort.Strings(names)
		total += len(names)
		refused := 0
		for _, w := range d.Warnings {
			if pw := ParseWarning(w); pw.Kind == KindNotAResource {
				refused++
				t.Logf("  %s", w)
			}
		}
		t.Logf("%s: %d resources, %d pairs refused, lists %v: %s", strings.TrimPrefix(f, "../../testdata/"), len(names), refused, shapes, strings.Join(names, " "))
	}
	t.Logf("total: %d resources", total)
}

// checkResourceShapes fails for a resource whose read answers something
// else than an object, or whose list answers no list of objects that the
// item covers.
func checkResourceShapes(t *testing.T, file string, res *Resource) {
	t.Helper()
	read, list := res.Ops[RoleRead], res.Ops[RoleList]
	var item *openapi3.Schema
	if read != nil {
		item = FirstBranch(JSONResponseSchema(read, read.Success))
		if k := kindOf(item); k != "" && k != "object" {
			t.Errorf("%s: resource %s: GET %s answers %s", file, res.Name, read.Path, k)
		}
	}
	if list == nil {
		return
	}
	body := JSONResponseSchema(list, list.Success)
	if body == nil {
		return
	}
	if res.List.Kind == ListUnknown {
		t.Errorf("%s: resource %s: GET %s declares a body of no list shape", file, res.Name, list.Path)
	}
	_, items, _ := listShapeOf(body)
	if k := kindOf(FirstBranch(items)); k != "" && k != "object" {
		t.Errorf("%s: resource %s: GET %s lists %s items", file, res.Name, list.Path, k)
	}
	if item != nil && items != nil {
		if why := coverage(FirstBranch(items), item); why != "" {
			t.Errorf("%s: resource %s: %s", file, res.Name, why)
		}
	}
}
