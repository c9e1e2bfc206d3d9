package mockserver

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// petsYAML is a small document with a pets resource; extra is appended to
// its paths (e.g. another resource).
func petsYAML(title, extra string) string {
	return `openapi: 3.0.3
info: {title: "` + title + `", version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
    post:
      operationId: createPet
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [name], properties: {name: {type: string}}}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
  /pets/{id}:
    get:
      operationId: getPet
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
        "404": {description: missing}
` + extra + `components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: {type: integer, readOnly: true}
        name: {type: string}
`
}

const ownersPaths = `  /owners:
    get:
      operationId: listOwners
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: object, properties: {id: {type: integer}}}}
`

// writeSpecFile writes a file and moves its mtime forward, so a change is seen
// even within the file system's timestamp resolution.
func writeSpecFile(t *testing.T, path, content string) {
	t.Helper()
	old, _ := os.Stat(path)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if old != nil {
		next := old.ModTime().Add(time.Second)
		if err := os.Chtimes(path, next, next); err != nil {
			t.Fatal(err)
		}
	}
}

func tempSpecFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "openapi.yaml")
	writeSpecFile(t, p, content)
	return p
}

func petNames(t *testing.T, body string) []string {
	t.Helper()
	var list []map[string]any
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatalf("list body %q: %v", body, err)
	}
	var out []string
	for _, o := range list {
		s, _ := o["name"].(string)
		out = append(out, s)
	}
	return out
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
