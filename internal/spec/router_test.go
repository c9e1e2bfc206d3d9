package spec

import (
	"strings"
	"testing"
)

const routerDoc = `
openapi: 3.0.3
info: {title: r, version: "1"}
paths:
  /items/:
    get: {operationId: list, responses: {"200": {description: ok}}}
    post: {operationId: create, responses: {"201": {description: ok}}}
  /items/{id}/:
    get:
      operationId: read
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /items/special:
    get: {operationId: special, responses: {"200": {description: ok}}}
  /files/{name}.json:
    get:
      operationId: file
      parameters: [{name: name, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /things/{thing_id}/parts/{part}:
    delete:
      operationId: part_delete
      parameters:
        - {name: thing_id, in: path, required: true, schema: {type: integer}}
        - {name: part, in: path, required: true, schema: {type: string}}
      responses: {"405": {description: never}, "401": {description: no}}
`

func TestRouterMatches(t *testing.T) {
	t.Parallel()
	d, err := Load([]byte(routerDoc), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method, path, op string
		params           map[string]string
		allowed          string
	}{
		{"GET", "/items/", "list", nil, "GET, POST"},
		{"GET", "/items", "list", nil, "GET, POST"},
		{"POST", "/items", "create", nil, "GET, POST"},
		{"GET", "/items/42/", "read", map[string]string{"id": "42"}, "GET"},
		{"GET", "/items/42", "read", map[string]string{"id": "42"}, "GET"},
		{"GET", "/items/special", "special", nil, "GET"},
		{"GET", "/items/a%2Fb", "read", map[string]string{"id": "a/b"}, "GET"},
		{"GET", "/items/%252F", "read", map[string]string{"id": "%2F"}, "GET"},
		{"GET", "/files/report.json", "file", map[string]string{"name": "report"}, "GET"},
		{"DELETE", "/things/7/parts/x", "part_delete", map[string]string{"thing_id": "7", "part": "x"}, "DELETE"},
		{"PUT", "/items/42", "", map[string]string{"id": "42"}, "GET"},
	}
	for _, tc := range tests {
		m, ok := d.Match(tc.method, tc.path)
		if !ok {
			t.Errorf("%s %s: no match", tc.method, tc.path)
			continue
		}
		got := ""
		if m.Op != nil {
			got = m.Op.ID
		}
		if got != tc.op || strings.Join(m.Allowed, ", ") != tc.allowed {
			t.Errorf("%s %s: op %q allowed %v, want %q %s", tc.method, tc.path, got, m.Allowed, tc.op, tc.allowed)
		}
		for k, v := range tc.params {
			if m.Params[k] != v {
				t.Errorf("%s %s: param %s = %q, want %q", tc.method, tc.path, k, m.Params[k], v)
			}
		}
	}
	for _, p := range []string{"/nothing", "/items/1/2", "/items//", "/files/.json", "/items/%zz", "/things/7/parts"} {
		if m, ok := d.Match("GET", p); ok {
			t.Errorf("%s matched %+v", p, m)
		}
	}
	if op, _ := d.Operation("part_delete"); op.Success != "405" {
		t.Errorf("an operation without 2xx answers its non-error status: Success = %q", op.Success)
	}
	if s := d.Suggest("/items/1/2"); len(s) == 0 || !strings.Contains(s[0], "/items/") {
		t.Errorf("suggestions = %v", s)
	}
}

func TestLoadRefusesReservedPrefixAndBadExtensions(t *testing.T) {
	t.Parallel()
	for name, doc := range map[string]string{
		"reserved prefix": strings.Replace(routerDoc, "/items/special:", "/__mock/special:", 1),
		"bad on-invalid":  strings.Replace(routerDoc, "parameters: [{name: id, in: path, required: true, schema: {type: string}}]", "parameters: [{name: id, in: path, required: true, schema: {type: string}, x-mock-on-invalid: explode}]", 1),
		"not openapi":     "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n",
		"no operations":   "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\n",
	} {
		_, err := Load([]byte(doc), LoadOptions{})
		if err == nil {
			t.Errorf("%s: loaded", name)
			continue
		}
		if !strings.Contains(err.Error(), "openapi document") {
			t.Errorf("%s: error %q does not say it is about the document", name, err)
		}
	}
}
