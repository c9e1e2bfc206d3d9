package engine

import (
	"testing"

	"github.com/mockserver-go/mockserver/internal/spec/spectest"
)

// An invalid path value is a missing resource (404), as routers answer,
// where the operation declares a 404; where it declares none but declares
// a 400, it is refused as invalid with the 400, so that the answer stays
// within the contract.
func TestInvalidPathValueAnswersADeclaredStatus(t *testing.T) {
	t.Parallel()
	d := spectest.Parse(t, `openapi: 3.0.3
info: {title: jobs, version: "1"}
paths:
  /jobs/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string, format: uuid}}]
    get:
      responses: {'200': {description: ok}, '404': {description: missing}}
    delete:
      responses: {'200': {description: ok}, '400': {description: bad}}
    put:
      responses: {'200': {description: ok}}
`)
	e, err := New(Config{Doc: d})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		method string
		status int
	}{
		{"GET", 404},    // declares 404
		{"DELETE", 400}, // declares 400, not 404
		{"PUT", 404},    // declares neither: not found, as before
	} {
		resp, ex := send(e, c.method, "/jobs/not-a-uuid", "")
		if resp.Status != c.status {
			t.Errorf("%s: %d %s, want %d", c.method, resp.Status, resp.Body, c.status)
		}
		if len(ex.Violations) == 0 || ex.Violations[0].Field != "id" {
			t.Errorf("%s: violations %+v, want the id named", c.method, ex.Violations)
		}
	}
}
