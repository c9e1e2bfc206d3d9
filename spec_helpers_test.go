package mockserver

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/internal/spec/spectest"
)

// petsYAML is a small document with a pets resource; extra is appended to
// its paths (e.g. another resource).
func petsYAML(title, extra string) string {
	b, err := os.ReadFile("testdata/specs/pets.yaml")
	if err != nil {
		panic(err)
	}
	doc := strings.Replace(string(b), `title: "Pets"`, `title: "`+title+`"`, 1)
	return strings.Replace(doc, "components:\n", extra+"components:\n", 1)
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

// writeSpecFile is spectest.Write: the file, with its mtime moved forward so
// that a watcher sees the change.
func writeSpecFile(t *testing.T, path, content string) { t.Helper(); spectest.Write(t, path, content) }

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
