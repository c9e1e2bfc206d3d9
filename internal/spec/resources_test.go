package spec

import (
	"fmt"
	"strings"
	"testing"
)

// pairDoc is a document with one collection/item pair: GET /things answers
// list, GET /things/{id} answers item; params are the list's query
// parameters and listHeaders its response headers (JSON).
func pairDoc(list, item, params, listHeaders string) []byte {
	if params == "" {
		params = "[]"
	}
	if listHeaders == "" {
		listHeaders = "{}"
	}
	return []byte(fmt.Sprintf(`{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
"paths": {
  "/things": {"get": {"operationId": "list", "parameters": %s,
    "responses": {"200": {"description": "ok", "headers": %s, "content": {"application/json": {"schema": %s}}}}},
    "post": {"operationId": "create", "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
    "responses": {"201": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}},
  "/things/{id}": {"get": {"operationId": "read", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": %s}}}}}}
},
"components": {"schemas": {
  "Thing": {"type": "object", "required": ["id", "name"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "size": {"type": "integer"}}},
  "ThingSummary": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}}},
  "Gadget": {"type": "object", "required": ["sku", "price"], "properties": {"sku": {"type": "string"}, "price": {"type": "number"}}},
  "Wheel": {"type": "object", "properties": {"spokes": {"type": "integer"}}}
}}}`, params, listHeaders, list, item))
}

const (
	thingRef = `{"$ref": "#/components/schemas/Thing"}`
	thingArr = `{"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}`
)

func TestResourcesWhereShapesAgree(t *testing.T) {
	t.Parallel()
	q := func(names ...string) string {
		var ps []string
		for _, n := range names {
			ps = append(ps, fmt.Sprintf(`{"name": %q, "in": "query", "schema": {"type": "integer"}}`, n))
		}
		return "[" + strings.Join(ps, ",") + "]"
	}
	cases := []struct {
		name, list, item, params, headers string
		// refused: the warning's detail contains it; "" for a resource.
		refused string
		shape   ListShape
		// wrap: the property the item's answer holds the object under.
		wrap string
	}{
		{name: "same $ref in a bare array", list: thingArr, item: thingRef,
			shape: ListShape{Kind: ListArray}},
		{name: "array without a type", list: `{"items": {"$ref": "#/components/schemas/Thing"}}`, item: thingRef,
			shape: ListShape{Kind: ListArray}},
		{name: "list view covered by the item", list: `{"type": "array", "items": {"$ref": "#/components/schemas/ThingSummary"}}`, item: thingRef,
			shape: ListShape{Kind: ListArray}},
		{name: "inline list item covered by the item", list: `{"type": "array", "items": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}}`, item: thingRef,
			shape: ListShape{Kind: ListArray}},
		{name: "list item requires what the item lacks", list: `{"type": "array", "items": {"$ref": "#/components/schemas/Gadget"}}`, item: thingRef,
			refused: "the item lacks price, sku"},
		{name: "no property in common", list: `{"type": "array", "items": {"$ref": "#/components/schemas/Wheel"}}`, item: thingRef,
			refused: "no property in common"},
		{name: "item answers an array", list: thingArr, item: thingArr,
			refused: "GET /things/{id} answers an array"},
		{name: "list of strings", list: `{"type": "array", "items": {"type": "string"}}`, item: thingRef,
			refused: "lists string items"},
		{name: "list answers an object", list: thingRef, item: thingRef,
			refused: "GET /things answers no list (an object)"},
		{name: "object with one array beside other fields is no list",
			list: `{"type": "object", "properties": {"id": {"type": "string"}, "owner": {"type": "string"}, "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}}}`, item: thingRef,
			refused: "answers no list"},
		{name: "DRF envelope with limit/offset",
			list: `{"type": "object", "properties": {"count": {"type": "integer"}, "next": {"type": "string", "nullable": true}, "previous": {"type": "string", "nullable": true}, "results": ` + thingArr + `}}`,
			item: thingRef, params: q("limit", "offset"),
			shape: ListShape{Kind: ListEnvelope, Items: "results", Count: "count", Next: "next", Previous: "previous", Paging: PagingLimitOffset, Limit: "limit", Offset: "offset"}},
		{name: "items envelope with total_count and page/per_page and a Link header",
			list: `{"type": "object", "properties": {"total_count": {"type": "integer"}, "items": ` + thingArr + `}}`,
			item: thingRef, params: q("page", "per_page"), headers: `{"Link": {"schema": {"type": "string"}}}`,
			shape: ListShape{Kind: ListEnvelope, Items: "items", Count: "total_count", Paging: PagingPage, Page: "page", PerPage: "per_page", LinkHeader: true}},
		{name: "data envelope with has_more and a cursor",
			list: `{"type": "object", "properties": {"object": {"type": "string"}, "has_more": {"type": "boolean"}, "data": ` + thingArr + `}}`,
			item: thingRef, params: q("limit", "starting_after"),
			shape: ListShape{Kind: ListEnvelope, Items: "data", HasMore: "has_more", Paging: PagingCursor, Cursor: "starting_after", Limit: "limit"}},
		{name: "values envelope with total",
			list:  `{"type": "object", "properties": {"total": {"type": "integer"}, "values": ` + thingArr + `}}`,
			item:  thingRef,
			shape: ListShape{Kind: ListEnvelope, Items: "values", Count: "total"}},
		{name: "records envelope in allOf",
			list:  `{"allOf": [{"type": "object", "properties": {"count": {"type": "integer"}}}, {"type": "object", "properties": {"records": ` + thingArr + `}}]}`,
			item:  thingRef,
			shape: ListShape{Kind: ListEnvelope, Items: "records", Count: "count"}},
		{name: "entries envelope",
			list:  `{"type": "object", "properties": {"entries": ` + thingArr + `}}`,
			item:  thingRef,
			shape: ListShape{Kind: ListEnvelope, Items: "entries"}},
		{name: "envelope named otherwise with only page metadata beside",
			list: `{"type": "object", "properties": {"total_count": {"type": "integer"}, "workflow_runs": ` + thingArr + `}}`,
			item: thingRef, params: q("page", "per_page"),
			shape: ListShape{Kind: ListEnvelope, Items: "workflow_runs", Count: "total_count", Paging: PagingPage, Page: "page", PerPage: "per_page"}},
		{name: "envelope named otherwise with a list of links beside",
			list:  `{"type": "object", "properties": {"total_items": {"type": "integer"}, "_links": {"type": "array", "items": {"type": "object"}}, "automations": ` + thingArr + `}}`,
			item:  thingRef,
			shape: ListShape{Kind: ListEnvelope, Items: "automations", Count: "total_items"}},
		{name: "envelope with page URIs",
			list:  `{"type": "object", "properties": {"uri": {"type": "string"}, "first_page_uri": {"type": "string"}, "next_page_uri": {"type": "string"}, "previous_page_uri": {"type": "string"}, "page": {"type": "integer"}, "messages": ` + thingArr + `}}`,
			item:  thingRef,
			shape: ListShape{Kind: ListEnvelope, Items: "messages", Next: "next_page_uri", Previous: "previous_page_uri"}},
		{name: "a start date is no offset",
			list: thingArr, item: thingRef, params: `[{"name": "limit", "in": "query", "schema": {"type": "integer"}}, {"name": "start", "in": "query", "schema": {"type": "string", "format": "date"}}]`,
			shape: ListShape{Kind: ListArray, Paging: PagingLimitOffset, Limit: "limit"}},
		{name: "cursor paging with a page token",
			list: `{"type": "object", "properties": {"next_page_token": {"type": "string"}, "items": ` + thingArr + `}}`,
			item: thingRef, params: `[{"name": "pageToken", "in": "query", "schema": {"type": "string"}}, {"name": "max_results", "in": "query", "schema": {"type": "integer"}}]`,
			shape: ListShape{Kind: ListEnvelope, Items: "items", Next: "next_page_token", Paging: PagingCursor, Cursor: "pageToken", Limit: "max_results"}},
		{name: "item wrapped under one property beside a list of them",
			list:  `{"type": "object", "properties": {"meta": {"type": "object"}, "things": ` + thingArr + `}}`,
			item:  `{"type": "object", "required": ["thing"], "properties": {"thing": ` + thingRef + `}}`,
			shape: ListShape{Kind: ListEnvelope, Items: "things"}, wrap: "thing"},
		{name: "item wrapped under data, list of a view the object covers",
			list:  `{"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/ThingSummary"}}}}`,
			item:  `{"type": "object", "properties": {"data": ` + thingRef + `}}`,
			shape: ListShape{Kind: ListEnvelope, Items: "data"}, wrap: "data"},
		{name: "a wrapped object that is not the list's item",
			list: thingArr, item: `{"type": "object", "properties": {"wheel": {"$ref": "#/components/schemas/Wheel"}}}`,
			refused: "the item lacks id, name"},
		{name: "an id no value satisfies",
			list: thingArr, item: `{"type": "object", "properties": {"id": {"type": "string", "format": "uuid", "minLength": 64}, "name": {"type": "string"}}}`,
			refused: "no id satisfies the id property of GET /things/{id}'s answer (a uuid, 36 characters, of length 64 to any)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, err := Load(pairDoc(tc.list, tc.item, tc.params, tc.headers), LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var refusals []Warning
			for _, w := range d.Warnings {
				if pw := ParseWarning(w); pw.Kind == KindNotAResource {
					refusals = append(refusals, pw)
				}
			}
			list, _ := d.Operation("list")
			read, _ := d.Operation("read")
			create, _ := d.Operation("create")
			if tc.refused != "" {
				if len(d.Resources) != 0 {
					t.Errorf("resources = %v, want none", d.Resources)
				}
				for _, op := range []*Operation{list, read, create} {
					if op.Resource != nil || op.Role != RoleOther {
						t.Errorf("%s %s: resource %v role %s, want none (generated data)", op.Method, op.Path, op.Resource, op.Role)
					}
				}
				if len(refusals) != 1 || refusals[0].Where != "/things and /things/{id}" || !strings.Contains(refusals[0].Detail, tc.refused) {
					t.Errorf("warnings = %q, want one %q at /things and /things/{id} saying %q", d.Warnings, KindNotAResource, tc.refused)
				}
				return
			}
			if len(refusals) != 0 {
				t.Errorf("refused: %v", refusals)
			}
			res := d.Resources["things"]
			if res == nil {
				t.Fatalf("no resource things; warnings %q", d.Warnings)
			}
			if list.Role != RoleList || read.Role != RoleRead || create.Role != RoleCreate {
				t.Errorf("roles = %s, %s, %s; want list, read, create", list.Role, read.Role, create.Role)
			}
			if res.List != tc.shape {
				t.Errorf("list shape = %+v\nwant %+v", res.List, tc.shape)
			}
			if res.ListItemSchema == nil || res.Schema == nil || kindOf(res.ListItemSchema) != "object" {
				t.Errorf("schemas: item %v, list item %v", res.Schema, res.ListItemSchema)
			}
			if res.Wrap != tc.wrap {
				t.Errorf("wrap = %q, want %q", res.Wrap, tc.wrap)
			}
			if res.Schema != nil && res.Schema.Properties["id"] == nil {
				t.Errorf("the stored shape declares no id: %v (the wrapper's, not the object's?)", res.Schema.Properties)
			}
			if tc.wrap != "" && ItemSchema(read, read.Success) != res.Schema {
				t.Errorf("ItemSchema(read) is not the wrapped object's schema")
			}
		})
	}
}

// A path that is the item of one pair (/gists/{id}) is never the
// collection of a deeper one (/gists/{id}/{sha}), whatever the order of
// the paths: it keeps answering one gist.
func TestItemPathIsNeverACollection(t *testing.T) {
	t.Parallel()
	doc := []byte(`{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
"paths": {
  "/gists": {"get": {"operationId": "list", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Gist"}}}}}}}},
  "/gists/{id}": {"get": {"operationId": "read", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Gist"}}}}}}},
  "/gists/{id}/{sha}": {"get": {"operationId": "revision", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}, {"name": "sha", "in": "path", "required": true, "schema": {"type": "string"}}],
    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Gist"}}}}}}}
},
"components": {"schemas": {"Gist": {"type": "object", "properties": {"id": {"type": "string"}, "history": {"type": "array", "items": {"type": "object", "properties": {"version": {"type": "string"}}}}}}}}}`)
	for range 5 { // the pairing once depended on map order
		d, err := Load(doc, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		read, _ := d.Operation("read")
		if read.Role != RoleRead || read.Resource == nil || read.Resource.Name != "gists" {
			t.Fatalf("GET /gists/{id}: role %s of %v, want read of gists", read.Role, read.Resource)
		}
		if len(d.Resources) != 1 {
			t.Fatalf("resources = %v, want gists only", d.Resources)
		}
	}
}

func TestNotAResourceWarningRoundTrips(t *testing.T) {
	t.Parallel()
	w := Warning{Kind: KindNotAResource, Where: "/a and /a/{id}", Detail: "GET /a lists string items, not objects"}
	if got := ParseWarning(w.String()); got != w {
		t.Errorf("ParseWarning(%q) = %+v, want %+v", w.String(), got, w)
	}
}

// An action under a nested resource's item belongs to the nested resource,
// the deepest pair, not to the resource above it.
func TestNestedResourceTakesItsActions(t *testing.T) {
	t.Parallel()
	get := func(id string, params ...string) string {
		var ps []string
		for _, p := range params {
			ps = append(ps, fmt.Sprintf(`{"name": %q, "in": "path", "required": true, "schema": {"type": "string"}}`, p))
		}
		return fmt.Sprintf(`{"get": {"operationId": %q, "parameters": [%s], "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Obj"}}}}}}}`, id, strings.Join(ps, ","))
	}
	list := func(id string, params ...string) string {
		return strings.Replace(get(id, params...), `{"$ref": "#/components/schemas/Obj"}`, `{"type": "array", "items": {"$ref": "#/components/schemas/Obj"}}`, 1)
	}
	doc := []byte(`{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
  "/a": ` + list("listA") + `,
  "/a/{a_id}": ` + get("readA", "a_id") + `,
  "/a/{a_id}/b": ` + list("listB", "a_id") + `,
  "/a/{a_id}/b/{id}": ` + get("readB", "a_id", "id") + `,
  "/a/{a_id}/b/{id}/status": ` + get("statusB", "a_id", "id") + `
}, "components": {"schemas": {"Obj": {"type": "object", "properties": {"id": {"type": "string"}}}}}}`)
	for range 5 {
		d, err := Load(doc, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"listA": "list of a", "readA": "read of a", "listB": "list of b", "readB": "read of b", "statusB": "action of b"}
		for id, w := range want {
			op, _ := d.Operation(id)
			got := op.Role.String() + " of <nil>"
			if op.Resource != nil {
				got = op.Role.String() + " of " + op.Resource.Name
			}
			if got != w {
				t.Errorf("%s: %s, want %s", id, got, w)
			}
		}
	}
}

// An item path without a GET is a resource only where the collection
// declares x-mock-resource: an API may list, change and delete what it
// never answers one by one.
func TestResourceWithoutItemRead(t *testing.T) {
	t.Parallel()
	doc := func(ext string) []byte {
		return []byte(`{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
  "/members": {` + ext + `"get": {"operationId": "list", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/M"}}}}}}}},
  "/members/{uuid}": {"delete": {"operationId": "remove", "parameters": [{"name": "uuid", "in": "path", "required": true, "schema": {"type": "string"}}],
    "responses": {"204": {"description": "gone"}}}}
}, "components": {"schemas": {"M": {"type": "object", "properties": {"id": {"type": "string"}}}}}}`)
	}
	for _, c := range []struct {
		ext  string
		want string
	}{
		{"", "<nil>"},
		{`"x-mock-resource": {"name": "members"}, `, "members"},
	} {
		d, err := Load(doc(c.ext), LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		op, _ := d.Operation("remove")
		got := "<nil>"
		if op.Resource != nil {
			got = op.Resource.Name
		}
		if got != c.want {
			t.Errorf("with %q: resource %s, want %s", c.ext, got, c.want)
		}
	}
}
