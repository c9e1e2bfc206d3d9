package spec

import (
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// shareSiblingSchemas gives a JSON media type that declares no schema the
// schema of a sibling that differs only in its parameters
// ("application/json" beside "application/json; charset=utf-8"): they are
// one representation, and documents often put the example under one and
// the schema under the other. Without this, such an example would be
// served unchecked while the answer is judged by the sibling's schema.
func (d *Doc) shareSiblingSchemas() {
	t := d.T
	if cs := t.Components; cs != nil {
		for _, r := range cs.Responses {
			if r != nil && r.Value != nil {
				shareIn(r.Value.Content)
			}
		}
		for _, rb := range cs.RequestBodies {
			if rb != nil && rb.Value != nil {
				shareIn(rb.Value.Content)
			}
		}
	}
	if t.Paths == nil {
		return
	}
	for _, item := range t.Paths.Map() {
		for _, op := range item.Operations() {
			if rb := op.RequestBody; rb != nil && rb.Value != nil {
				shareIn(rb.Value.Content)
			}
			if op.Responses == nil {
				continue
			}
			for _, r := range op.Responses.Map() {
				if r != nil && r.Value != nil {
					shareIn(r.Value.Content)
				}
			}
		}
	}
}

// shareIn fills in the missing schemas of one content map. The sibling is
// the first in name order, so the choice does not depend on map order.
func shareIn(content openapi3.Content) {
	if len(content) < 2 {
		return
	}
	names := make([]string, 0, len(content))
	for k := range content {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		m := content[k]
		if m == nil || m.Schema != nil || !IsJSON(k) {
			continue
		}
		for _, other := range names {
			if o := content[other]; o != nil && o.Schema != nil && other != k && baseMedia(other) == baseMedia(k) {
				m.Schema = o.Schema
				break
			}
		}
	}
}

// baseMedia is a media type without its parameters, lower-cased.
func baseMedia(mt string) string {
	base, _, _ := strings.Cut(mt, ";")
	return strings.ToLower(strings.TrimSpace(base))
}
