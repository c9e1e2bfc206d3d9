package admin_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mockserver-go/mockserver/internal/admin"
	"github.com/mockserver-go/mockserver/internal/errorbody"
	"github.com/mockserver-go/mockserver/internal/exchange"
	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/handler"
	"github.com/mockserver-go/mockserver/internal/inspector"
	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/validate"
	"github.com/mockserver-go/mockserver/report"
)

// fakeEngine is a document's engine as the admin endpoints see it
// (admin.Engine): the document, the state it exports, and the faults
// injected into it; and, for the handler that mounts the endpoints, a
// pipeline (handler.Pipeline) that answers every request 200 and renders
// refusals with the error stage.
type fakeEngine struct {
	doc  *spec.Doc
	errs *errorbody.Renderer
	// state is what Export answers; fail is what Reset and Export return,
	// and refuse what Inject does.
	state        string
	fail, refuse error

	mu       sync.Mutex
	resets   int
	injected []exchange.ScheduledFault
	cleared  []string // ClearFaults' arguments
}

func (f *fakeEngine) Doc() *spec.Doc { return f.doc }

func (f *fakeEngine) Reset() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.resets++
	return f.fail
}

func (f *fakeEngine) Export() ([]byte, error) {
	if f.state == "" {
		return []byte(`{"collections":{}}`), f.fail
	}
	return []byte(f.state), f.fail
}

func (f *fakeEngine) Inject(opID string, fault exchange.Fault) error {
	if f.refuse != nil {
		return f.refuse
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.injected = append(f.injected, exchange.ScheduledFault{Operation: opID, Fault: fault})
	return nil
}

func (f *fakeEngine) Faults() []exchange.ScheduledFault {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.injected)
}

func (f *fakeEngine) ClearFaults(opID string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cleared = append(f.cleared, opID)
	n := len(f.injected)
	f.injected = slices.DeleteFunc(f.injected, func(s exchange.ScheduledFault) bool { return opID == "" || s.Operation == opID })
	return n - len(f.injected)
}

func (f *fakeEngine) Handle(*http.Request, []byte) (*exchange.Response, *exchange.Exchange) {
	return &exchange.Response{Status: http.StatusOK, Header: http.Header{}}, &exchange.Exchange{}
}

func (f *fakeEngine) Route(*http.Request, *exchange.Exchange) *spec.Operation { return nil }

func (f *fakeEngine) ErrorResponse(op *spec.Operation, pe *problem.Error) *exchange.Response {
	b := f.errs.Render(op, pe)
	body, _ := json.Marshal(b.Value)
	return &exchange.Response{Status: b.Status, Header: b.Header, Body: body, Value: b.Value}
}

// notes is a fake engine over testdata/notes.yaml, titled title.
func notes(t *testing.T, title string) *fakeEngine {
	t.Helper()
	data, err := os.ReadFile("testdata/notes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data = []byte(strings.Replace(string(data), "title: Notes", "title: "+title, 1))
	d, err := spec.Load(data, spec.LoadOptions{Location: "notes.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	return &fakeEngine{doc: d, errs: errorbody.New(d, validate.New(d), fixtures.NewForDocument(1, d.T))}
}

// mount is the handler with the admin routes of cfg, as the root package
// builds it; eng answers what is not an admin route.
func mount(eng *fakeEngine, cfg admin.Config) http.Handler {
	return handler.New(handler.Config{Engine: eng, Journal: cfg.Journal, Admin: admin.Mount(cfg)})
}

// serve is the handler with the admin routes over eng (nil: a new fake
// engine over the notes document), as the root package builds it for one
// document; edit fills in the rest of the admin Config.
func serve(t *testing.T, eng *fakeEngine, edit func(*admin.Config)) http.Handler {
	t.Helper()
	if eng == nil {
		eng = notes(t, "Notes")
	}
	cfg := &admin.Config{Engine: eng, Journal: journal.New(0)}
	if edit != nil {
		edit(cfg)
	}
	return mount(eng, *cfg)
}

// server is serve with the default admin Config.
func server(t *testing.T) http.Handler {
	t.Helper()
	return serve(t, nil, nil)
}

// do sends a request with header name/value pairs and decodes a JSON
// answer into out, when out is not nil.
func do(t *testing.T, h http.Handler, method, target, body string, out any, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if out != nil {
		if err := json.Unmarshal(w.Body.Bytes(), out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, target, err, w.Body)
		}
	}
	return w
}

// problemBody is what the admin endpoints answer on error
// (application/problem+json).
type problemBody struct {
	Type   string `json:"type"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		In    string `json:"in"`
		Field string `json:"field"`
		Code  string `json:"code"`
	} `json:"errors"`
}

// isProblem fails unless w is a problem+json answer with the status whose
// detail holds each of words.
func isProblem(t *testing.T, w *httptest.ResponseRecorder, status int, words ...string) problemBody {
	t.Helper()
	var p problemBody
	if w.Code != status || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/problem+json") {
		t.Fatalf("answer %d %s %s, want %d problem+json", w.Code, w.Header().Get("Content-Type"), w.Body, status)
	}
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
		t.Fatalf("%v in %s", err, w.Body)
	}
	for _, s := range words {
		if !strings.Contains(p.Detail, s) {
			t.Errorf("detail %q does not say %q", p.Detail, s)
		}
	}
	return p
}

func TestReset(t *testing.T) {
	t.Parallel()
	eng := notes(t, "Notes")
	var out map[string]any
	if w := do(t, serve(t, eng, nil), "POST", "/__mock/reset", "", &out); w.Code != 200 || out["reset"] != true || eng.resets != 1 {
		t.Fatalf("reset: %d %v, the engine reset %d times (want once)", w.Code, out, eng.resets)
	}

	// Config.Reset replaces the engine's.
	var called int
	eng = notes(t, "Notes")
	h := serve(t, eng, func(c *admin.Config) { c.Reset = func() error { called++; return nil } })
	if w := do(t, h, "POST", "/__mock/reset", "", nil); w.Code != 200 || called != 1 || eng.resets != 0 {
		t.Errorf("Config.Reset called %d times, the engine's %d (%d)", called, eng.resets, w.Code)
	}

	// A reset that fails (a store that is down) is a 500, not a success.
	eng = notes(t, "Notes")
	eng.fail = errors.New("store down")
	isProblem(t, do(t, serve(t, eng, nil), "POST", "/__mock/reset", "", nil), 500)
}

type state struct {
	Collections map[string][]struct {
		ID     string         `json:"id"`
		Hidden bool           `json:"hidden"`
		Object map[string]any `json:"object"`
	} `json:"collections"`
}

// exported is an engine's export (store.Store.Export's shape) holding two
// notes, the second soft-deleted.
const exported = `{"collections":{"notes":[{"id":"1","obj":{"id":1,"title":"first"}},{"id":"4","obj":{"id":4,"title":"fourth"},"hidden":true}]}}`

func TestState(t *testing.T) {
	t.Parallel()
	var empty state
	if w := do(t, server(t), "GET", "/__mock/state", "", &empty); w.Code != 200 || empty.Collections == nil || len(empty.Collections) != 0 {
		t.Fatalf("nothing exported: %d %+v (want an empty map)", w.Code, empty)
	}
	eng := notes(t, "Notes")
	eng.state = exported
	var s state
	do(t, serve(t, eng, nil), "GET", "/__mock/state", "", &s)
	list := s.Collections["notes"]
	if len(s.Collections) != 1 || len(list) != 2 {
		t.Fatalf("state: %+v", s)
	}
	if first := list[0]; first.ID != "1" || first.Hidden || first.Object["title"] != "first" {
		t.Errorf("first note in the state: %+v", first)
	}
	if last := list[1]; last.ID != "4" || !last.Hidden || last.Object["title"] != "fourth" || last.Object["id"] != 4.0 {
		t.Errorf("soft-deleted note in the state: %+v", last)
	}
	eng.fail = errors.New("store down")
	isProblem(t, do(t, serve(t, eng, nil), "GET", "/__mock/state", "", nil), 500)
}

// Several documents: each collection is named "mount:key".
func TestStateOfSeveralDocuments(t *testing.T) {
	t.Parallel()
	a, b := notes(t, "A"), notes(t, "B")
	b.state = exported
	docs := []admin.Doc{{Name: "a", Engine: a}, {Name: "b", Engine: b}}
	h := mount(b, admin.Config{Journal: journal.New(0), Docs: func() []admin.Doc { return docs }})
	var s state
	do(t, h, "GET", "/__mock/state", "", &s)
	if len(s.Collections["b:notes"]) != 2 || len(s.Collections) != 1 {
		t.Errorf("state of several documents: %+v", s)
	}
	a.state = exported
	do(t, h, "GET", "/__mock/state", "", &s)
	if len(s.Collections["a:notes"]) != 2 || len(s.Collections) != 2 {
		t.Errorf("state of several documents: %+v", s)
	}
}

type requests struct {
	Requests []struct {
		ID          uint64 `json:"id"`
		Method      string `json:"method"`
		Path        string `json:"path"`
		Query       string `json:"query"`
		OperationID string `json:"operation_id"`
		Status      int    `json:"status"`
	} `json:"requests"`
}

func (r requests) ids() []uint64 {
	out := []uint64{}
	for _, e := range r.Requests {
		out = append(out, e.ID)
	}
	return out
}

// withFive is a server whose journal holds five requests (ids 1 to 5, the
// query n=0 to n=4).
func withFive(t *testing.T) http.Handler {
	t.Helper()
	jr := journal.New(0)
	for i := range 5 {
		jr.Add(journal.Entry{Method: "GET", Path: "/notes", Query: "n=" + strconv.Itoa(i), OperationID: "notes_list", Status: 200,
			RespBody: `[{"id":1,"title":"first"}]`, RespType: "application/json", RespHeaders: map[string]string{"X-Total": "1"}})
	}
	return serve(t, nil, func(c *admin.Config) { c.Journal = jr })
}

func TestRequests(t *testing.T) {
	t.Parallel()
	h := withFive(t)
	tests := []struct {
		query string
		want  []uint64
	}{
		{"", []uint64{5, 4, 3, 2, 1}},
		{"?limit=2", []uint64{5, 4}},
		{"?limit=0", []uint64{}},
		{"?limit=9", []uint64{5, 4, 3, 2, 1}},
		{"?after=3", []uint64{5, 4}},
		{"?after=5", []uint64{}},
		{"?after=0", []uint64{5, 4, 3, 2, 1}},
		// The newest limit requests, of which those after the id.
		{"?after=2&limit=2", []uint64{5, 4}},
		{"?after=4&limit=3", []uint64{5}},
	}
	for _, tt := range tests {
		var got requests
		if w := do(t, h, "GET", "/__mock/requests"+tt.query, "", &got); w.Code != 200 {
			t.Errorf("%s: %d", tt.query, w.Code)
		}
		if ids := got.ids(); !reflect.DeepEqual(ids, tt.want) {
			t.Errorf("GET /requests%s = %v, want %v", tt.query, ids, tt.want)
		}
	}
	// Bad input is refused, naming the parameter, not ignored.
	for _, bad := range []struct{ query, field, detail string }{
		{"?limit=abc", "limit", `limit must be a number of requests (0 or more), not "abc"`},
		{"?limit=-1", "limit", `not "-1"`},
		{"?after=abc", "after", `after must be a request id, not "abc"`},
		{"?after=-3&limit=2", "after", `not "-3"`},
	} {
		p := isProblem(t, do(t, h, "GET", "/__mock/requests"+bad.query, "", nil), 400, bad.detail)
		if len(p.Errors) != 1 || p.Errors[0].In != "query" || p.Errors[0].Field != bad.field {
			t.Errorf("%s: errors %+v, want one naming query %s", bad.query, p.Errors, bad.field)
		}
	}
	var one requests
	do(t, h, "GET", "/__mock/requests?limit=1", "", &one)
	if e := one.Requests[0]; e.Method != "GET" || e.Path != "/notes" || e.Query != "n=4" || e.OperationID != "notes_list" || e.Status != 200 {
		t.Errorf("entry: %+v", e)
	}
}

func TestClearRequests(t *testing.T) {
	t.Parallel()
	h := withFive(t)
	if w := do(t, h, "DELETE", "/__mock/requests", "", nil); w.Code != 204 || w.Body.Len() != 0 {
		t.Fatalf("DELETE /requests: %d %s", w.Code, w.Body)
	}
	var got requests
	do(t, h, "GET", "/__mock/requests", "", &got)
	if got.Requests == nil || len(got.Requests) != 0 {
		t.Errorf("after clearing: %+v (want an empty list)", got)
	}
}

// GET /requests/{id} shows one entry of the journal whole: the answer's
// body, type and headers beside the request's.
func TestRequest(t *testing.T) {
	t.Parallel()
	h := withFive(t)
	var e struct {
		ID              uint64            `json:"id"`
		Query           string            `json:"query"`
		Status          int               `json:"status"`
		ResponseBody    string            `json:"response_body"`
		ResponseType    string            `json:"response_type"`
		ResponseHeaders map[string]string `json:"response_headers"`
	}
	if w := do(t, h, "GET", "/__mock/requests/2", "", &e); w.Code != 200 {
		t.Fatalf("GET /requests/2: %d", w.Code)
	}
	if e.ID != 2 || e.Query != "n=1" || e.Status != 200 || !strings.HasPrefix(e.ResponseBody, "[{") || e.ResponseType != "application/json" ||
		e.ResponseHeaders["X-Total"] != "1" {
		t.Errorf("request 2: %+v", e)
	}
	isProblem(t, do(t, h, "GET", "/__mock/requests/99", "", nil), 404, "No request 99 in the journal")
	for _, id := range []string{"abc", "-1", "1.5"} {
		p := isProblem(t, do(t, h, "GET", "/__mock/requests/"+id, "", nil), 400, `id must be a request id`, strconv.Quote(id))
		if len(p.Errors) != 1 || p.Errors[0].In != "path" || p.Errors[0].Field != "id" {
			t.Errorf("/requests/%s: errors %+v, want one naming path id", id, p.Errors)
		}
	}
}

func TestViolations(t *testing.T) {
	t.Parallel()
	jr := journal.New(0)
	h := serve(t, nil, func(c *admin.Config) { c.Journal = jr })
	var none map[string]any
	if w := do(t, h, "GET", "/__mock/violations", "", &none); w.Code != 200 || none["total"] != 0.0 || none["violations"] == nil {
		t.Errorf("no violations: %d %s (want an empty list, not null)", w.Code, w.Body)
	}
	jr.Add(journal.Entry{Method: "GET", Path: "/notes", OperationID: "notes_list", Status: 200})
	jr.Add(journal.Entry{Method: "POST", Path: "/notes", OperationID: "notes_create", Status: 400,
		Violations: []problem.Violation{{In: "body", Field: "title", Code: "required", Message: "title is required"}}})
	jr.Add(journal.Entry{Method: "POST", Path: "/notes", OperationID: "notes_create", Status: 400,
		Violations: []problem.Violation{{In: "body", Field: "title", Code: "maxLength", Message: "title is longer than 20 characters"}}})
	var out struct {
		Total      int `json:"total"`
		Violations []struct {
			RequestID   uint64 `json:"request_id"`
			Method      string `json:"method"`
			Path        string `json:"path"`
			OperationID string `json:"operation_id"`
			In          string `json:"in"`
			Field       string `json:"field"`
			Code        string `json:"code"`
			Message     string `json:"message"`
		} `json:"violations"`
	}
	if w := do(t, h, "GET", "/__mock/violations", "", &out); w.Code != 200 {
		t.Fatalf("GET /violations: %d", w.Code)
	}
	if out.Total != 2 || len(out.Violations) != 2 {
		t.Fatalf("violations: %+v", out)
	}
	v := out.Violations[0]
	if v.RequestID != 2 || v.Method != "POST" || v.Path != "/notes" || v.OperationID != "notes_create" ||
		v.In != "body" || v.Field != "title" || v.Code != "required" || v.Message == "" {
		t.Errorf("first violation: %+v", v)
	}
	if v := out.Violations[1]; v.RequestID != 3 || v.Field != "title" || v.Code != "maxLength" {
		t.Errorf("second violation: %+v", v)
	}
}

// POST /faults reads the fault, refusing what is not one with the field
// named, and hands it to the engine; what the engine refuses (an unknown
// operation, an undeclared status: internal/engine's TestInjectRefuses)
// is the answer.
func TestFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		body   string
		status int
		want   exchange.Fault // what the engine is given, for a 201
		field  string         // the field a 400 names
		detail string
	}{
		{name: "a declared status", body: `{"operation":"notes_list","status":503,"times":2,"retry_after":5}`, status: 201,
			want: exchange.Fault{Status: 503, Times: 2, RetryAfter: 5}},
		{name: "a delay", body: `{"operation":"notes_list","delay":"150ms"}`, status: 201, want: exchange.Fault{Delay: 150 * time.Millisecond}},
		{name: "an undeclared status on purpose", body: `{"operation":"notes_list","status":418,"undeclared":true}`, status: 201,
			want: exchange.Fault{Status: 418, Undeclared: true}},
		{name: "a network fault", body: `{"operation":"notes_create","network":"connection_reset"}`, status: 201,
			want: exchange.Fault{Network: exchange.NetworkReset}},
		{name: "no operation", body: `{"status":503}`, status: 400, field: "operation", detail: "operation (an operationId) is required"},
		{name: "a bad delay", body: `{"operation":"notes_list","delay":"soon"}`, status: 400, field: "delay", detail: "delay must be a duration"},
		{name: "a negative delay", body: `{"operation":"notes_list","delay":"-1s"}`, status: 400, field: "delay", detail: "delay must be a duration"},
		{name: "an unknown field", body: `{"operation":"notes_list","stauts":503}`, status: 400, detail: `unknown field "stauts"`},
		{name: "not an object", body: `[]`, status: 400, detail: "must be a JSON object"},
		{name: "no body", body: ``, status: 400, detail: "must be a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			eng := notes(t, "Notes")
			w := do(t, serve(t, eng, nil), "POST", "/__mock/faults", tt.body, nil)
			if tt.status != 201 {
				p := isProblem(t, w, tt.status, tt.detail)
				if tt.field != "" && (len(p.Errors) != 1 || p.Errors[0].Field != tt.field) {
					t.Errorf("errors %+v do not name %q", p.Errors, tt.field)
				}
				if len(eng.injected) != 0 {
					t.Errorf("a refused fault reached the engine: %+v", eng.injected)
				}
				return
			}
			if w.Code != 201 {
				t.Fatalf("answer %d %s", w.Code, w.Body)
			}
			var in, out map[string]any
			_ = json.Unmarshal([]byte(tt.body), &in)
			_ = json.Unmarshal(w.Body.Bytes(), &out)
			for k, v := range in {
				if out[k] != v {
					t.Errorf("answer %s = %v, want the fault as sent (%v)", k, out[k], v)
				}
			}
			if len(eng.injected) != 1 || eng.injected[0].Operation != in["operation"] || eng.injected[0].Fault != tt.want {
				t.Errorf("the engine was given %+v, want %s %+v", eng.injected, in["operation"], tt.want)
			}
		})
	}
	eng := notes(t, "Notes")
	eng.refuse = &problem.Error{Kind: problem.KindNotFound, Detail: `unknown operation "notes_delete"`}
	isProblem(t, do(t, serve(t, eng, nil), "POST", "/__mock/faults", `{"operation":"notes_delete","status":503}`, nil), 404, `unknown operation "notes_delete"`)
}

// With several documents a fault goes to the one declaring the operation;
// one that none declares goes to the first, which refuses it.
func TestFaultFindsItsDocument(t *testing.T) {
	t.Parallel()
	memos := notes(t, "Memos")
	other, err := spec.Load([]byte(strings.ReplaceAll(string(must(os.ReadFile("testdata/notes.yaml"))), "notes_list", "memos_list")), spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	memos.doc = other
	first := notes(t, "Notes")
	docs := []admin.Doc{{Name: "notes", Engine: first}, {Name: "memos", Engine: memos}}
	h := mount(memos, admin.Config{Journal: journal.New(0), Docs: func() []admin.Doc { return docs }})
	if w := do(t, h, "POST", "/__mock/faults", `{"operation":"memos_list","status":503}`, nil); w.Code != 201 {
		t.Fatal(w.Code, w.Body)
	}
	if len(memos.injected) != 1 || len(first.injected) != 0 {
		t.Errorf("memos_list went to %+v (memos) and %+v (notes), want memos", memos.injected, first.injected)
	}
	first.refuse = &problem.Error{Kind: problem.KindNotFound, Detail: `unknown operation "nowhere"`}
	isProblem(t, do(t, h, "POST", "/__mock/faults", `{"operation":"nowhere","status":503}`, nil), 404, `unknown operation "nowhere"`)
	if len(memos.injected) != 1 {
		t.Errorf("an operation no document declares went to memos: %+v", memos.injected)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

type route struct{ method, target, body string }

// routes are every admin endpoint that Mount serves with Report, Stop and
// Extra set, each with a request that succeeds.
func routes() []route {
	return []route{
		{"POST", "/__mock/reset", ""},
		{"GET", "/__mock/state", ""},
		{"GET", "/__mock/requests", ""},
		{"DELETE", "/__mock/requests", ""},
		{"GET", "/__mock/requests/1", ""},
		{"GET", "/__mock/violations", ""},
		{"POST", "/__mock/faults", `{"operation":"notes_list","delay":"1ms"}`},
		{"GET", "/__mock/faults", ""},
		{"DELETE", "/__mock/faults", ""},
		{"GET", "/__mock/info", ""},
		{"GET", "/__mock/report", ""},
		{"POST", "/__mock/stop", ""},
		{"GET", "/__mock/extra", ""},
	}
}

// full is a server with every optional endpoint on, and a journal that
// holds request 1.
func full(t *testing.T, token string) http.Handler {
	t.Helper()
	return serve(t, nil, func(c *admin.Config) {
		c.Token = token
		c.Journal.Add(journal.Entry{Method: "GET", Path: "/notes", OperationID: "notes_list", Status: 200})
		c.Report = func() report.Report { return report.Report{Title: "Notes"} }
		c.Stop = func() {}
		c.Extra = func(g *echo.Group) {
			g.GET("/extra", func(c echo.Context) error { return c.String(200, "extra") })
		}
	})
}

func TestAdminToken(t *testing.T) {
	t.Parallel()
	const token = "s3cret"
	tests := []struct {
		name   string
		header []string
		ok     bool
	}{
		{"no token", nil, false},
		{"a wrong token", []string{"X-Mock-Admin-Token", "guess"}, false},
		{"a prefix of the token", []string{"X-Mock-Admin-Token", "s3cr"}, false},
		{"the header", []string{"X-Mock-Admin-Token", token}, true},
		{"the inspector's cookie", []string{"Cookie", inspector.CookieName + "=" + token}, true},
		{"a wrong cookie", []string{"Cookie", inspector.CookieName + "=guess"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, rt := range routes() {
				w := do(t, full(t, token), rt.method, rt.target, rt.body, nil, tt.header...)
				if tt.ok && w.Code >= 400 {
					t.Errorf("%s %s: %d %s", rt.method, rt.target, w.Code, w.Body)
				}
				if !tt.ok {
					isProblem(t, w, 401, "X-Mock-Admin-Token")
				}
			}
		})
	}
	// Without a token configured, every endpoint is open.
	for _, rt := range routes() {
		if w := do(t, full(t, ""), rt.method, rt.target, rt.body, nil); w.Code >= 400 {
			t.Errorf("no token set: %s %s: %d %s", rt.method, rt.target, w.Code, w.Body)
		}
	}
}

// The origin guard stands before the token guard on every endpoint.
func TestOriginGuardOnEveryEndpoint(t *testing.T) {
	t.Parallel()
	for _, rt := range routes() {
		w := do(t, full(t, "s3cret"), rt.method, rt.target, rt.body, nil,
			"Origin", "https://evil.example", "X-Mock-Admin-Token", "s3cret")
		isProblem(t, w, 403, "Origin https://evil.example")
	}
}
