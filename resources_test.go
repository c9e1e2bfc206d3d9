package mockserver_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
)

// thingsDoc has GET /things answering list and GET /things/{id} a Thing.
func thingsDoc(list string) []byte {
	return []byte(`{"openapi": "3.0.3", "info": {"title": "things", "version": "1"},
"paths": {
  "/things": {"get": {"operationId": "listThings", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": ` + list + `}}}}}},
  "/things/{id}": {"get": {"operationId": "getThing", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                  "404": {"description": "missing"}}}}
},
"components": {"schemas": {"Thing": {"type": "object", "required": ["id", "name"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}}}}`)
}

// An item path answers an object, never its collection's body: when the
// list declares strings, the pair keeps no state and both paths answer
// their own declared shapes; when it declares the items, the item path
// answers a listed object.
func TestItemPathAnswersAnObject(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, list string
		resource   bool
	}{
		{"list of strings", `{"type": "array", "items": {"type": "string"}}`, false},
		{"list of things", `{"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}`, true},
		{"envelope of things", `{"type": "object", "properties": {"total_count": {"type": "integer"}, "items": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}}}`, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, mockserver.Options{Spec: thingsDoc(tc.list), Seed: 7})
			if got := len(s.Resources()) == 1; got != tc.resource {
				t.Fatalf("resources = %v, want a resource: %v", s.Resources(), tc.resource)
			}
			refused := false
			for _, w := range s.Warnings() {
				refused = refused || strings.HasPrefix(w, "not a resource at /things and /things/{id}: ")
			}
			if refused == tc.resource {
				t.Errorf("warnings = %q, want a refusal: %v", s.Warnings(), !tc.resource)
			}
			resp, body := send(t, s.Client(), "GET", "http://things.test/things", "")
			if resp.StatusCode != 200 || resp.Header.Get("X-Mock-Violations") != "" {
				t.Fatalf("GET /things: %d %s (violations %q)", resp.StatusCode, body, resp.Header.Get("X-Mock-Violations"))
			}
			var list any
			if err := json.Unmarshal(body, &list); err != nil {
				t.Fatal(err)
			}
			if env, ok := list.(map[string]any); ok {
				list = env["items"]
			}
			items, _ := list.([]any)
			if !tc.resource {
				for _, it := range items {
					if _, ok := it.(string); !ok {
						t.Fatalf("GET /things = %s, want the declared strings", body)
					}
				}
			}
			id := "abc"
			if tc.resource {
				if len(items) == 0 {
					t.Fatalf("GET /things: no items in %s", body)
				}
				id, _ = items[0].(map[string]any)["id"].(string)
			}
			resp, body = send(t, s.Client(), "GET", "http://things.test/things/"+id, "")
			if resp.StatusCode != 200 || resp.Header.Get("X-Mock-Violations") != "" {
				t.Fatalf("GET /things/%s: %d %s (violations %q)", id, resp.StatusCode, body, resp.Header.Get("X-Mock-Violations"))
			}
			thing := decode(t, body) // fails on an array
			if _, ok := thing["name"].(string); !ok {
				t.Errorf("GET /things/%s = %s, want a Thing", id, body)
			}
			if tc.resource && thing["id"] != id {
				t.Errorf("GET /things/%s answered id %v, want the listed object", id, thing["id"])
			}
		})
	}
}
