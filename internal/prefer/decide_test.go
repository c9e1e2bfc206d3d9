package prefer

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/spec"
)

const decideDoc = `openapi: 3.0.3
info: {title: prefer, version: "1"}
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object}
              examples:
                cat: {value: {name: Tom}}
                dog: {value: {name: Rex}}
        '404': {description: missing}
  /plain:
    get:
      responses:
        '200': {description: ok}
        default: {description: anything else}
`

// Decide: the status and example a request asks for, against what the
// operation declares.
func TestDecide(t *testing.T) {
	t.Parallel()
	d, err := spec.Load([]byte(decideDoc), spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	media := func(op *spec.Operation) func(string) *openapi3.MediaType {
		return func(status string) *openapi3.MediaType {
			r, _ := op.Response(status)
			if r == nil {
				return nil
			}
			return r.Content["application/json"]
		}
	}
	for _, c := range []struct {
		name, path string
		p          Prefs
		want       Decision
		notFound   string // part of the NOT_FOUND detail
	}{
		{"nothing asked", "/pets", Prefs{}, Decision{}, ""},
		{"the status answered anyway", "/pets", Prefs{Code: "200"}, Decision{}, ""},
		{"another declared status", "/pets", Prefs{Code: "404"}, Decision{Status: "404", Code: "404"}, ""},
		{"an undeclared status", "/pets", Prefs{Code: "418"}, Decision{}, "Declared: 200, 404."},
		{"a status the default answers", "/plain", Prefs{Code: "503"}, Decision{Status: "503", Code: "503"}, ""},
		{"an example", "/pets", Prefs{Example: "dog"}, Decision{Status: "200"}, ""},
		{"an example of the status answered anyway", "/pets", Prefs{Code: "200", Example: "cat"}, Decision{Status: "200", Code: "200"}, ""},
		{"an unknown example", "/pets", Prefs{Example: "cow"}, Decision{}, `no example named "cow". Declared examples: cat, dog.`},
		{"an example of a status without any", "/pets", Prefs{Code: "404", Example: "cat"}, Decision{}, "Declared examples: none."},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			m, _ := d.Match("GET", c.path)
			got := Decide(m.Op, c.p, media(m.Op))
			if c.notFound != "" {
				if !strings.Contains(got.NotFound, c.notFound) || got.Status != "" {
					t.Errorf("%+v, want NOT_FOUND with %q", got, c.notFound)
				}
				return
			}
			if got != c.want {
				t.Errorf("%+v, want %+v", got, c.want)
			}
		})
	}
}
