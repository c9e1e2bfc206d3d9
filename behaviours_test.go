package mockserver_test

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
	"github.com/mockserver-go/mockserver/plugin"
)

// notesSpec has a resource whose views go through hooks named
// "notes.view" and an operation answered by a behaviour named "hello":
// code of the program that serves it.
const notesSpec = `openapi: 3.0.3
info: {title: Notes, version: "1"}
paths:
  /notes/:
    x-mock-resource: {hooks: notes.view}
    get:
      operationId: notes_list
      responses:
        "200":
          description: notes
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Note"}}
    post:
      operationId: notes_create
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Note"}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Note"}
  /notes/{id}/:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    get:
      operationId: notes_retrieve
      responses:
        "200":
          description: a note
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Note"}
  /hello/:
    get:
      operationId: hello
      x-mock-behaviour: hello
      parameters:
        - {name: name, in: query, schema: {type: string}}
      responses:
        "200":
          description: a greeting
          content:
            application/json:
              schema:
                type: object
                properties:
                  hello: {type: string}
        "400":
          description: no name
components:
  schemas:
    Note:
      type: object
      required: [text]
      properties:
        id: {type: integer, readOnly: true}
        text: {type: string}
        words: {type: integer, readOnly: true}
`

// A program registers its own behaviours and hooks under the names its
// document uses (x-mock-behaviour, x-mock-resource.hooks). The plugin
// package says what they see and may do.
func ExampleOptions_behaviours() {
	s, err := mockserver.New(mockserver.Options{
		Spec:       []byte(notesSpec),
		EmptyState: true,
		Behaviours: map[string]plugin.Behaviour{
			"hello": func(c plugin.Call) (*plugin.Response, error) {
				name := c.Query().Get("name")
				if name == "" {
					return nil, plugin.Validation("Say who to greet: ?name=...")
				}
				return plugin.JSON(200, map[string]any{"hello": name}), nil
			},
		},
		Hooks: map[string]*plugin.Hooks{
			"notes.view": {
				View: func(c plugin.Call, obj map[string]any, list bool) map[string]any {
					text, _ := obj["text"].(string)
					out := plugin.CloneObject(obj) // never modify obj
					out["words"] = len(strings.Fields(text))
					return out
				},
			},
		},
	})
	if err != nil {
		panic(err)
	}
	c := s.Client()
	for _, r := range []struct{ method, path, body string }{
		{"POST", "/notes/", `{"text":"buy more tea"}`},
		{"GET", "/notes/", ""},
		{"GET", "/hello/?name=Ada", ""},
		{"GET", "/hello/", ""},
	} {
		resp, err := c.Do(newRequest(r.method, "http://notes.test"+r.path, r.body))
		if err != nil {
			panic(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Println(r.method, r.path, resp.StatusCode, strings.TrimSpace(string(body)))
	}
	// Output:
	// POST /notes/ 201 {"id":1,"text":"buy more tea","words":3}
	// GET /notes/ 200 [{"id":1,"text":"buy more tea","words":3}]
	// GET /hello/?name=Ada 200 {"hello":"Ada"}
	// GET /hello/ 400 {"detail":"Say who to greet: ?name=...","status":400,"title":"Bad Request","type":"urn:mockserver:validation"}
}

func TestOptionsBehaviours(t *testing.T) {
	t.Parallel()
	hello := func(c plugin.Call) (*plugin.Response, error) {
		return plugin.JSON(200, map[string]any{"hello": "you"}), nil
	}
	view := &plugin.Hooks{}
	tests := []struct {
		name       string
		spec       string // "" for the embedded contract
		behaviours map[string]plugin.Behaviour
		hooks      map[string]*plugin.Hooks
		wantErr    []string // fragments of the error; none: New succeeds
	}{
		{name: "added to the built-in ones", behaviours: map[string]plugin.Behaviour{"hello": hello}, hooks: map[string]*plugin.Hooks{"notes.view": view}},
		{name: "all provided", spec: notesSpec, behaviours: map[string]plugin.Behaviour{"hello": hello}, hooks: map[string]*plugin.Hooks{"notes.view": view}},
		{name: "behaviour named as a built-in one", behaviours: map[string]plugin.Behaviour{"posthog.logs": hello},
			wantErr: []string{`Options.Behaviours["posthog.logs"]`, "built-in behaviour"}},
		{name: "hooks named as built-in ones", spec: notesSpec, hooks: map[string]*plugin.Hooks{"posthog.insights": view},
			wantErr: []string{`Options.Hooks["posthog.insights"]`, "built-in hooks have"}},
		{name: "nil behaviour", behaviours: map[string]plugin.Behaviour{"hello": nil}, wantErr: []string{`Options.Behaviours["hello"] is nil`}},
		{name: "nil hooks", hooks: map[string]*plugin.Hooks{"notes.view": nil}, wantErr: []string{`Options.Hooks["notes.view"] is nil`}},
		{name: "behaviour missing", spec: notesSpec, hooks: map[string]*plugin.Hooks{"notes.view": view},
			wantErr: []string{"GET /hello/ x-mock-behaviour: unknown behaviour", `"hello"`, "Options.Behaviours"}},
		{name: "hooks missing", spec: notesSpec, behaviours: map[string]plugin.Behaviour{"hello": hello},
			wantErr: []string{"/notes/ x-mock-resource.hooks: unknown hooks", `"notes.view"`, "Options.Hooks"}},
		{name: "hooks registered as a behaviour", spec: notesSpec, behaviours: map[string]plugin.Behaviour{"hello": hello, "notes.view": hello},
			wantErr: []string{"x-mock-resource.hooks", `"notes.view"`, "Options.Hooks"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := mockserver.Options{Behaviours: tt.behaviours, Hooks: tt.hooks}
			if tt.spec != "" {
				opts.Spec = []byte(tt.spec)
			}
			_, err := mockserver.New(opts)
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("New succeeded, want an error with %q", tt.wantErr)
			}
			t.Log(err)
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}

// The server keeps what it was given: a later change of the caller's map
// does not reach it.
func TestOptionsBehavioursCopied(t *testing.T) {
	t.Parallel()
	behaviours := map[string]plugin.Behaviour{"hello": func(c plugin.Call) (*plugin.Response, error) {
		return plugin.JSON(200, map[string]any{"hello": "you"}), nil
	}}
	s, err := mockserver.New(mockserver.Options{Spec: []byte(notesSpec), Behaviours: behaviours, Hooks: map[string]*plugin.Hooks{"notes.view": {}}})
	if err != nil {
		t.Fatal(err)
	}
	delete(behaviours, "hello")
	resp, err := s.Client().Do(newRequest("GET", "http://notes.test/hello/", ""))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"hello":"you"`) {
		t.Errorf("got %d %s, want 200 from the behaviour", resp.StatusCode, body)
	}
}
