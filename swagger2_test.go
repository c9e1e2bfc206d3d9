package mockserver_test

import (
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/mockserver-go/mockserver"
)

// TestSwagger2Document serves a Swagger 2.0 document as it serves an
// OpenAPI 3 one: converted at load, with state, validation and a notice.
func TestSwagger2Document(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/specs/petstore-swagger2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := mockserver.New(mockserver.Options{Spec: data, EmptyState: true})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if w := srv.Warnings(); !slices.Contains(w, "Swagger 2.0: converted to OpenAPI 3") {
		t.Errorf("warnings %q: want the conversion notice", w)
	}
	created := call(t, srv, "POST", "/pets", map[string]any{"name": "Rex", "tag": "dog"}).must(t, 201)
	id, ok := created.JSON["id"].(float64)
	if !ok || created.JSON["name"] != "Rex" {
		t.Fatalf("created %s: want a pet named Rex with an integer id", created.Body)
	}
	read := call(t, srv, "GET", "/pets/"+strconv.FormatFloat(id, 'f', -1, 64), nil).must(t, 200)
	if read.JSON["name"] != "Rex" || read.JSON["id"] != id {
		t.Errorf("read %s, want the created pet", read.Body)
	}
	list := call(t, srv, "GET", "/pets", nil).must(t, 200)
	if len(list.Array) != 1 || list.Array[0].(map[string]any)["name"] != "Rex" {
		t.Errorf("list %s, want the created pet alone", list.Body)
	}
	bad := call(t, srv, "POST", "/pets", map[string]any{"name": 12}).must(t, 400)
	if len(bad.Body) == 0 {
		t.Error("the 400 has no body")
	}
	if vs := srv.Violations(); len(vs) == 0 || vs[len(vs)-1].Field != "name" || vs[len(vs)-1].Code != "type" {
		t.Errorf("violations %+v, want body name: type", vs)
	}
	noResponseViolations(t, srv)
}
