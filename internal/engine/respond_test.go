package engine

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/mockserver-go/mockserver/internal/spec/spectest"
)

// wrappedDoc answers each server under one property ({"server": {…}}),
// its create with an action beside it, and lists them bare in an envelope.
const wrappedDoc = `openapi: 3.0.3
info: {title: servers, version: "1"}
paths:
  /servers:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [servers]
                properties:
                  servers: {type: array, items: {$ref: '#/components/schemas/Server'}}
                  meta: {type: object, properties: {total: {type: integer}}}
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [name], properties: {name: {type: string}}}
      responses:
        '201':
          description: created
          content:
            application/json:
              schema:
                type: object
                required: [server, action]
                properties:
                  server: {$ref: '#/components/schemas/Server'}
                  action: {type: object, required: [command], properties: {command: {type: string, enum: [create_server]}}}
  /servers/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, required: [server], properties: {server: {$ref: '#/components/schemas/Server'}}}
    put:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {name: {type: string}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, required: [server], properties: {server: {$ref: '#/components/schemas/Server'}}}
components:
  schemas:
    Server:
      type: object
      required: [id, name, status]
      properties:
        id: {type: integer}
        name: {type: string}
        status: {type: string, enum: [running, off]}
`

// A resource whose answers wrap the object keeps its state: create, read
// and replace answer the stored object under the wrapping property (with
// the create's other properties generated), the list holds the objects
// bare, and every answer keeps to the contract.
func TestWrappedObjectAnswers(t *testing.T) {
	t.Parallel()
	d := spectest.Parse(t, wrappedDoc)
	if res := d.Resources["servers"]; res == nil || res.Wrap != "server" {
		t.Fatalf("servers: %+v, want a resource wrapped under server (warnings %q)", res, d.Warnings)
	}
	e, err := New(Config{Doc: d, SelfCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	call := func(method, path, body string) map[string]any {
		t.Helper()
		resp, ex := send(e, method, path, body)
		if resp.Status >= 300 || len(ex.Violations) > 0 {
			t.Fatalf("%s %s: %d %s; violations %+v", method, path, resp.Status, resp.Bytes(), ex.Violations)
		}
		var v map[string]any
		if err := json.Unmarshal(resp.Bytes(), &v); err != nil {
			t.Fatalf("%s %s: %s: %v", method, path, resp.Bytes(), err)
		}
		return v
	}
	created := call("POST", "/servers", `{"name": "web-1"}`)
	server, _ := created["server"].(map[string]any)
	if server["name"] != "web-1" || created["action"] == nil {
		t.Fatalf("create answered %v, want the new server under server and an action", created)
	}
	id, _ := server["id"].(float64)
	path := "/servers/" + strconv.FormatFloat(id, 'f', -1, 64)
	if got, _ := call("GET", path, "")["server"].(map[string]any); got["name"] != "web-1" || got["id"] != server["id"] {
		t.Errorf("read answered %v, want the created server", got)
	}
	if got, _ := call("PUT", path, `{"name": "web-2"}`)["server"].(map[string]any); got["name"] != "web-2" {
		t.Errorf("replace answered %v, want the name sent", got)
	}
	list, _ := call("GET", "/servers", "")["servers"].([]any)
	found := false
	for _, it := range list {
		if m, _ := it.(map[string]any); m["id"] == server["id"] {
			found = m["name"] == "web-2" && m["server"] == nil
		}
	}
	if !found {
		t.Errorf("list %v: want the replaced server, bare", list)
	}
}
