package posthog_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
)

func TestHogFunctionCreateDefaults(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	r := m.do("POST", hf, map[string]any{"name": "  Fetch URL ", "hog": "fetch(inputs.url);\n", "description": " Test description ",
		"inputs_schema": []any{map[string]any{"key": "url", "type": "string", "label": "URL"}},
		"inputs":        map[string]any{"url": map[string]any{"value": "https://example.com"}, "extra": map[string]any{"value": "dropped"}},
		"deleted":       false, "_create_in_folder": "Unfiled"}).want(t, 201)
	fn := r.obj()
	if got := strings.Join(keys(fn, r.raw), ","); got != "id,type,name,description,created_at,created_by,updated_at,enabled,hog,bytecode,transpiled,inputs_schema,inputs,filters,masking,mappings,icon_url,template,status,execution_order" {
		t.Errorf("field order %s", got)
	}
	checks := map[string]any{"type": "destination", "enabled": false, "name": "Fetch URL", "description": "Test description",
		"hog": "fetch(inputs.url);", "transpiled": nil, "template": nil, "masking": nil, "mappings": nil, "execution_order": nil,
		"icon_url": nil, "created_at": "2025-06-10T09:30:00Z"}
	for k, want := range checks {
		if !reflect.DeepEqual(fn[k], want) {
			t.Errorf("%s = %#v, want %#v", k, fn[k], want)
		}
	}
	bc, _ := fn["bytecode"].([]any)
	if len(bc) < 3 || bc[0] != "_H" || bc[1] != 1.0 {
		t.Errorf("bytecode %v", fn["bytecode"])
	}
	if !reflect.DeepEqual(fn["status"], map[string]any{"state": 0.0, "tokens": 0.0}) {
		t.Errorf("status %v", fn["status"])
	}
	item := fn["inputs_schema"].([]any)[0].(map[string]any)
	if item["required"] != false || item["secret"] != false || item["hidden"] != false {
		t.Errorf("inputs_schema defaults %v", item)
	}
	in := fn["inputs"].(map[string]any)
	if _, ok := in["extra"]; ok || len(in) != 1 {
		t.Errorf("inputs not in the schema must be dropped: %v", in)
	}
	url := in["url"].(map[string]any)
	if url["value"] != "https://example.com" || url["order"] != 0.0 || url["bytecode"] == nil {
		t.Errorf("input %v", url)
	}
	f := fn["filters"].(map[string]any)
	if f["source"] != "events" || !reflect.DeepEqual(f["bytecode"], []any{"_H", 1.0, 29.0}) {
		t.Errorf("filters %v", f)
	}
	for _, k := range []string{"deleted", "template_id", "_create_in_folder"} {
		if strings.Contains(string(r.raw), `"`+k+`"`) {
			t.Errorf("write-only %s returned", k)
		}
	}
}

func TestHogFunctionCreateSiteAndTemplate(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	site := m.createHog(map[string]any{"type": "site_app", "hog": "console.log('hi')"})
	if site["bytecode"] != nil || site["transpiled"] == nil || site["transpiled"] == "" {
		t.Errorf("site type: bytecode %v transpiled %v", site["bytecode"], site["transpiled"])
	}
	if f := site["filters"].(map[string]any); f["transpiled"] == nil || f["bytecode"] != nil {
		t.Errorf("site filters %v", f)
	}
	tpl := m.createHog(map[string]any{"template_id": "template-webhook", "inputs": map[string]any{"url": map[string]any{"value": "https://example.com/hook"}}})
	if tpl["name"] != "HTTP Webhook" || !strings.Contains(tpl["hog"].(string), "fetch(inputs.url") {
		t.Errorf("template defaults: %v %v", tpl["name"], tpl["hog"])
	}
	if tm, _ := tpl["template"].(map[string]any); tm["id"] != "template-webhook" || tm["code_language"] != "hog" {
		t.Errorf("template %v", tpl["template"])
	}
	m.do("POST", hf, map[string]any{"template_id": "template-nope"}).
		wantError(t, 400, "validation_error", "invalid_input", "No template found for id 'template-nope'", "template_id")
}

func TestHogFunctionSecretInputs(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	fn := m.createHog(map[string]any{"hog": "fetch(inputs.url)", "inputs_schema": []any{
		map[string]any{"key": "url", "type": "string", "secret": true, "required": true}},
		"inputs": map[string]any{"url": map[string]any{"value": "https://secret.example.com"}}})
	if !reflect.DeepEqual(fn["inputs"], map[string]any{"url": map[string]any{"secret": true}}) {
		t.Fatalf("secret input returned as %v", fn["inputs"])
	}
	id := fn["id"].(string)
	m.do("PATCH", hf+id+"/", map[string]any{"name": "renamed", "inputs": map[string]any{"url": map[string]any{"secret": true}}}).want(t, 200)
	obj, _, _ := m.srv.Get("hog_functions", map[string]string{"project_id": "1"}, id)
	if v := obj["inputs"].(map[string]any)["url"].(map[string]any)["value"]; v != "https://secret.example.com" {
		t.Errorf("secret value not kept on update: %v", v)
	}
	// the mocked fetch of an invocation sees the kept secret
	r := m.do("POST", hf+id+"/invocations/", map[string]any{"configuration": obj, "globals": map[string]any{"event": map[string]any{"event": "$pageview"}}}).want(t, 200)
	if !strings.Contains(string(r.raw), "https://secret.example.com") {
		t.Errorf("invocation did not echo the url: %s", r.raw)
	}
}

func TestHogFunctionValidationErrors(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	cases := []struct {
		name               string
		body               map[string]any
		code, detail, attr string
	}{
		{"hog required", map[string]any{"name": "x"}, "invalid_input", "Required.", "hog"},
		{"bad type", map[string]any{"hog": "x", "type": "invalid_type"}, "invalid_choice", `"invalid_type" is not a valid choice.`, "type"},
		{"hog too large", map[string]any{"hog": strings.Repeat("a", 100*1024+1)}, "invalid_input",
			"HOG code exceeds maximum size of 100KB. Please simplify your code or contact support if you need this limit increased.", "hog"},
		{"name too long", map[string]any{"hog": "x", "name": strings.Repeat("n", 401)}, "max_length", "Ensure this field has no more than 400 characters.", "name"},
		{"enabled not boolean", map[string]any{"hog": "x", "enabled": "yes please"}, "invalid_input", "Must be a valid boolean.", "enabled"},
		{"mappings on transformation", map[string]any{"hog": "x", "type": "transformation", "mappings": []any{map[string]any{"name": "m"}}},
			"invalid_input", "Mappings are only allowed for destinations.", "mappings"},
		{"input not a string", map[string]any{"hog": "x", "inputs_schema": []any{map[string]any{"key": "url", "type": "string"}},
			"inputs": map[string]any{"url": map[string]any{"value": 42}}}, "invalid_input", "Value must be a string.", "inputs__url"},
		{"input not a number", map[string]any{"hog": "x", "inputs_schema": []any{map[string]any{"key": "n", "type": "number"}},
			"inputs": map[string]any{"n": map[string]any{"value": "1"}}}, "invalid_input", "Value must be a number.", "inputs__n"},
		{"required input", map[string]any{"hog": "x", "inputs_schema": []any{map[string]any{"key": "url", "type": "string", "required": true}}},
			"invalid_input", "This field is required.", "inputs__url"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m.do("POST", hf, tc.body).wantError(t, 400, "validation_error", tc.code, tc.detail, tc.attr)
		})
	}
}

func TestHogFunctionTransformationOrderAndLimit(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	for i := 1; i <= 20; i++ {
		fn := m.createHog(map[string]any{"type": "transformation", "hog": "return event", "enabled": true})
		if fn["execution_order"] != float64(i) {
			t.Fatalf("transformation %d got execution_order %v", i, fn["execution_order"])
		}
	}
	m.do("POST", hf, map[string]any{"type": "transformation", "hog": "return event", "enabled": true}).wantError(t, 400, "validation_error", "invalid_input",
		"Maximum of 20 enabled transformation functions allowed per team. Please contact support if you need this limit increased, or disable some existing transformations.", "type")
	off := m.createHog(map[string]any{"type": "transformation", "hog": "return event"})
	if off["execution_order"] != 21.0 {
		t.Errorf("disabled transformation order %v", off["execution_order"])
	}
}
