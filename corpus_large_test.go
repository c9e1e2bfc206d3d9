package mockserver_test

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/mockserver-go/mockserver"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// The large corpus: public API documents nobody here tuned for
// (testdata/corpus/large/SOURCES.md). By default the documents up to 1 MB
// are loaded and a fixed sample of their operations and resources is
// exercised, which keeps `go test -race ./...` within CI's budget; with
// MOCKSERVER_CORPUS=full every document, every operation and every
// resource is.

// corpusFullEnv names the environment variable that asks for the full
// large corpus.
const corpusFullEnv = "MOCKSERVER_CORPUS"

// The bounded run's sample: documents of at most boundedSize bytes, and at
// most this many operations and resources of each.
const (
	boundedSize     = 1 << 20
	sampleOps       = 24
	sampleResources = 4
)

func largeCorpusFiles(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob("testdata/corpus/large/*.gz")
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

// gunzipFile reads a gzip-compressed document.
func gunzipFile(tb testing.TB, path string) []byte {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return data
}

func TestCorpusLarge(t *testing.T) {
	t.Parallel()
	full := os.Getenv(corpusFullEnv) == "full"
	files := largeCorpusFiles(t)
	if len(files) < 6 {
		t.Fatalf("large corpus has %d documents, want at least 6", len(files))
	}
	swagger2 := 0
	// One document at a time: the largest take hundreds of MB while they
	// load, more under -race.
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".gz")
		data := gunzipFile(t, f)
		if isSwagger2(data) {
			swagger2++
		}
		t.Run(name, func(t *testing.T) {
			if !full && len(data) > boundedSize {
				t.Skipf("%.1f MB: loaded with %s=full only (a 5 MB document takes minutes under -race)", float64(len(data))/1e6, corpusFullEnv)
			}
			srv, err := mockserver.New(mockserver.Options{Spec: data, JournalSize: 1 << 16})
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			run := newCorpusRun(t, srv)
			if !full {
				run.known = knownLarge[name]
			}
			ops, resources := run.doc.Operations, sortedKeys(run.doc.Resources)
			if !full {
				ops, resources = sample(ops, sampleOps), sample(resources, sampleResources)
			}
			run.exercise(t, ops, 1)
			for _, name := range resources {
				run.crud(t, run.doc.Resources[name])
			}
			run.checkJournal(t)
		})
	}
	if swagger2 < 2 {
		t.Errorf("large corpus has %d Swagger 2.0 documents, want at least 2", swagger2)
	}
}

// Known failures of the large corpus, by document and operation id, each
// with its cause. The bounded run logs them; the full run
// (MOCKSERVER_CORPUS=full) fails on them, so they stay in sight. None today:
// every document passes the full run.
var knownLarge = map[string]map[string]string{}

// sample takes at most n elements spread evenly over list, the same ones
// every run.
func sample[T any](list []T, n int) []T {
	if len(list) <= n {
		return list
	}
	out := make([]T, 0, n)
	for i := range n {
		out = append(out, list[i*len(list)/n])
	}
	return out
}

// crud runs create → retrieve → update → list → delete on one resource
// under one scope, checking every answer and, after each step, that every
// stored object is valid for every response that returns it.
func (run *corpusRun) crud(t *testing.T, res *spec.Resource) {
	t.Helper()
	create := res.Ops[spec.RoleCreate]
	opID := func(r spec.Role) string {
		if op := res.Ops[r]; op != nil {
			return op.ID
		}
		return ""
	}
	if create == nil {
		return // nothing a client can add: the seeded objects are checked by the operations
	}
	name := "crud " + res.Name
	scope := map[string]string{}
	fixed := map[string]string{}
	for _, sp := range res.ScopeParams {
		if v, ok := run.scopeValue(res, sp); ok {
			scope[sp], fixed[sp] = v, v
		}
	}
	before := run.srv.List(res.Name, scope)
	rec := run.send(t, name+": create", create, fixed)
	if rec.Code < 200 || rec.Code > 299 {
		run.fail(t, create.ID, "%s: create answered %d (%s); body %s", name, rec.Code, run.refusal(), clipBody(rec.Body.Bytes()))
		return
	}
	after := run.srv.List(res.Name, scope)
	if len(after) != len(before)+1 {
		run.fail(t, create.ID, "%s: create answered %d but the collection went from %d to %d objects", name, rec.Code, len(before), len(after))
		return
	}
	id := fmt.Sprint(after[len(after)-1][res.IDField])
	fixed[res.IDParam] = id
	run.checkStored(t, name+": after create", res, scope)
	if op := res.Ops[spec.RoleRead]; op != nil {
		if rec := run.send(t, name+": retrieve", op, fixed); rec.Code != http.StatusOK {
			run.fail(t, op.ID, "%s: retrieve %s answered %d (%s); body %s", name, id, rec.Code, run.refusal(), clipBody(rec.Body.Bytes()))
		}
	}
	for _, role := range []spec.Role{spec.RoleUpdate, spec.RoleReplace} {
		if op := res.Ops[role]; op != nil {
			if rec := run.send(t, name+": "+role.String(), op, fixed); rec.Code < 200 || rec.Code > 299 {
				run.fail(t, op.ID, "%s: %s %s answered %d (%s); body %s", name, role, id, rec.Code, run.refusal(), clipBody(rec.Body.Bytes()))
			}
			run.checkStored(t, name+": after "+role.String(), res, scope)
		}
	}
	if op := res.Ops[spec.RoleList]; op != nil {
		if rec := run.send(t, name+": list", op, fixed); rec.Code != http.StatusOK {
			run.fail(t, op.ID, "%s: list answered %d (%s); body %s", name, rec.Code, run.refusal(), clipBody(rec.Body.Bytes()))
		}
	}
	if op := res.Ops[spec.RoleDelete]; op != nil {
		if rec := run.send(t, name+": delete", op, fixed); rec.Code < 200 || rec.Code > 299 {
			run.fail(t, op.ID, "%s: delete %s answered %d (%s); body %s", name, id, rec.Code, run.refusal(), clipBody(rec.Body.Bytes()))
		}
		if obj, hidden, ok := run.srv.Get(res.Name, scope, id); ok && !hidden {
			run.fail(t, opID(spec.RoleDelete), "%s: %s still stored after delete: %v", name, id, obj)
		}
	}
}

// scopeValue is a value of scope parameter name that every operation of
// the resource accepts: documents declare the same parameter with a
// pattern in one operation and without in another.
func (run *corpusRun) scopeValue(res *spec.Resource, name string) (string, bool) {
	var params []*spec.Param
	for _, role := range []spec.Role{spec.RoleCreate, spec.RoleList, spec.RoleRead, spec.RoleUpdate, spec.RoleReplace, spec.RoleDelete} {
		if op := res.Ops[role]; op != nil {
			if p := op.Param("path", name); p != nil {
				params = append(params, p)
			}
		}
	}
	for _, cand := range params {
		raw := run.paramValue(cand, "crud/"+res.Name)
		ok := true
		for _, p := range params {
			if p.Schema != nil && p.Schema.VisitJSON(raw, run.requestOpts()...) != nil {
				ok = false
				break
			}
		}
		if ok {
			return serializePath(cand, raw), true
		}
	}
	if len(params) == 0 {
		return "", false
	}
	return serializePath(params[0], run.paramValue(params[0], "crud/"+res.Name)), true
}

// send builds a valid request for op with the path values in fixed,
// serves it and checks the answer as expectServed does.
func (run *corpusRun) send(t *testing.T, name string, op *spec.Operation, fixed map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	mt := ""
	if len(op.BodyTypes) > 0 {
		mt = op.BodyTypes[0]
	}
	for _, bt := range op.BodyTypes {
		if spec.IsJSON(bt) && bt != "*/*" {
			mt = bt
			break
		}
	}
	req := run.requestWith(t, op, mt, "", fixed)
	if mt == "*/*" {
		// Any media type will do: a client sends its object as JSON.
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	run.srv.ServeHTTP(rec, req)
	run.checkAnswer(t, name, op, req, rec)
	return rec
}

// refusal says what the server found wrong with the last request, for a
// failure message (a refusal's body is in the document's error shape,
// which may not say).
func (run *corpusRun) refusal() string {
	reqs := run.srv.Requests()
	if len(reqs) == 0 {
		return ""
	}
	last := reqs[len(reqs)-1]
	var out []string
	for _, v := range last.Violations {
		if v.In != "response" {
			out = append(out, v.In+" "+v.Field+": "+v.Message)
		}
	}
	return last.Method + " " + last.Path + "?" + last.Query + ": " + strings.Join(out, "; ")
}

// checkStored validates every stored object of a resource under a scope
// against every response schema that returns it: the item's (retrieve,
// create, update, replace; the wrapped object's where the answers wrap it)
// and the list's item schema. writeOnly
// properties are not checked: a response leaves them out.
func (run *corpusRun) checkStored(t *testing.T, name string, res *spec.Resource, scope map[string]string) {
	t.Helper()
	schemas := map[string]*openapi3.Schema{}
	for _, role := range []spec.Role{spec.RoleRead, spec.RoleCreate, spec.RoleUpdate, spec.RoleReplace} {
		op := res.Ops[role]
		if op == nil {
			continue
		}
		// An answer of several shapes (anyOf) returns the item when its
		// first returns it; the item must be valid for the whole answer,
		// not for that first shape.
		if s := spec.ItemSchema(op, op.Success); s != nil && returnsItem(spec.FirstBranch(s), res) {
			schemas[role.String()+" "+op.ID] = s
		}
	}
	if op := res.Ops[spec.RoleList]; op != nil && res.ListItemSchema != nil {
		schemas["list item "+op.ID] = res.ListItemSchema
	}
	opts := append([]openapi3.SchemaValidationOption{openapi3.VisitAsResponse(), openapi3.EnableFormatValidation()}, run.doc.T.GetSchemaValidationOptions()...)
	// The failure is the writer's: the first of the operations that wrote
	// to the resource whose failures are known, else its create.
	writer := ""
	for _, role := range []spec.Role{spec.RoleCreate, spec.RoleUpdate, spec.RoleReplace} {
		if op := res.Ops[role]; op != nil && (writer == "" || run.known[op.ID] != "" && run.known[writer] == "") {
			writer = op.ID
		}
	}
	for _, obj := range run.srv.List(res.Name, scope) {
		for _, which := range sortedKeys(schemas) {
			if err := schemas[which].VisitJSON(withoutWriteOnly(spec.FirstBranch(schemas[which]), obj), opts...); err != nil {
				run.fail(t, writer, "%s: stored object %v is not valid for the %s response: %s", name, obj[res.IDField], which, clipBody([]byte(err.Error())))
			}
		}
	}
}

// returnsItem reports whether a success schema is the item itself rather
// than an envelope or an acknowledgement: it declares the id field, or it
// is the read schema.
func returnsItem(s *openapi3.Schema, res *spec.Resource) bool {
	if s == res.Schema {
		return true
	}
	_, ok := s.Properties[res.IDField]
	return ok
}

// withoutWriteOnly copies an object without the top-level properties the
// schema marks writeOnly.
func withoutWriteOnly(s *openapi3.Schema, obj map[string]any) any {
	out := make(map[string]any, len(obj))
	for k, v := range obj {
		if p := s.Properties[k]; p != nil && p.Value != nil && p.Value.WriteOnly {
			continue
		}
		out[k] = v
	}
	return out
}

// BenchmarkCorpusLoad loads each large document with kin-openapi alone
// (load, validate, build a router: what a server needs before its first
// answer) and with mockserver.New, side by side in one run. The budget is
// mockserver ≤ 1.25× kin-openapi in time and in memory (B/op).
//
//	go test -run '^$' -bench CorpusLoad -benchtime 3x -count 6 . | tee load.txt
func BenchmarkCorpusLoad(b *testing.B) {
	for _, f := range largeCorpusFiles(b) {
		name := strings.TrimSuffix(filepath.Base(f), ".gz")
		data := gunzipFile(b, f)
		swagger2 := isSwagger2(data)
		b.Run(name+"/kin-openapi", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := kinLoad(data, swagger2); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/mockserver", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := mockserver.New(mockserver.Options{Spec: data}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestCorpusLoadFigures prints, for docs/corpus.md, each large document's
// operations, resources, load time and peak heap beside kin-openapi's (run
// with MOCKSERVER_CORPUS=full and -v). It asserts nothing about speed:
// BenchmarkCorpusLoad measures that.
func TestCorpusLoadFigures(t *testing.T) {
	if os.Getenv(corpusFullEnv) != "full" {
		t.Skip("set " + corpusFullEnv + "=full to print the corpus table")
	}
	for _, f := range largeCorpusFiles(t) {
		data := gunzipFile(t, f)
		swagger2 := isSwagger2(data)
		var srv *mockserver.Server
		kinTime, kinHeap := timeLoad(t, func() error { return kinLoad(data, swagger2) })
		ourTime, ourHeap := timeLoad(t, func() (err error) {
			srv, err = mockserver.New(mockserver.Options{Spec: data})
			return err
		})
		doc := srv.SpecDoc()
		t.Logf("| %s | %.1f MB | %d | %d | %s / %s (%.2f×) | %.0f / %.0f MB (%.2f×) |",
			strings.TrimSuffix(filepath.Base(f), ".gz"), float64(len(data))/1e6, len(doc.Operations), len(doc.Resources),
			ourTime.Round(time.Millisecond), kinTime.Round(time.Millisecond), float64(ourTime)/float64(kinTime),
			float64(ourHeap)/1e6, float64(kinHeap)/1e6, float64(ourHeap)/float64(kinHeap))
	}
}

// timeLoad runs load three times and returns the fastest time and the
// highest peak of live heap above what was live before (sampled every
// millisecond from runtime/metrics, which does not stop the world).
func timeLoad(t *testing.T, load func() error) (time.Duration, uint64) {
	t.Helper()
	best, most := time.Duration(0), uint64(0)
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	heap := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	for range 3 {
		runtime.GC()
		base := heap()
		done := make(chan struct{})
		peak := make(chan uint64)
		go func() {
			top := uint64(0)
			tick := time.NewTicker(time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-done:
					peak <- max(top, heap())
					return
				case <-tick.C:
					top = max(top, heap())
				}
			}
		}()
		start := time.Now()
		err := load()
		d := time.Since(start)
		close(done)
		top := <-peak
		if err != nil {
			t.Fatal(err)
		}
		if best == 0 || d < best {
			best = d
		}
		if top > base {
			most = max(most, top-base)
		}
	}
	return best, most
}

// kinLoad is kin-openapi's own load of a document: Swagger 2.0 (swagger2)
// converted with openapi2conv, then loaded, validated and routed.
func kinLoad(data []byte, swagger2 bool) error {
	var doc *openapi3.T
	loader := openapi3.NewLoader()
	if swagger2 {
		var doc2 openapi2.T
		if err := openapi2.UnmarshalFromData(data, &doc2); err != nil {
			return err
		}
		var err error
		if doc, err = openapi2conv.ToV3(&doc2); err != nil {
			return err
		}
		if err := loader.ResolveRefsIn(doc, nil); err != nil {
			return err
		}
	} else {
		var err error
		if doc, err = loader.LoadFromData(data); err != nil {
			return err
		}
	}
	// Real-world documents are dirty: with every failure collected, the
	// validation runs to the end, and its error is an answer too.
	_, _ = legacy.NewRouter(doc, openapi3.EnableMultiError())
	return nil
}

// swagger2Version matches a Swagger 2.0 document's version key, in JSON or
// YAML, anywhere (Kubernetes sorts it last). The word alone is not
// enough: Mailchimp's OpenAPI 3 document names swagger as its origin's
// format.
var swagger2Version = regexp.MustCompile(`(?m)^\s*"?swagger"?\s*:\s*["']?2\.0`)

// isSwagger2 reports whether a document is Swagger 2.0.
func isSwagger2(data []byte) bool { return swagger2Version.Match(data) }
