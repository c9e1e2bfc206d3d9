package posthog_test

import (
	"reflect"
	"testing"

	"github.com/mockserver-go/mockserver"
)

// A function arranged with Put was never compiled: its first update
// compiles it in full (filters get their bytecode and lose unknown keys),
// and later updates, which compile only what changed, answer the same
// derived fields.
func TestHogFunctionPutThenUpdatesCompile(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	const id = "0d4cd9a4-4aa4-4b39-a4c1-9b0f9a0b4b2a"
	if _, err := m.srv.Put("hog_functions", map[string]string{"project_id": "1"}, map[string]any{
		"id": id, "name": "arranged", "hog": "return event", "type": "destination",
		"filters":       map[string]any{"events": []any{map[string]any{"id": "$pageview"}}, "junk": true},
		"inputs_schema": []any{map[string]any{"key": "url", "type": "string"}},
		"inputs":        map[string]any{"url": map[string]any{"value": "https://example.com"}},
	}); err != nil {
		t.Fatal(err)
	}
	first := m.do("PATCH", hf+id+"/", map[string]any{"name": "one"}).want(t, 200).obj()
	f, _ := first["filters"].(map[string]any)
	if f["junk"] != nil || f["source"] != "events" || f["bytecode"] == nil {
		t.Errorf("filters after the first update = %v, want compiled", f)
	}
	in, _ := first["inputs"].(map[string]any)
	if url, _ := in["url"].(map[string]any); url["bytecode"] == nil || url["order"] != 0.0 {
		t.Errorf("inputs after the first update = %v, want compiled", in)
	}
	second := m.do("PATCH", hf+id+"/", map[string]any{"name": "two", "enabled": true}).want(t, 200).obj()
	for _, k := range []string{"inputs_schema", "inputs", "filters", "masking", "bytecode", "transpiled"} {
		if !reflect.DeepEqual(first[k], second[k]) {
			t.Errorf("%s = %v after the second update, %v after the first", k, second[k], first[k])
		}
	}
	if second["name"] != "two" || second["enabled"] != true {
		t.Errorf("second update not applied: %v %v", second["name"], second["enabled"])
	}
}

// An update keeps template_id as the function was created: absent without
// a template (not null, which every view would then have to drop), the
// template's id with one, whatever the client sends.
func TestHogFunctionUpdateKeepsTemplateID(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	plain := m.createHog(map[string]any{"hog": "return event", "name": "plain"})
	fromTpl := m.createHog(map[string]any{"template_id": "template-webhook", "name": "hook",
		"inputs": map[string]any{"url": map[string]any{"value": "https://example.com"}}})
	scope := map[string]string{"project_id": "1"}
	for _, tt := range []struct {
		id   string
		want any // nil: absent
	}{{plain["id"].(string), nil}, {fromTpl["id"].(string), "template-webhook"}} {
		m.do("PATCH", hf+tt.id+"/", map[string]any{"name": "renamed", "template_id": "template-slack"}).want(t, 200)
		obj, _, ok := m.srv.Get("hog_functions", scope, tt.id)
		if !ok {
			t.Fatalf("%s not stored", tt.id)
		}
		tid, has := obj["template_id"]
		if tt.want == nil && has || tt.want != nil && tid != tt.want {
			t.Errorf("stored template_id = %v (present %v), want %v", tid, has, tt.want)
		}
	}
}
