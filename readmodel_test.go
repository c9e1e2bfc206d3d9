package mockserver_test

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// A stored object is shaped by what the responses declare, not by what
// the client wrote (testdata/specs/readmodel.yaml): logins become users,
// a milestone number a milestone, a branch name a branch, each carrying
// what was written; request-only fields never show; a field only one
// response requires is generated once and shown the same by every
// response; every answer and every stored object validate against every
// response schema of their resource.
func TestReadModel(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/specs/readmodel.yaml")
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(t, mockserver.Options{Spec: data, Seed: 7})
	check := newAnswerCheck(t, srv)
	const issues = "/repos/acme/widgets/issues"

	created := check.call(issues, "POST", issues, `{"title": "Crash", "body": "on start", "assignee": "octocat",
		"assignees": ["octocat", "hubot"], "milestone": 1, "labels": ["bug"], "state": "stale", "client_token": "tok"}`, 201)
	for path, want := range map[string]any{
		"title": "Crash", "body": "on start", "assignee.login": "octocat", "assignees.0.login": "octocat",
		"assignees.1.login": "hubot", "milestone.number": 1.0, "labels.0.name": "bug",
	} {
		if got := pick(created, path); got != want {
			t.Errorf("created %s = %#v, want %#v", path, got, want)
		}
	}
	if _, ok := created["client_token"]; ok {
		t.Errorf("the request-only client_token is answered: %v", created)
	}
	if s := created["state"]; s != "open" && s != "closed" {
		t.Errorf("state = %v, want one the responses declare", s)
	}
	id := fmt.Sprint(created["id"])
	item := issues + "/" + id

	read := check.call(issues, "GET", item, "", 200)
	listed := check.listed(issues, id)
	for _, name := range []string{"node_id", "title", "assignees"} {
		if !reflect.DeepEqual(read[name], created[name]) || !reflect.DeepEqual(listed[name], created[name]) {
			t.Errorf("%s: created %v, retrieved %v, listed %v", name, created[name], read[name], listed[name])
		}
	}
	// html_url: only the list requires it; generated once, with the object.
	url, _ := listed["html_url"].(string)
	if url == "" || read["html_url"] != url {
		t.Errorf("html_url: listed %v, retrieved %v: want one generated value", listed["html_url"], read["html_url"])
	}

	updated := check.call(issues, "PATCH", item, `{"title": "Crash on start", "assignees": ["monalisa"], "state": "stale", "milestone": "v1"}`, 200)
	if pick(updated, "title") != "Crash on start" || pick(updated, "assignees.0.login") != "monalisa" {
		t.Errorf("updated = %v, want the new title and monalisa assigned", updated)
	}
	if pick(updated, "milestone.title") != "v1" && pick(updated, "milestone.number") == nil {
		t.Errorf("milestone = %v, want a milestone object", updated["milestone"])
	}
	for _, name := range []string{"node_id", "html_url", "created_at"} {
		if !reflect.DeepEqual(updated[name], read[name]) {
			t.Errorf("%s changed on update: %v, then %v", name, read[name], updated[name])
		}
	}
	if relisted := check.listed(issues, id); relisted["html_url"] != url || relisted["title"] != "Crash on start" {
		t.Errorf("listed after the update: %v, want html_url %s and the new title", relisted, url)
	}

	const pulls = "/repos/acme/widgets/pulls"
	pull := check.call(pulls, "POST", pulls, `{"title": "Fix", "head": "feature", "base": "main", "id": "mine",
		"requested_teams": [{"id": "core"}]}`, 201)
	if pick(pull, "base.ref") != "main" || pick(pull, "head.ref") != "feature" {
		t.Errorf("pull = %v, want branches with refs main and feature", pull)
	}
	if _, ok := pull["id"].(float64); !ok {
		t.Errorf("pull id = %#v: the client's string id answered where the responses declare an integer", pull["id"])
	}
	pullItem := pulls + "/" + fmt.Sprint(pull["id"])
	check.call(pulls, "GET", pullItem, "", 200)
	check.listed(pulls, fmt.Sprint(pull["id"]))
	if moved := check.call(pulls, "PATCH", pullItem, `{"base": "develop"}`, 200); pick(moved, "base.ref") != "develop" {
		t.Errorf("pull after PATCH base=develop: %v", moved["base"])
	}

	check.stored(issues, map[string]string{"owner": "acme", "repo": "widgets"})
	check.stored(pulls, map[string]string{"owner": "acme", "repo": "widgets"})
	noResponseViolations(t, srv)
}

// answerCheck sends requests and validates each answer, and the stored
// objects, against the document with kin-openapi directly.
type answerCheck struct {
	t    *testing.T
	srv  *mockserver.Server
	doc  *spec.Doc
	opts []openapi3.SchemaValidationOption
}

func newAnswerCheck(t *testing.T, srv *mockserver.Server) *answerCheck {
	doc := srv.SpecDoc()
	return &answerCheck{t: t, srv: srv, doc: doc,
		opts: append([]openapi3.SchemaValidationOption{openapi3.VisitAsResponse(), openapi3.EnableFormatValidation()}, doc.T.GetSchemaValidationOptions()...)}
}

// call sends a request to collection coll's resource and returns the
// answer, which must have the status and validate against its schema.
func (c *answerCheck) call(coll, method, path, body string, status int) map[string]any {
	c.t.Helper()
	var b any
	if body != "" {
		b = body
	}
	r := call(c.t, c.srv, method, path, b)
	if r.Status != status {
		c.t.Fatalf("%s %s: %d, want %d: %s", method, path, r.Status, status, r.Body)
	}
	if v := r.Header.Get("X-Mock-Violations"); v != "" {
		c.t.Errorf("%s %s: X-Mock-Violations: %s", method, path, v)
	}
	m, ok := c.doc.Match(method, path)
	if !ok {
		c.t.Fatalf("%s %s matches no operation", method, path)
	}
	s := spec.JSONResponseSchema(m.Op, strconv.Itoa(status))
	var v any
	if err := json.Unmarshal(r.Body, &v); err != nil {
		c.t.Fatal(err)
	}
	if err := s.VisitJSON(v, c.opts...); err != nil {
		c.t.Errorf("%s %s answered what its schema rejects: %v\n%s", method, path, err, r.Body)
	}
	return r.JSON
}

// listed lists coll (validating the answer) and returns the object id.
func (c *answerCheck) listed(coll, id string) map[string]any {
	c.t.Helper()
	r := call(c.t, c.srv, "GET", coll, nil)
	m, _ := c.doc.Match("GET", coll)
	s := spec.JSONResponseSchema(m.Op, "200")
	var v any
	if err := json.Unmarshal(r.Body, &v); err != nil || r.Status != 200 {
		c.t.Fatalf("GET %s: %d %s", coll, r.Status, r.Body)
	}
	if err := s.VisitJSON(v, c.opts...); err != nil {
		c.t.Errorf("GET %s answered what its schema rejects: %v", coll, err)
	}
	for _, el := range r.Array {
		if obj, _ := el.(map[string]any); fmt.Sprint(obj["id"]) == id {
			return obj
		}
	}
	c.t.Fatalf("GET %s does not list %s: %s", coll, id, r.Body)
	return nil
}

// stored validates every stored object of coll's resource against every
// response schema that returns it: its create, read and update answers
// and its list's items.
func (c *answerCheck) stored(coll string, scope map[string]string) {
	c.t.Helper()
	m, _ := c.doc.Match("GET", coll)
	res := m.Op.Resource
	var schemas []*openapi3.Schema
	for _, op := range c.doc.Operations {
		if op.Resource != res {
			continue
		}
		switch op.Role {
		case spec.RoleCreate, spec.RoleRead, spec.RoleUpdate:
			schemas = append(schemas, spec.JSONResponseSchema(op, op.Success))
		case spec.RoleList:
			items, _ := spec.ListItems(spec.JSONResponseSchema(op, op.Success))
			schemas = append(schemas, items)
		}
	}
	objs := c.srv.List(res.Name, scope)
	if len(objs) < 2 || len(schemas) < 3 {
		c.t.Fatalf("%s: %d objects, %d schemas: the test needs seeded and created objects, and several responses", res.Name, len(objs), len(schemas))
	}
	for _, obj := range objs {
		for _, s := range schemas {
			if err := s.VisitJSON(map[string]any(obj), c.opts...); err != nil {
				c.t.Errorf("stored %s %v does not validate: %v\n%v", res.Name, obj["id"], err, obj)
			}
		}
	}
}

// pick reads a dotted path ("assignees.0.login") in a decoded object.
func pick(obj map[string]any, path string) any {
	var v any = obj
	for len(path) > 0 {
		key := path
		for i := range path {
			if path[i] == '.' {
				key = path[:i]
				break
			}
		}
		path = path[min(len(key)+1, len(path)):]
		switch x := v.(type) {
		case map[string]any:
			v = x[key]
		case []any:
			n, err := strconv.Atoi(key)
			if err != nil || n >= len(x) {
				return nil
			}
			v = x[n]
		default:
			return nil
		}
	}
	return v
}
