package spec

import (
	"slices"
	"strings"
	"testing"
)

func TestExamplesCheckedAtLoad(t *testing.T) {
	t.Parallel()
	doc := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}, example: seven}
    get:
      responses:
        "200":
          description: ok
          headers:
            X-Rate: {schema: {type: integer, maximum: 100}, example: 500}
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
              example: {id: 1, born: "2024-01-02T03:04:05Z"}
              examples:
                good: {value: {id: 2}}
                bad: {value: {id: "two"}}
            application/xml:
              schema: {$ref: "#/components/schemas/Pet"}
              example: "<pet><id>1</id></pet>"
            text/plain:
              schema: {type: string, maxLength: 3}
              example: "too long"
    put:
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Pet"}
            example: {id: 3, born: "2024-01-02T03:04:05Z"}
      responses: {"204": {description: done}}
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: {type: integer, readOnly: true}
        born: {type: string, format: date-time, example: yesterday}
        tags: {type: array, items: {type: string}, example: [a, 1]}
`
	d, err := Load([]byte(doc), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range d.Warnings {
		if strings.Contains(w, "invalid example") {
			t.Errorf("kin-openapi's own example warning is left out: %s", w)
		}
		if where, ok := strings.CutPrefix(w, KindExampleMismatch+" at "); ok {
			where, _, _ = strings.Cut(where, ": ")
			got = append(got, where)
		}
		if strings.Contains(w, "\n") {
			t.Errorf("a warning is one line: %q", w)
		}
	}
	want := []string{
		"#/components/schemas/Pet/properties/born/example",
		"#/components/schemas/Pet/properties/tags/example",
		"#/paths/~1pets~1{id}/parameters/0/example",
		"#/paths/~1pets~1{id}/get/responses/200/headers/X-Rate/example",
		"#/paths/~1pets~1{id}/get/responses/200/content/application~1json/examples/bad/value",
		"#/paths/~1pets~1{id}/get/responses/200/content/text~1plain/example",
		"#/paths/~1pets~1{id}/put/requestBody/content/application~1json/example", // readOnly id in a request
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("example warnings at\n%s\nwant\n%s\nall warnings:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), strings.Join(d.Warnings, "\n"))
	}
	for _, w := range d.Warnings {
		if strings.Contains(w, "tags/example") && !strings.Contains(w, "at /1:") {
			t.Errorf("the reason says where in the example: %s", w)
		}
	}
}
