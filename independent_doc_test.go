package mockserver_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// TestIndependentDocument measures, on a large document nobody here tuned
// the server for (GitHub's, kept out of the repository: docs/ says where it
// comes from), how many answers break the document by the server's own
// self-check (X-Mock-Violations naming the response). It only reports: the
// document is not ours to make pass, but the count must go down, never up.
//
//	MOCKSERVER_GITHUB_DOC=/path/to/api.github.com.json go test -run TestIndependentDocument -v .
//
// Every operation is sent once with a valid generated request (deletes
// last), then every resource with a create and a read operation goes
// through create -> retrieve -> update -> list.
func TestIndependentDocument(t *testing.T) {
	path := os.Getenv("MOCKSERVER_GITHUB_DOC")
	if path == "" {
		t.Skip("set MOCKSERVER_GITHUB_DOC to a large OpenAPI document (GitHub's api.github.com.json)")
	}
	data := mustRead(t, path)
	srv, err := mockserver.New(mockserver.Options{Spec: data})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	run := newCorpusRun(t, srv)
	doc := run.doc
	var ops, deletes []*spec.Operation
	for _, op := range doc.Operations {
		if op.Method == http.MethodDelete {
			deletes = append(deletes, op)
		} else {
			ops = append(ops, op)
		}
	}
	var tally violationTally
	for _, op := range append(ops, deletes...) {
		mt := ""
		if len(op.BodyTypes) > 0 {
			mt = op.BodyTypes[0]
		}
		rec := httptest.NewRecorder()
		run.srv.ServeHTTP(rec, run.request(t, op, mt, ""))
		tally.add(op, rec)
	}
	names := make([]string, 0, len(doc.Resources))
	for n := range doc.Resources {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		run.lifecycle(t, doc.Resources[n], &tally)
	}
	t.Logf("%d of %d answers (%d of %d operations answered) carry X-Mock-Violations naming the response",
		tally.bad, tally.answers, len(tally.badOps), len(tally.ops))
	for _, line := range tally.examples {
		t.Log(line)
	}
}

// lifecycle creates an object of res, retrieves it, updates it and lists
// its collection, tallying every answer.
func (run *corpusRun) lifecycle(t *testing.T, res *spec.Resource, tally *violationTally) {
	create, read := res.Ops[spec.RoleCreate], res.Ops[spec.RoleRead]
	if create == nil || read == nil {
		return
	}
	mt := ""
	if len(create.BodyTypes) > 0 {
		mt = create.BodyTypes[0]
	}
	req := run.request(t, create, mt, "")
	rec := httptest.NewRecorder()
	run.srv.ServeHTTP(rec, req)
	tally.add(create, rec)
	var obj map[string]any
	if rec.Code >= 300 || json.Unmarshal(rec.Body.Bytes(), &obj) != nil || obj[res.IDField] == nil {
		return
	}
	// The created object's path: the create's path with the id appended
	// (the item path is the collection path plus one segment).
	base := strings.SplitN(req.URL.RequestURI(), "?", 2)[0]
	item := strings.TrimSuffix(base, "/") + "/" + escapePathValue(fmt.Sprint(obj[res.IDField]))
	for _, role := range []spec.Role{spec.RoleRead, spec.RoleUpdate, spec.RoleReplace} {
		op := res.Ops[role]
		if op == nil {
			continue
		}
		mt := ""
		if len(op.BodyTypes) > 0 {
			mt = op.BodyTypes[0]
		}
		r := run.request(t, op, mt, "")
		r.URL.Path, r.URL.RawPath = item, ""
		r.RequestURI = r.URL.RequestURI()
		rec := httptest.NewRecorder()
		run.srv.ServeHTTP(rec, r)
		tally.add(op, rec)
	}
	if op := res.Ops[spec.RoleList]; op != nil {
		r := run.request(t, op, "", "")
		r.URL.Path, r.URL.RawPath = base, ""
		r.RequestURI = r.URL.RequestURI()
		rec := httptest.NewRecorder()
		run.srv.ServeHTTP(rec, r)
		tally.add(op, rec)
	}
}

// violationTally counts answers whose X-Mock-Violations names the
// response.
type violationTally struct {
	answers, bad int
	ops, badOps  map[string]bool
	examples     []string
}

func (v *violationTally) add(op *spec.Operation, rec *httptest.ResponseRecorder) {
	if v.ops == nil {
		v.ops, v.badOps = map[string]bool{}, map[string]bool{}
	}
	v.answers++
	v.ops[op.ID] = true
	h := rec.Header().Get("X-Mock-Violations")
	if !strings.Contains(h, "response") {
		return
	}
	v.bad++
	if !v.badOps[op.ID] {
		v.examples = append(v.examples, fmt.Sprintf("%s %s (%s) %d: %s", op.Method, op.Path, op.ID, rec.Code, h))
	}
	v.badOps[op.ID] = true
}
