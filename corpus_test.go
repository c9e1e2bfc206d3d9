package mockserver_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver"
	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/mediatype"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// The corpus: real-world documents (testdata/corpus/README.md) that the
// engine must serve well, operation by operation.

func TestCorpus(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/corpus/3.*/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 15 {
		t.Fatalf("corpus has %d documents, want at least 15", len(files))
	}
	for _, f := range files {
		name := strings.TrimPrefix(filepath.ToSlash(f), "testdata/corpus/")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			exerciseDocument(t, mustRead(t, f), 1)
		})
	}
}

// TestCorpusDirty: dirty documents load with warnings and are served;
// unusable ones are refused with an error that says where and why.
func TestCorpusDirty(t *testing.T) {
	t.Parallel()
	t.Run("warnings", func(t *testing.T) {
		t.Parallel()
		data := mustRead(t, "testdata/corpus/dirty/warnings.yaml")
		srv, err := mockserver.New(mockserver.Options{Spec: data})
		if err != nil {
			t.Fatalf("a dirty but usable document must load: %v", err)
		}
		warnings := strings.Join(srv.Warnings(), "\n")
		for _, want := range []string{"example does not match its schema at #/paths/~1things~1{id}/get/responses/200/content/application~1json/example", `"listThings"`, "served as \"listThings_get\""} {
			if !strings.Contains(warnings, want) {
				t.Errorf("warnings do not mention %s:\n%s", want, warnings)
			}
		}
		exerciseDocument(t, data, 1)
	})
	refused := []struct {
		file string
		want []string
	}{
		{"broken-ref.yaml", []string{"paths./orders.get.responses.200.content.application/json.schema", "#/components/schemas/Order", "line 14"}},
		{"external-ref.yaml", []string{"paths./pets.get.responses.200.content.application/json.schema.items", "external-pet.yaml#/Pet", "line 16", "external reference"}},
		{"mock-prefix.yaml", []string{"paths./__mock/reset", "reserved"}},
	}
	for _, tc := range refused {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			srv, err := mockserver.New(mockserver.Options{Spec: mustRead(t, "testdata/corpus/dirty/"+tc.file)})
			if err == nil || srv != nil {
				t.Fatalf("loaded (%v), want an error", err)
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
		})
	}
	t.Run("external-ref allowed", func(t *testing.T) {
		t.Parallel()
		srv, err := mockserver.New(mockserver.Options{SpecFile: "testdata/corpus/dirty/external-ref.yaml", AllowExternalRefs: true})
		if err != nil {
			t.Fatalf("AllowExternalRefs: %v", err)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/pets", nil))
		var pets []map[string]any
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &pets) != nil || len(pets) == 0 {
			t.Fatalf("GET /pets = %d %s, want 200 and pets", rec.Code, rec.Body)
		}
		if name, _ := pets[0]["name"].(string); name == "" {
			t.Errorf("pet from the external schema lacks its required name: %v", pets[0])
		}
	})
}

// TestCorpusPostHog serves every operation of PostHog's full document.
func TestCorpusPostHog(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("the full PostHog document takes a few seconds")
	}
	exerciseDocument(t, mustRead(t, "testdata/posthog-openapi.yaml"), 8)
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// corpusRun is the state of exercising one document.
type corpusRun struct {
	srv *mockserver.Server
	doc *spec.Doc
	gen *fixtures.Generator
	// known are operations (by id) whose failures have a known cause
	// outside this test's reach, with that cause: logged, not failed.
	known map[string]string
}

// fail reports a failure of operation opID: an error, or a log line when
// the operation's failures are known.
func (run *corpusRun) fail(t *testing.T, opID, format string, args ...any) {
	t.Helper()
	if why := run.known[opID]; why != "" {
		t.Logf("known failure (%s): "+format, append([]any{why}, args...)...)
		return
	}
	t.Errorf(format, args...)
}

// requestOpts validate a request value as the server does: formats on,
// with the document's format validators.
func (run *corpusRun) requestOpts() []openapi3.SchemaValidationOption {
	return append([]openapi3.SchemaValidationOption{openapi3.VisitAsRequest(), openapi3.EnableFormatValidation()}, run.doc.T.GetSchemaValidationOptions()...)
}

// exerciseDocument loads a document and sends, for every operation, one
// valid request per request media type (and per non-JSON response media
// type) and one invalid request where the operation has something required.
func exerciseDocument(t *testing.T, data []byte, shards int) {
	srv, err := mockserver.New(mockserver.Options{Spec: data, JournalSize: 1 << 16})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	run := newCorpusRun(t, srv)
	run.exercise(t, run.doc.Operations, shards)
	run.checkJournal(t)
}

// newCorpusRun starts exercising a loaded document.
func newCorpusRun(t *testing.T, srv *mockserver.Server) *corpusRun {
	t.Helper()
	doc := srv.SpecDoc()
	if srv.Operations() != len(doc.Operations) || len(doc.Operations) == 0 {
		t.Fatalf("server serves %d operations, the document has %d", srv.Operations(), len(doc.Operations))
	}
	return &corpusRun{srv: srv, doc: doc, gen: fixtures.New(7, doc.T.GetSchemaValidationOptions()...)}
}

// exercise sends the requests of operation for each of ops, deletes last
// so that the items other operations address still exist.
func (run *corpusRun) exercise(t *testing.T, all []*spec.Operation, shards int) {
	t.Helper()
	var ops, deletes []*spec.Operation
	for _, op := range all {
		if op.Method == http.MethodDelete {
			deletes = append(deletes, op)
		} else {
			ops = append(ops, op)
		}
	}
	for phase, list := range [][]*spec.Operation{ops, deletes} {
		if shards <= 1 {
			for _, op := range list {
				run.operation(t, op)
			}
			continue
		}
		t.Run("phase"+strconv.Itoa(phase), func(t *testing.T) {
			for i := range shards {
				t.Run(strconv.Itoa(i), func(t *testing.T) {
					t.Parallel()
					for j := i; j < len(list); j += shards {
						run.operation(t, list[j])
					}
				})
			}
		})
	}
}

// checkJournal fails for every response the engine's self-check found
// breaking the contract: none may.
func (run *corpusRun) checkJournal(t *testing.T) {
	t.Helper()
	for _, r := range run.srv.Requests() {
		for _, v := range r.Violations {
			// A request the test broke on purpose may get a 4xx the
			// document does not declare (there is none to choose).
			if v.In == "response" && !v.Tolerated && !(v.Code == "undeclared_status" && (r.Headers[invalidMark] != "" || knownUnbuildable[r.OperationID] != "")) {
				run.fail(t, r.OperationID, "%s %s?%s (%s) answered %d, which breaks the contract: %s: %s (expected %s, got %s)",
					r.Method, r.Path, r.Query, r.OperationID, r.Status, v.Field, v.Message, v.Expected, v.Got)
			}
		}
	}
}

func (run *corpusRun) operation(t *testing.T, op *spec.Operation) {
	t.Helper()
	name := op.Method + " " + op.Path + " (" + op.ID + ")"
	bodyTypes := op.BodyTypes
	if len(bodyTypes) == 0 {
		bodyTypes = []string{""}
	}
	for _, mt := range bodyTypes {
		req := run.request(t, op, mt, "")
		run.expectServed(t, name+" body "+mt, op, req)
	}
	// Each non-JSON media type of the success response, asked for by Accept.
	if r, _ := op.Response(op.Success); r != nil {
		for _, mt := range sortedKeys(r.Content) {
			if spec.IsJSON(mt) || strings.Contains(mt, "*") {
				continue
			}
			req := run.request(t, op, bodyTypes[0], mt)
			run.expectServed(t, name+" accept "+mt, op, req)
		}
	}
	if req, what := run.invalidRequest(t, op, bodyTypes[0]); req != nil {
		req.Header.Set(invalidMark, what)
		rec := httptest.NewRecorder()
		run.srv.ServeHTTP(rec, req)
		if rec.Code < 400 || rec.Code > 499 {
			t.Errorf("%s with %s: status %d, want a 4xx; body %s", name, what, rec.Code, clipBody(rec.Body.Bytes()))
		}
	}
}

func (run *corpusRun) expectServed(t *testing.T, name string, op *spec.Operation, req *http.Request) {
	t.Helper()
	rec := httptest.NewRecorder()
	run.srv.ServeHTTP(rec, req)
	run.checkAnswer(t, name, op, req, rec)
}

// checkAnswer checks an answer to a valid request: a declared status below
// 500, in a declared media type, JSON where it says so.
func (run *corpusRun) checkAnswer(t *testing.T, name string, op *spec.Operation, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	status := rec.Code
	if why := knownUnbuildable[op.ID]; why != "" && status >= 400 && status < 500 {
		return
	}
	if len(op.Statuses) == 0 {
		// OpenAPI 3.1 lets an operation declare no response at all: any
		// success will do.
		if status < 200 || status > 299 {
			run.fail(t, op.ID, "%s: status %d for an operation that declares no responses; body %s", name, status, clipBody(rec.Body.Bytes()))
		}
		return
	}
	if status >= 500 && !declaresBelow500(op) && op.Declares(status) {
		return // the operation declares only server errors (http-status-codes.json)
	}
	if status >= 500 {
		run.fail(t, op.ID, "%s: status %d; body %s", name, status, clipBody(rec.Body.Bytes()))
		return
	}
	if !op.Declares(status) {
		run.fail(t, op.ID, "%s: status %d is not declared (declared: %v); body %s", name, status, op.Statuses, clipBody(rec.Body.Bytes()))
		return
	}
	r, _ := op.Response(strconv.Itoa(status))
	if r == nil || len(r.Content) == 0 || rec.Body.Len() == 0 {
		return
	}
	ct := rec.Header().Get("Content-Type")
	got, _, err := mime.ParseMediaType(ct)
	if err != nil {
		run.fail(t, op.ID, "%s: status %d with Content-Type %q: %v", name, status, ct, err)
		return
	}
	declared := ""
	for _, k := range sortedKeys(r.Content) {
		if mediaMatches(k, got) {
			declared = k
			break
		}
	}
	if declared == "" {
		run.fail(t, op.ID, "%s: status %d answered Content-Type %q, the operation declares %v", name, status, ct, sortedKeys(r.Content))
		return
	}
	if spec.IsJSON(got) && !json.Valid(rec.Body.Bytes()) {
		run.fail(t, op.ID, "%s: status %d: %s body is not JSON: %s", name, status, got, clipBody(rec.Body.Bytes()))
	}
	if accept, _, _ := mime.ParseMediaType(req.Header.Get("Accept")); accept != "" && got != accept {
		run.fail(t, op.ID, "%s: asked for %s, got %s (status %d, body %s)", name, accept, got, status, clipBody(rec.Body.Bytes()))
	}
}

func declaresBelow500(op *spec.Operation) bool {
	for _, s := range op.Statuses {
		if s == "default" || s[0] < '5' {
			return true
		}
	}
	return false
}

// knownUnbuildable are the operations (by id, across the corpus) for which
// no valid request exists, so a validation 4xx is the right answer.
var knownUnbuildable = map[string]string{
	"directCircular":                          "circular-request-bodies.json: a required property refers to its own schema, so no finite body is valid",
	"quirks_entirelyIncompatibleAllOf":        "schema-types.json: allOf of a string and an integer",
	"quirks_partiallyUsableIncompatibleAllOf": "schema-types.json: allOf of a string and an integer",
}

// mediaMatches reports whether a concrete media type is covered by a
// declared one (which may be a wildcard or carry parameters).
func mediaMatches(declared, got string) bool {
	d := strings.ToLower(strings.TrimSpace(strings.SplitN(declared, ";", 2)[0]))
	switch {
	case d == got, d == "*/*":
		return true
	case strings.HasSuffix(d, "/*"):
		return strings.HasPrefix(got, strings.TrimSuffix(d, "*"))
	}
	return false
}

func clipBody(b []byte) string {
	if len(b) > 400 {
		return string(b[:400]) + "…"
	}
	return string(b)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// invalidMark marks the requests the test breaks on purpose.
const invalidMark = "X-Corpus-Invalid"

// skipHeaders are header parameters OpenAPI says are ignored.
var skipHeaders = map[string]bool{"accept": true, "content-type": true, "authorization": true}

// request builds a valid request: every parameter (serialized in its
// style), credentials for the first security alternative, and a body of
// media type mt generated from its schema.
func (run *corpusRun) request(t *testing.T, op *spec.Operation, mt, accept string) *http.Request {
	t.Helper()
	return run.requestWith(t, op, mt, accept, nil)
}

// requestWith is request with some path values given (already serialized):
// a scope and an id a sequence of requests shares.
func (run *corpusRun) requestWith(t *testing.T, op *spec.Operation, mt, accept string, fixed map[string]string) *http.Request {
	t.Helper()
	key := op.ID
	path := op.Path
	query := []string{}
	header := http.Header{}
	var cookies []string
	pathVals := map[string]string{}
	// Path parameters first: an item id must come from the state.
	for _, p := range op.Params {
		if p.In != "path" {
			continue
		}
		raw := run.paramValue(p, key)
		s := serializePath(p, raw)
		pathVals[p.Name] = s
	}
	if res := op.Resource; res != nil && op.Role != spec.RoleList && op.Role != spec.RoleCreate && op.Role != spec.RoleOther {
		if _, ok := pathVals[res.IDParam]; ok {
			scope := map[string]string{}
			for _, sp := range res.ScopeParams {
				scope[sp] = pathVals[sp]
			}
			if objs := run.srv.List(res.Name, scope); len(objs) > 0 {
				pathVals[res.IDParam] = fmt.Sprint(objs[0][res.IDField])
			}
		}
	}
	for name, v := range fixed {
		if _, ok := pathVals[name]; ok {
			pathVals[name] = v
		}
	}
	for name, v := range pathVals {
		path = strings.ReplaceAll(path, "{"+name+"}", escapePathValue(v))
	}
	for _, p := range op.Params {
		if !p.Required && !serializable(p) {
			continue // nothing a client could send (e.g. an array of objects in a header)
		}
		switch p.In {
		case "query":
			query = append(query, serializeQuery(p, run.paramValue(p, key))...)
		case "header":
			if skipHeaders[strings.ToLower(p.Name)] {
				continue
			}
			header.Set(p.Name, serializeSimple(p, run.paramValue(p, key)))
		case "cookie":
			cookies = append(cookies, p.Name+"="+serializeCookie(p, run.paramValue(p, key)))
		}
	}
	run.credentials(op, header, &query, &cookies)
	var body []byte
	if mt != "" {
		var ct string
		body, ct = run.body(t, op, mt, key)
		header.Set("Content-Type", ct)
	}
	u := path
	if len(query) > 0 {
		u += "?" + strings.Join(query, "&")
	}
	req := httptest.NewRequest(op.Method, u, bytes.NewReader(body))
	for k, vs := range header {
		req.Header[k] = vs
	}
	if len(cookies) > 0 {
		req.Header.Set("Cookie", strings.Join(cookies, "; "))
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	return req
}

// serializable reports whether a parameter's values have a defined
// serialization in its style: primitives, arrays of primitives and flat
// objects (content parameters are JSON, always fine).
func serializable(p *spec.Param) bool {
	if contentParam(p) || p.Schema == nil {
		return true
	}
	flat := func(s *openapi3.Schema) bool {
		return s == nil || s.Type == nil || !(s.Type.Is("object") || s.Type.Is("array")) && len(s.Properties) == 0
	}
	s := p.Schema
	switch {
	case s.Type != nil && s.Type.Is("array"):
		return s.Items == nil || flat(s.Items.Value)
	case s.Type != nil && s.Type.Is("object") || len(s.Properties) > 0:
		for _, ps := range s.Properties {
			if !flat(ps.Value) {
				return false
			}
		}
		return true
	}
	return true
}

// paramValue is the parameter's example when it has a valid one, else a
// generated value.
func (run *corpusRun) paramValue(p *spec.Param, key string) any {
	if p.Schema == nil {
		return "value"
	}
	if p.P.Example != nil && p.Schema.VisitJSON(p.P.Example, run.requestOpts()...) == nil {
		return p.P.Example
	}
	v := run.gen.Value(p.Schema, key+"/"+p.In+"/"+p.Name, fixtures.Request)
	// Style separators inside values make them ambiguous (a "." in a
	// label-style path value): use plain words where the schema allows.
	if clean := withoutSeparators(v); p.Schema.VisitJSON(clean, run.requestOpts()...) == nil {
		v = clean
	}
	if v == "" && p.Schema.VisitJSON("value", run.requestOpts()...) == nil {
		v = "value" // an empty value is refused unless allowEmptyValue
	}
	return v
}

func withoutSeparators(v any) any {
	switch x := v.(type) {
	case string:
		return strings.Map(func(r rune) rune {
			if strings.ContainsRune(".,;=|&/ ?#[]", r) {
				return '-'
			}
			return r
		}, x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = withoutSeparators(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = withoutSeparators(e)
		}
		return out
	}
	return v
}

func escapePathValue(s string) string {
	// Keep the separators of label/matrix/simple styles readable.
	e := url.PathEscape(s)
	for _, c := range []string{",", ";", "=", "."} {
		e = strings.ReplaceAll(e, url.PathEscape(c), c)
	}
	return e
}

func style(p *spec.Param, def string) (string, bool) {
	st := p.P.Style
	if st == "" {
		st = def
	}
	explode := st == "form"
	if p.P.Explode != nil {
		explode = *p.P.Explode
	}
	return st, explode
}

func contentParam(p *spec.Param) bool { return len(p.P.Content) > 0 }

func asJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// objectPairs lists an object's keys and values in key order.
func objectPairs(m map[string]any) [][2]string {
	keys := sortedKeys(m)
	out := make([][2]string, len(keys))
	for i, k := range keys {
		out[i] = [2]string{k, mediatype.Text(m[k])}
	}
	return out
}

func serializePath(p *spec.Param, v any) string {
	if contentParam(p) {
		return asJSON(v)
	}
	st, explode := style(p, "simple")
	prefix, sep := "", ","
	switch st {
	case "label":
		prefix = "."
		if explode {
			sep = "."
		}
	case "matrix":
		prefix = ";" + p.Name + "="
		if explode {
			sep = ";" + p.Name + "="
		}
	}
	switch x := v.(type) {
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = mediatype.Text(e)
		}
		return prefix + strings.Join(parts, sep)
	case map[string]any:
		var parts []string
		for _, kv := range objectPairs(x) {
			if explode {
				parts = append(parts, kv[0]+"="+kv[1])
			} else {
				parts = append(parts, kv[0], kv[1])
			}
		}
		if st == "matrix" && explode {
			return ";" + strings.Join(parts, ";")
		}
		if st == "label" && explode {
			return "." + strings.Join(parts, ".")
		}
		return prefix + strings.Join(parts, ",")
	}
	return prefix + mediatype.Text(v)
}

func serializeSimple(p *spec.Param, v any) string {
	if contentParam(p) {
		return asJSON(v)
	}
	_, explode := style(p, "simple")
	switch x := v.(type) {
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = mediatype.Text(e)
		}
		return strings.Join(parts, ",")
	case map[string]any:
		var parts []string
		for _, kv := range objectPairs(x) {
			if explode {
				parts = append(parts, kv[0]+"="+kv[1])
			} else {
				parts = append(parts, kv[0], kv[1])
			}
		}
		return strings.Join(parts, ",")
	}
	return mediatype.Text(v)
}

func serializeCookie(p *spec.Param, v any) string {
	if contentParam(p) {
		return url.QueryEscape(asJSON(v))
	}
	switch x := v.(type) {
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = url.QueryEscape(mediatype.Text(e))
		}
		return strings.Join(parts, ",")
	case map[string]any:
		var parts []string
		for _, kv := range objectPairs(x) {
			parts = append(parts, url.QueryEscape(kv[0]), url.QueryEscape(kv[1]))
		}
		return strings.Join(parts, ",")
	}
	return url.QueryEscape(mediatype.Text(v))
}

// serializeQuery renders a query parameter as name=value pairs (escaped).
func serializeQuery(p *spec.Param, v any) []string {
	q := url.QueryEscape
	n := q(p.Name)
	if contentParam(p) {
		return []string{n + "=" + q(asJSON(v))}
	}
	st, explode := style(p, "form")
	switch x := v.(type) {
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = q(mediatype.Text(e))
		}
		switch {
		case len(parts) == 0:
			return nil
		case st == "form" && explode:
			out := make([]string, len(parts))
			for i, e := range parts {
				out[i] = n + "=" + e
			}
			return out
		case st == "spaceDelimited":
			return []string{n + "=" + strings.Join(parts, "%20")}
		case st == "pipeDelimited":
			return []string{n + "=" + strings.Join(parts, "|")}
		default:
			return []string{n + "=" + strings.Join(parts, ",")}
		}
	case map[string]any:
		pairs := objectPairs(x)
		var out []string
		switch {
		case st == "deepObject":
			for _, kv := range pairs {
				out = append(out, n+"["+q(kv[0])+"]="+q(kv[1]))
			}
		case explode:
			for _, kv := range pairs {
				out = append(out, q(kv[0])+"="+q(kv[1]))
			}
		default:
			var parts []string
			for _, kv := range pairs {
				parts = append(parts, q(kv[0]), q(kv[1]))
			}
			sep := ","
			switch st {
			case "spaceDelimited":
				sep = "%20"
			case "pipeDelimited":
				sep = "|"
			}
			out = append(out, n+"="+strings.Join(parts, sep))
		}
		return out
	}
	return []string{n + "=" + q(mediatype.Text(v))}
}

// credentials adds what the first security alternative asks for.
func (run *corpusRun) credentials(op *spec.Operation, h http.Header, query, cookies *[]string) {
	if len(op.Security) == 0 {
		return
	}
	for name := range op.Security[0] {
		ref := run.doc.T.Components.SecuritySchemes[name]
		if ref == nil || ref.Value == nil {
			continue
		}
		s := ref.Value
		switch s.Type {
		case "apiKey":
			switch s.In {
			case "header":
				h.Set(s.Name, "test-key")
			case "query":
				*query = append(*query, url.QueryEscape(s.Name)+"=test-key")
			case "cookie":
				*cookies = append(*cookies, s.Name+"=test-key")
			}
		case "http":
			switch strings.ToLower(s.Scheme) {
			case "basic":
				h.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("user:pass")))
			default:
				h.Set("Authorization", s.Scheme+" test-token")
			}
		default: // oauth2, openIdConnect
			h.Set("Authorization", "Bearer test-token")
		}
	}
}

// body generates a request body of the declared media type mt.
func (run *corpusRun) body(t *testing.T, op *spec.Operation, mt, key string) ([]byte, string) {
	t.Helper()
	media := op.Op.RequestBody.Value.Content[mt]
	var s *openapi3.Schema
	if media != nil && media.Schema != nil {
		s = media.Schema.Value
	}
	var v any
	if s != nil {
		v = run.gen.Value(s, key+"/body/"+mt, fixtures.Request)
	}
	ct := mediatype.Concrete(mt, mediatype.Request)
	base := strings.ToLower(strings.SplitN(ct, ";", 2)[0])
	switch {
	case spec.IsJSON(base):
		if v == nil && s == nil {
			v = map[string]any{}
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("marshal body: %v", err)
		}
		return b, ct
	case base == "application/x-www-form-urlencoded":
		form := url.Values{}
		for k, fv := range formFields(v, media.Encoding) {
			form[k] = fv
		}
		return []byte(form.Encode()), ct
	case base == "multipart/form-data":
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		files := binaryProps(s)
		obj, _ := v.(map[string]any)
		for _, k := range sortedKeys(obj) {
			if files[k] {
				fw, err := w.CreateFormFile(k, k+".bin")
				if err != nil {
					t.Fatal(err)
				}
				_, _ = fw.Write([]byte("file content"))
				continue
			}
			for _, fv := range formFields(map[string]any{k: obj[k]}, nil)[k] {
				_ = w.WriteField(k, fv)
			}
		}
		_ = w.Close()
		return buf.Bytes(), w.FormDataContentType()
	}
	switch x := v.(type) {
	case string:
		return []byte(x), ct
	case nil:
		return []byte("content"), ct
	default:
		return []byte(mediatype.Text(x)), ct
	}
}

// formFields renders an object as form fields: a property whose encoding
// is deepObject in bracket notation (metadata[key]=v, tiers[0][up_to]=5), as
// the clients of such documents send it; else arrays repeat and objects
// are JSON (the default encoding of object properties).
func formFields(v any, encoding map[string]*openapi3.Encoding) map[string][]string {
	obj, _ := v.(map[string]any)
	out := map[string][]string{}
	for k, fv := range obj {
		if e := encoding[k]; e != nil && e.Style == openapi3.SerializationDeepObject {
			deepObjectFields(out, k, fv)
			continue
		}
		switch x := fv.(type) {
		case []any:
			for _, e := range x {
				out[k] = append(out[k], mediatype.Text(e))
			}
		case nil:
		default:
			out[k] = []string{mediatype.Text(x)}
		}
	}
	return out
}

// deepObjectFields adds the fields of value v under name in bracket
// notation: an object's properties as name[key], an array's elements as
// name[i]; an empty one is the name alone, empty.
func deepObjectFields(out map[string][]string, name string, v any) {
	switch x := v.(type) {
	case map[string]any, []any:
		if reflect.ValueOf(x).Len() == 0 {
			out[name] = []string{""}
			return
		}
	}
	switch x := v.(type) {
	case map[string]any:
		for k, el := range x {
			deepObjectFields(out, name+"["+k+"]", el)
		}
	case []any:
		for i, el := range x {
			deepObjectFields(out, name+"["+strconv.Itoa(i)+"]", el)
		}
	case nil:
	default:
		out[name] = append(out[name], mediatype.Text(x))
	}
}

// binaryProps names the properties that are files (format binary/base64,
// or arrays of them).
func binaryProps(s *openapi3.Schema) map[string]bool {
	out := map[string]bool{}
	if s == nil {
		return out
	}
	for name, ref := range s.Properties {
		if ref == nil || ref.Value == nil {
			continue
		}
		ps := ref.Value
		if ps.Items != nil && ps.Items.Value != nil {
			ps = ps.Items.Value
		}
		if ps.Format == "binary" || ps.Format == "base64" {
			out[name] = true
		}
	}
	return out
}

// invalidRequest breaks a valid request: a required query, header or
// cookie parameter left out, else a required body left out, else a typed
// path parameter that does not parse.
func (run *corpusRun) invalidRequest(t *testing.T, op *spec.Operation, mt string) (*http.Request, string) {
	t.Helper()
	for _, p := range op.Params {
		if !p.Required || p.In == "path" || (p.In == "header" && skipHeaders[strings.ToLower(p.Name)]) {
			continue
		}
		req := run.request(t, op, mt, "")
		switch p.In {
		case "query":
			q := req.URL.Query()
			q.Del(p.Name)
			for k := range q {
				if strings.HasPrefix(k, p.Name+"[") {
					q.Del(k)
				}
			}
			req.URL.RawQuery = q.Encode()
		case "header":
			req.Header.Del(p.Name)
		case "cookie":
			var keep []string
			for _, c := range req.Cookies() {
				if c.Name != p.Name {
					keep = append(keep, c.Name+"="+c.Value)
				}
			}
			req.Header.Set("Cookie", strings.Join(keep, "; "))
		}
		return req, "no " + p.In + " parameter " + p.Name
	}
	if rb := op.Op.RequestBody; rb != nil && rb.Value != nil && rb.Value.Required && mt != "" {
		req := run.request(t, op, mt, "")
		req.Body = http.NoBody
		req.ContentLength = 0
		return req, "no body"
	}
	for _, p := range op.Params {
		if p.In == "path" && p.Schema != nil && p.Schema.Type != nil && (p.Schema.Type.Is("integer") || p.Schema.Type.Is("number")) && !contentParam(p) {
			req := run.request(t, op, mt, "")
			seg := serializePath(p, "not-a-number")
			tpl := strings.Split(strings.Trim(op.Path, "/"), "/")
			got := strings.Split(strings.Trim(req.URL.Path, "/"), "/")
			for i := range tpl {
				if strings.Contains(tpl[i], "{"+p.Name+"}") && i < len(got) {
					got[i] = strings.ReplaceAll(tpl[i], "{"+p.Name+"}", seg)
				}
			}
			req.URL.Path = "/" + strings.Join(got, "/")
			req.URL.RawPath = ""
			return req, "a path parameter " + p.Name + " that is not a number"
		}
	}
	return nil, ""
}
