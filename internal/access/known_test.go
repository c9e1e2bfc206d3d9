package access

import (
	"net/http/httptest"
	"testing"

	"github.com/mockserver-go/mockserver/internal/problem"
)

const knownDoc = `openapi: 3.0.3
info: {title: known, version: "1"}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
security: [{key: []}]
paths:
  /projects/{project_id}/notes:
    get:
      parameters: [{name: project_id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
  /teams/{team_id}/notes:
    get:
      parameters:
        - name: team_id
          in: path
          required: true
          schema: {type: string}
          x-mock-on-invalid: {status: 403, detail: Not your team.}
      responses: {'200': {description: ok}}
  /other/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
`

// Known scope values: another value is not found (or what the parameter's
// x-mock-on-invalid says), after the credential is checked.
func TestKnownScopeValues(t *testing.T) {
	t.Parallel()
	d := loadDoc(t, knownDoc)
	a, err := New(d, Config{Known: map[string][]string{"project_id": {"2", "1"}, "team_id": {"7"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path, key string
		kind      problem.Kind
		status    int
	}{
		{"/projects/1/notes", "k", "", 0},
		{"/projects/3/notes", "k", problem.KindNotFound, 0},
		{"/projects/3/notes", "", problem.KindNotAuthenticated, 0},
		{"/teams/7/notes", "k", "", 0},
		{"/teams/8/notes", "k", problem.KindNotFound, 403},
		{"/other/3", "k", "", 0},
	} {
		r := httptest.NewRequest("GET", c.path, nil)
		if c.key != "" {
			r.Header.Set("X-Key", c.key)
		}
		m, _ := d.Match("GET", c.path)
		cred, perr := a.Check(r, nil, m.Op, m.Params)
		if c.kind == "" {
			if perr != nil || cred == nil {
				t.Errorf("%s: %+v %+v, want accepted", c.path, cred, perr)
			}
			continue
		}
		if perr == nil || perr.Kind != c.kind || perr.Status != c.status || len(perr.Violations) != 1 {
			t.Errorf("%s: %+v, want kind %s status %d with one violation", c.path, perr, c.kind, c.status)
			continue
		}
		if c.kind != problem.KindNotFound {
			continue
		}
		want := map[int]string{0: "one of 1, 2", 403: "one of 7"}[c.status]
		if v := perr.Violations[0]; v.Code != "unknown" || v.Expected != want || cred == nil {
			t.Errorf("%s: %+v (credential %v), want %q and the credential", c.path, v, cred, want)
		}
		if c.status == 403 && perr.Detail != "Not your team." {
			t.Errorf("%s: detail %q, want x-mock-on-invalid's", c.path, perr.Detail)
		}
	}
}
