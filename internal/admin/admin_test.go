package admin_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/mockserver-go/mockserver/internal/admin"
	"github.com/mockserver-go/mockserver/internal/engine"
	"github.com/mockserver-go/mockserver/internal/handler"
	"github.com/mockserver-go/mockserver/internal/inspector"
	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/report"
)

// notes is an engine over testdata/notes.yaml, titled title.
func notes(t *testing.T, title string) *engine.Engine {
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
	eng, err := engine.New(engine.Config{Doc: d})
	if err != nil {
		t.Fatal(err)
	}
	return eng
}

// serve is the handler with the admin routes, as the root package builds
// it for one document; edit fills in the rest of the admin Config.
func serve(t *testing.T, edit func(*admin.Config)) http.Handler {
	t.Helper()
	eng := notes(t, "Notes")
	cfg := &admin.Config{Engine: eng, Journal: journal.New(0)}
	if edit != nil {
		edit(cfg)
	}
	return handler.New(handler.Config{Engine: eng, Journal: cfg.Journal, Admin: admin.Mount(*cfg)})
}

// server is serve with the default admin Config.
func server(t *testing.T) http.Handler {
	t.Helper()
	return serve(t, nil)
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

// problem is what the admin endpoints answer on error
// (application/problem+json).
type problem struct {
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
func isProblem(t *testing.T, w *httptest.ResponseRecorder, status int, words ...string) problem {
	t.Helper()
	var p problem
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
	h := server(t)
	if w := do(t, h, "POST", "/notes", `{"title":"kept until reset"}`, nil); w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	var out map[string]any
	if w := do(t, h, "POST", "/__mock/reset", "", &out); w.Code != 200 || out["reset"] != true {
		t.Fatalf("reset: %d %v", w.Code, out)
	}
	var list []struct{ Title string }
	do(t, h, "GET", "/notes", "", &list)
	if len(list) != 3 {
		t.Errorf("after a reset: %d notes, want the 3 seeded", len(list))
	}
	for _, n := range list {
		if n.Title == "kept until reset" {
			t.Errorf("the created note survived the reset")
		}
	}

	// Config.Reset replaces the engine's.
	var called int
	h = serve(t, func(c *admin.Config) { c.Reset = func() error { called++; return nil } })
	if w := do(t, h, "POST", "/__mock/reset", "", nil); w.Code != 200 || called != 1 {
		t.Errorf("Config.Reset called %d times (%d)", called, w.Code)
	}
}

type state struct {
	Collections map[string][]struct {
		ID     string         `json:"id"`
		Hidden bool           `json:"hidden"`
		Object map[string]any `json:"object"`
	} `json:"collections"`
}

func TestState(t *testing.T) {
	t.Parallel()
	h := server(t)
	var empty state
	if w := do(t, h, "GET", "/__mock/state", "", &empty); w.Code != 200 || empty.Collections == nil || len(empty.Collections) != 0 {
		t.Fatalf("before any request: %d %+v (collections are seeded on first use)", w.Code, empty)
	}
	do(t, h, "POST", "/notes", `{"title":"fourth"}`, nil)
	var s state
	do(t, h, "GET", "/__mock/state", "", &s)
	notes := s.Collections["notes"]
	if len(s.Collections) != 1 || len(notes) != 4 {
		t.Fatalf("state: %+v", s)
	}
	last := notes[3]
	if last.ID != "4" || last.Hidden || last.Object["title"] != "fourth" || last.Object["id"] != 4.0 {
		t.Errorf("created note in the state: %+v", last)
	}
}

// Several documents: each collection is named "mount:key".
func TestStateOfSeveralDocuments(t *testing.T) {
	t.Parallel()
	b := notes(t, "B")
	docs := []admin.Doc{{Name: "a", Engine: notes(t, "A")}, {Name: "b", Engine: b}}
	jr := journal.New(0)
	h := handler.New(handler.Config{Engine: b, Journal: jr,
		Admin: admin.Mount(admin.Config{Journal: jr, Docs: func() []admin.Doc { return docs }})})
	do(t, h, "POST", "/notes", `{"title":"in b"}`, nil) // seeds and writes b's collection (a read stores nothing)
	var s state
	do(t, h, "GET", "/__mock/state", "", &s)
	if _, ok := s.Collections["b:notes"]; !ok || len(s.Collections) != 1 {
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

// withFive is a server whose journal holds five requests (ids 1 to 5).
func withFive(t *testing.T) http.Handler {
	t.Helper()
	h := server(t)
	for i := 0; i < 5; i++ {
		do(t, h, "GET", "/notes?n="+strconv.Itoa(i), "", nil)
	}
	return h
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

func TestRequest(t *testing.T) {
	t.Parallel()
	h := withFive(t)
	var e struct {
		ID           uint64 `json:"id"`
		Query        string `json:"query"`
		Status       int    `json:"status"`
		ResponseBody string `json:"response_body"`
		ResponseType string `json:"response_type"`
	}
	if w := do(t, h, "GET", "/__mock/requests/2", "", &e); w.Code != 200 {
		t.Fatalf("GET /requests/2: %d", w.Code)
	}
	if e.ID != 2 || e.Query != "n=1" || e.Status != 200 || !strings.HasPrefix(e.ResponseBody, "[{") || e.ResponseType != "application/json" {
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
	h := server(t)
	var none map[string]any
	if w := do(t, h, "GET", "/__mock/violations", "", &none); w.Code != 200 || none["total"] != 0.0 || none["violations"] == nil {
		t.Errorf("no violations: %d %s (want an empty list, not null)", w.Code, w.Body)
	}
	do(t, h, "GET", "/notes", "", nil)
	do(t, h, "POST", "/notes", `{}`, nil)
	do(t, h, "POST", "/notes", `{"title":"far too long for twenty characters"}`, nil)
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
	if v := out.Violations[1]; v.RequestID != 3 || v.Field != "title" || v.Code == "required" {
		t.Errorf("second violation: %+v", v)
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		body   string
		status int
		field  string // the field a 400 names
		detail string
	}{
		{name: "a declared status", body: `{"operation":"notes_list","status":503,"times":2,"retry_after":5}`, status: 201},
		{name: "a delay", body: `{"operation":"notes_list","delay":"150ms"}`, status: 201},
		{name: "an undeclared status on purpose", body: `{"operation":"notes_list","status":418,"undeclared":true}`, status: 201},
		{name: "a network fault", body: `{"operation":"notes_create","network":"connection_reset"}`, status: 201},
		{name: "no operation", body: `{"status":503}`, status: 400, field: "operation", detail: "operation (an operationId) is required"},
		{name: "an unknown operation", body: `{"operation":"notes_delete","status":503}`, status: 404, detail: `unknown operation "notes_delete"`},
		{name: "a bad delay", body: `{"operation":"notes_list","delay":"soon"}`, status: 400, field: "delay", detail: "delay must be a duration"},
		{name: "a negative delay", body: `{"operation":"notes_list","delay":"-1s"}`, status: 400, field: "delay", detail: "delay must be a duration"},
		{name: "an undeclared status", body: `{"operation":"notes_list","status":418}`, status: 400, detail: "does not declare status 418 (declared: 200, 503)"},
		{name: "not a status", body: `{"operation":"notes_list","status":999,"undeclared":true}`, status: 400, field: "status", detail: "100-599"},
		{name: "an unknown network fault", body: `{"operation":"notes_list","network":"flood"}`, status: 400, field: "network", detail: `not "flood"`},
		{name: "an unknown field", body: `{"operation":"notes_list","stauts":503}`, status: 400, detail: `unknown field "stauts"`},
		{name: "not an object", body: `[]`, status: 400, detail: "must be a JSON object"},
		{name: "no body", body: ``, status: 400, detail: "must be a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := do(t, server(t), "POST", "/__mock/faults", tt.body, nil)
			if tt.status == 201 {
				if w.Code != 201 || w.Body.String() == "" {
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
				return
			}
			p := isProblem(t, w, tt.status, tt.detail)
			if tt.field != "" && (len(p.Errors) != 1 || p.Errors[0].Field != tt.field) {
				t.Errorf("errors %+v do not name %q", p.Errors, tt.field)
			}
		})
	}
}

// An injected fault answers the operation's next calls, as many times as
// asked, then the operation answers as before.
func TestFaultApplies(t *testing.T) {
	t.Parallel()
	h := server(t)
	if w := do(t, h, "POST", "/__mock/faults", `{"operation":"notes_list","status":503,"times":2,"retry_after":5}`, nil); w.Code != 201 {
		t.Fatal(w.Code, w.Body)
	}
	for i, want := range []int{503, 503, 200} {
		w := do(t, h, "GET", "/notes", "", nil)
		if w.Code != want {
			t.Errorf("call %d: %d, want %d", i+1, w.Code, want)
		}
		if want == 503 && w.Header().Get("Retry-After") != "5" {
			t.Errorf("call %d: Retry-After %q", i+1, w.Header().Get("Retry-After"))
		}
	}
}

// With several documents a fault goes to the one declaring the operation.
func TestFaultFindsItsDocument(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/notes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	other, err := spec.Load([]byte(strings.ReplaceAll(string(data), "notes_list", "memos_list")), spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	memos, err := engine.New(engine.Config{Doc: other})
	if err != nil {
		t.Fatal(err)
	}
	docs := []admin.Doc{{Name: "notes", Engine: notes(t, "Notes")}, {Name: "memos", Engine: memos}}
	jr := journal.New(0)
	h := handler.New(handler.Config{Engine: memos, Journal: jr,
		Admin: admin.Mount(admin.Config{Journal: jr, Docs: func() []admin.Doc { return docs }})})
	if w := do(t, h, "POST", "/__mock/faults", `{"operation":"memos_list","status":503}`, nil); w.Code != 201 {
		t.Fatal(w.Code, w.Body)
	}
	if w := do(t, h, "GET", "/notes", "", nil); w.Code != 503 {
		t.Errorf("memos' list = %d, want the fault", w.Code)
	}
	isProblem(t, do(t, h, "POST", "/__mock/faults", `{"operation":"nowhere","status":503}`, nil), 404, `unknown operation "nowhere"`)
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
	h := serve(t, func(c *admin.Config) {
		c.Token = token
		c.Report = func() report.Report { return report.Report{Title: "Notes"} }
		c.Stop = func() {}
		c.Extra = func(g *echo.Group) {
			g.GET("/extra", func(c echo.Context) error { return c.String(200, "extra") })
		}
	})
	do(t, h, "GET", "/notes", "", nil)
	return h
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

// The journal keeps the answer's headers beside the request's.
func TestRequestShowsResponseHeaders(t *testing.T) {
	t.Parallel()
	h := server(t)
	do(t, h, "POST", "/__mock/faults", `{"operation":"notes_list","status":503,"retry_after":5}`, nil)
	if w := do(t, h, "GET", "/notes", "", nil); w.Code != 503 {
		t.Fatal(w.Code)
	}
	if w := do(t, h, "GET", "/notes", "", nil); w.Code != 200 {
		t.Fatal(w.Code)
	}
	type entry struct {
		ResponseHeaders map[string]string `json:"response_headers"`
	}
	var fault, ok entry
	do(t, h, "GET", "/__mock/requests/1", "", &fault)
	do(t, h, "GET", "/__mock/requests/2", "", &ok)
	if fault.ResponseHeaders["Retry-After"] != "5" || !strings.HasPrefix(ok.ResponseHeaders["Content-Type"], "application/json") {
		t.Fatalf("response headers: %+v, %+v", fault.ResponseHeaders, ok.ResponseHeaders)
	}
}
