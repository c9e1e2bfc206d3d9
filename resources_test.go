package mockserver_test

import (
	"encoding/json"
	"fmt"
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

// A list is answered in the shape the document declares, paged with the
// parameters it declares: a bare array or an envelope with its count.
func TestListAnswersInTheDeclaredShape(t *testing.T) {
	t.Parallel()
	const things = `{"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}`
	cases := []struct {
		name, list, items, count string
		link                     bool // the list declares a Link header
	}{
		{"bare array", things, "", "", false},
		{"bare array with a Link header", things, "", "", true},
		{"items and total_count", `{"type": "object", "properties": {"total_count": {"type": "integer"}, "items": ` + things + `}}`, "items", "total_count", true},
		{"values and total", `{"type": "object", "properties": {"total": {"type": "integer"}, "values": ` + things + `}}`, "values", "total", false},
		{"data and has_more", `{"type": "object", "properties": {"has_more": {"type": "boolean"}, "data": ` + things + `}}`, "data", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			doc := strings.Replace(string(thingsDoc(tc.list)), `"operationId": "listThings", `,
				`"operationId": "listThings", "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}}, {"name": "per_page", "in": "query", "schema": {"type": "integer"}}], `, 1)
			if tc.link {
				doc = strings.Replace(doc, `"200": {"description": "ok", "content"`, `"200": {"description": "ok", "headers": {"Link": {"schema": {"type": "string"}}}, "content"`, 1)
			}
			s := newServer(t, mockserver.Options{Spec: []byte(doc), Seed: 3})
			page := func(query string) ([]any, any) {
				t.Helper()
				resp, body := send(t, s.Client(), "GET", "http://things.test/things"+query, "")
				if resp.StatusCode != 200 || resp.Header.Get("X-Mock-Violations") != "" {
					t.Fatalf("GET /things%s: %d %s (violations %q)", query, resp.StatusCode, body, resp.Header.Get("X-Mock-Violations"))
				}
				var v any
				if err := json.Unmarshal(body, &v); err != nil {
					t.Fatal(err)
				}
				if tc.items == "" {
					items, ok := v.([]any)
					if !ok {
						t.Fatalf("GET /things%s = %s, want a bare array", query, body)
					}
					return items, nil
				}
				env, _ := v.(map[string]any)
				items, ok := env[tc.items].([]any)
				if !ok {
					t.Fatalf("GET /things%s = %s, want the items in %q", query, body, tc.items)
				}
				return items, env[tc.count]
			}
			all, count := page("")
			if len(all) < 2 {
				t.Fatalf("%d seeded things, want at least 2", len(all))
			}
			if tc.count != "" && count != float64(len(all)) {
				t.Errorf("%s = %v, want %d", tc.count, count, len(all))
			}
			second, count := page("?page=2&per_page=1")
			if len(second) != 1 || second[0].(map[string]any)["id"] != all[1].(map[string]any)["id"] {
				t.Errorf("page 2 of 1 = %v, want [%v]", second, all[1])
			}
			if tc.count != "" && count != float64(len(all)) {
				t.Errorf("paged %s = %v, want the total %d", tc.count, count, len(all))
			}
			resp, body := send(t, s.Client(), "GET", "http://things.test/things?page=2&per_page=1", "")
			link := resp.Header.Get("Link")
			switch {
			case !tc.link && link != "":
				t.Errorf("Link = %q where the document declares none", link)
			case tc.link && len(all) > 2 && (!strings.Contains(link, `page=3&per_page=1>; rel="next"`) || !strings.Contains(link, fmt.Sprintf(`page=%d&per_page=1>; rel="last"`, len(all)))):
				t.Errorf("Link = %q, want page 3 as next and page %d as last (%s)", link, len(all), body)
			case tc.link && !strings.Contains(link, `page=1&per_page=1>; rel="prev"`):
				t.Errorf("Link = %q, want page 1 as prev", link)
			}
			if strings.Contains(tc.list, "has_more") {
				for query, want := range map[string]bool{"": false, "?per_page=1": true, fmt.Sprintf("?page=%d&per_page=1", len(all)): false} {
					resp, body := send(t, s.Client(), "GET", "http://things.test/things"+query, "")
					if got := decode(t, body)["has_more"]; resp.StatusCode != 200 || got != want {
						t.Errorf("GET /things%s: has_more = %v, want %v", query, got, want)
					}
				}
			}
		})
	}
}
