package mockserver_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/mockserver-go/mockserver"
)

// newRequest builds a request with the credentials the embedded contract
// wants (any personal API key passes when Options.Tokens is empty).
func newRequest(method, url, body string) *http.Request {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Authorization", "Bearer phx_anything")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

// The zero Options serve the embedded PostHog contract.
func ExampleNew() {
	s, err := mockserver.New(mockserver.Options{Seed: 1})
	if err != nil {
		panic(err)
	}
	fmt.Println(s.Title())
	// PostHog's whole API: a few of its resources.
	for _, name := range []string{"dashboards", "feature_flags", "hog_functions", "insights"} {
		fmt.Println(name, slices.Contains(s.Resources(), name))
	}

	_, err = mockserver.New(mockserver.Options{Spec: []byte("not: [an, openapi document")})
	fmt.Println("bad spec:", err != nil)
	// Output:
	// PostHog API (mockserver contract)
	// dashboards true
	// feature_flags true
	// hog_functions true
	// insights true
	// bad spec: true
}

// A Server is an http.Handler: serve it with httptest, an http.Server or
// call it directly.
func ExampleServer_ServeHTTP() {
	s, _ := mockserver.New(mockserver.Options{EmptyState: true})
	w := httptest.NewRecorder()
	s.ServeHTTP(w, newRequest("GET", "/api/projects/1/hog_functions/", ""))
	fmt.Println(w.Code, w.Header().Get("Content-Type"))
	fmt.Println(strings.Contains(w.Body.String(), `"count":0`))
	// Output:
	// 200 application/json
	// true
}

// Client answers in process: no socket, and any host name works.
func ExampleServer_Client() {
	s, _ := mockserver.New(mockserver.Options{EmptyState: true})
	c := s.Client()

	resp, err := c.Do(newRequest("POST", "http://posthog.test/api/projects/1/hog_functions/",
		`{"name":"Slack alert","hog":"return event"}`))
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode)

	resp, _ = c.Do(newRequest("PATCH", "http://posthog.test/api/projects/1/hog_functions/not-a-uuid/", `{"name":"x"}`))
	resp.Body.Close()
	fmt.Println(resp.StatusCode)
	// Output:
	// 201
	// 404
}

// Transport plugs the in-process mock into a client you already have.
func ExampleServer_Transport() {
	s, _ := mockserver.New(mockserver.Options{EmptyState: true})
	c := &http.Client{Transport: s.Transport(), Timeout: 5 * time.Second}
	resp, err := c.Do(newRequest("GET", "https://eu.posthog.com/api/projects/1/insights/", ""))
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Request.URL.Host)
	// Output:
	// 200 eu.posthog.com
}

// Fail makes the next calls of an operation fail with a status the
// contract declares, or answer late.
func ExampleServer_Fail() {
	s, _ := mockserver.New(mockserver.Options{EmptyState: true})
	c := s.Client()
	const list = "http://posthog.test/api/projects/1/insights/"

	_ = s.Fail("insights_list", mockserver.Fault{Status: 429, Times: 2, RetryAfter: 3})
	for range 3 {
		resp, _ := c.Do(newRequest("GET", list, ""))
		resp.Body.Close()
		fmt.Printf("%d Retry-After=%q\n", resp.StatusCode, resp.Header.Get("Retry-After"))
	}

	_ = s.Fail("insights_list", mockserver.Fault{Delay: time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := c.Do(newRequest("GET", list, "").WithContext(ctx))
	fmt.Println(errors.Is(err, context.DeadlineExceeded))

	err = s.Fail("insights_list", mockserver.Fault{Status: 503})
	fmt.Println(errors.Is(err, mockserver.ErrUndeclaredStatus))
	fmt.Println(err)
	// Output:
	// 429 Retry-After="3"
	// 429 Retry-After="3"
	// 200 Retry-After=""
	// true
	// true
	// mockserver: fail insights_list: status 503 is not declared by GET /api/projects/{project_id}/insights/ (declared: 200, 400, 401, 403, 404, 429); set Undeclared to answer it anyway
}

// A gateway's 503, which the contract does not declare, and a connection
// reset: what a client meets in front of the real API.
func ExampleServer_Fail_network() {
	s, _ := mockserver.New(mockserver.Options{EmptyState: true})
	ts := httptest.NewServer(s)
	defer ts.Close()
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	list := ts.URL + "/api/projects/1/insights/"

	_ = s.Fail("insights_list", mockserver.Fault{Status: 503, Undeclared: true})
	_ = s.Fail("insights_list", mockserver.Fault{Network: mockserver.ConnectionReset})
	for range 3 {
		resp, err := c.Do(newRequest("GET", list, ""))
		if err != nil {
			fmt.Println("error:", errors.Is(err, syscall.ECONNRESET))
			continue
		}
		resp.Body.Close()
		fmt.Println(resp.StatusCode)
	}
	// Output:
	// 503
	// error: true
	// 200
}

// Calls reads the journal of one operation: what the client sent and got.
func ExampleServer_Calls() {
	s, _ := mockserver.New(mockserver.Options{EmptyState: true})
	c := s.Client()
	for _, name := range []string{"first", "second"} {
		resp, _ := c.Do(newRequest("POST", "http://posthog.test/api/projects/1/hog_functions/",
			`{"name":"`+name+`","hog":"return 1"}`))
		resp.Body.Close()
	}
	for _, r := range s.Calls("hog_functions_create") {
		fmt.Println(r.Method, r.Route, r.PathParams["project_id"], r.Status, r.Body)
	}
	// Output:
	// POST /api/projects/{project_id}/hog_functions/ 1 201 {"name":"first","hog":"return 1"}
	// POST /api/projects/{project_id}/hog_functions/ 1 201 {"name":"second","hog":"return 1"}
}

// Requests is the whole journal, undocumented paths included.
func ExampleServer_Requests() {
	s, _ := mockserver.New(mockserver.Options{EmptyState: true})
	for _, p := range []string{"/api/projects/1/insights/", "/api/projects/1/insightz/"} {
		resp, _ := s.Client().Do(newRequest("GET", "http://posthog.test"+p, ""))
		resp.Body.Close()
	}
	for _, r := range s.Requests() {
		fmt.Printf("%s %s %d operation=%q\n", r.Method, r.Path, r.Status, r.OperationID)
	}
	s.ResetJournal()
	fmt.Println(len(s.Requests()))
	// Output:
	// GET /api/projects/1/insights/ 200 operation="insights_list"
	// GET /api/projects/1/insightz/ 404 operation=""
	// 0
}

// Violations says how requests broke the contract.
func ExampleServer_Violations() {
	s, _ := mockserver.New(mockserver.Options{EmptyState: true})
	resp, _ := s.Client().Do(newRequest("POST", "http://posthog.test/api/projects/1/hog_functions/",
		`{"name":"x","hog":"return 1","enabled":"yes"}`))
	resp.Body.Close()
	fmt.Println(resp.StatusCode)
	for _, v := range s.Violations() {
		fmt.Println(v.In, v.Field, v.Expected, v.Got)
	}
	// Output:
	// 400
	// body enabled boolean "yes"
}

// Put arranges state directly; the API then serves it.
func ExampleServer_Put() {
	s, _ := mockserver.New(mockserver.Options{EmptyState: true})
	scope := map[string]string{"project_id": "1"}
	obj, err := s.Put("hog_functions", scope, map[string]any{
		"id": "0d4cd9a4-4aa4-4b39-a4c1-9b0f9a0b4b2a", "name": "Arranged", "hog": "return 1", "enabled": true,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(obj["name"], obj["enabled"])

	resp, _ := s.Client().Do(newRequest("GET", "http://posthog.test/api/projects/1/hog_functions/0d4cd9a4-4aa4-4b39-a4c1-9b0f9a0b4b2a/", ""))
	resp.Body.Close()
	fmt.Println(resp.StatusCode)

	_, err = s.Put("hog_functions", scope, map[string]any{"name": 42})
	fmt.Println(err)
	// Output:
	// Arranged true
	// 200
	// mockserver: put hog_functions: validation: body name: Value must be a string. (expected string or null, got 42)
}

// Get and List read state back, soft-deleted objects included in Get.
func ExampleServer_Get() {
	s, _ := mockserver.New(mockserver.Options{EmptyState: true})
	scope := map[string]string{"project_id": "1"}
	const id = "0d4cd9a4-4aa4-4b39-a4c1-9b0f9a0b4b2a"
	_, _ = s.Put("hog_functions", scope, map[string]any{"id": id, "name": "To delete", "hog": "return 1"})

	resp, _ := s.Client().Do(newRequest("PATCH", "http://posthog.test/api/projects/1/hog_functions/"+id+"/", `{"deleted":true}`))
	resp.Body.Close()

	obj, hidden, ok := s.Get("hog_functions", scope, id)
	fmt.Println(obj["name"], hidden, ok)
	fmt.Println(len(s.List("hog_functions", scope)))
	// Output:
	// To delete true true
	// 0
}

// Reset restores the starting state and clears faults; the journal stays.
func ExampleServer_Reset() {
	s, _ := mockserver.New(mockserver.Options{EmptyState: true})
	scope := map[string]string{"project_id": "1"}
	_, _ = s.Put("insights", scope, map[string]any{"name": "Weekly signups"})
	_ = s.Fail("insights_list", mockserver.Fault{Status: 429})
	s.Reset()
	resp, _ := s.Client().Do(newRequest("GET", "http://posthog.test/api/projects/1/insights/", ""))
	resp.Body.Close()
	fmt.Println(len(s.List("insights", scope)), resp.StatusCode)
	// Output:
	// 0 200
}

// OperationIDs lists what Fail and the journal refer to.
func ExampleServer_OperationIDs() {
	s, _ := mockserver.New(mockserver.Options{})
	ids := s.OperationIDs()
	fmt.Println(len(ids) == s.Operations(), ids[0])
	// Output:
	// true root_environments_list
}

func ExampleContract() {
	fmt.Println(strings.Contains(string(mockserver.Contract()), "operationId: hog_functions_create"))
	// Output:
	// true
}

func ExampleParseLatency() {
	lo, hi, _ := mockserver.ParseLatency("20ms-200ms")
	fmt.Println(lo, hi)
	_, _, err := mockserver.ParseLatency("soon")
	fmt.Println(err)
	// Output:
	// 20ms 200ms
	// mockserver: option latency "soon": want a duration such as 150ms, or a range such as 20ms-200ms
}

// Options.Documents serves several documents on one server, each under
// its own prefix with its own state; names are qualified by document.
func ExampleNew_documents() {
	s, err := mockserver.New(mockserver.Options{EmptyState: true, Documents: []mockserver.Document{
		{Name: "posthog", Spec: mockserver.Contract()},
		{Name: "notes", SpecFile: "testdata/specs/notes.yaml"},
	}})
	if err != nil {
		panic(err)
	}
	fmt.Println(s.Title())
	// The notes document's resources, and one of PostHog's.
	for _, name := range s.Resources() {
		if strings.HasPrefix(name, "notes:") || name == "posthog:insights" {
			fmt.Println(name)
		}
	}
	for _, path := range []string{"/posthog/api/projects/1/insights/", "/notes/teams/1/notes/", "/api/projects/1/insights/"} {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, newRequest("GET", path, ""))
		fmt.Println(path, w.Code)
	}
	// Output:
	// PostHog API (mockserver contract) (/posthog) + Notes (a generic REST shape for engine tests) (/notes)
	// posthog:insights
	// notes:notes
	// notes:tags
	// /posthog/api/projects/1/insights/ 200
	// /notes/teams/1/notes/ 200
	// /api/projects/1/insights/ 404
}

// Reload builds the server that replaces s after its files changed (hot
// reload): the journal, the faults and the state of the resources that
// still exist are kept.
func ExampleServer_Reload() {
	s, _ := mockserver.New(mockserver.Options{EmptyState: true})
	scope := map[string]string{"project_id": "1"}
	_, _ = s.Put("insights", scope, map[string]any{"name": "Weekly signups"})

	next, kept, err := s.Reload(false)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(next.List("insights", scope)), kept.StateKept)

	fresh, _, _ := s.Reload(true)
	fmt.Println(len(fresh.List("insights", scope)))
	// Output:
	// 1 [insights]
	// 0
}

// ScopeValues says which values of a scope parameter exist; a token's
// ScopeValues limit what it may reach.
func ExampleOptions_scopeValues() {
	s, _ := mockserver.New(mockserver.Options{
		ScopeValues: map[string][]string{"project_id": {"1", "2"}},
		Tokens: map[string]mockserver.Token{
			"phx_one": {Scopes: []string{"*"}, ScopeValues: map[string][]string{"project_id": {"1"}}},
			"phx_all": {Scopes: []string{"*"}},
		},
	})
	fmt.Println(s.ScopeParams())
	for _, c := range []struct{ key, project string }{{"phx_one", "1"}, {"phx_one", "2"}, {"phx_all", "2"}, {"phx_all", "3"}} {
		req := newRequest("GET", "/api/projects/"+c.project+"/insights/", "")
		req.Header.Set("Authorization", "Bearer "+c.key)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		fmt.Println(c.key, c.project, w.Code)
	}
	// Output:
	// [project_id]
	// phx_one 1 200
	// phx_one 2 403
	// phx_all 2 200
	// phx_all 3 404
}

// Report is the contract-testing report of what the server saw: coverage
// of the contract and each distinct violation, with CI gates.
func ExampleServer_Report() {
	s, _ := mockserver.New(mockserver.Options{EmptyState: true})
	for _, body := range []string{`{"name":"ok","hog":"return 1"}`, `{"name":"x","hog":"return 1","enabled":"yes"}`} {
		resp, _ := s.Client().Do(newRequest("POST", "http://posthog.test/api/projects/1/hog_functions/", body))
		resp.Body.Close()
	}
	r := s.Report()
	fmt.Println(r.Requests, r.ViolationCount)
	for _, v := range r.Violations {
		fmt.Println(v.Operation, v.In, v.Field, v.Count, v.Request.Status)
	}
	fmt.Println(r.Failures(mockserver.ReportGates{FailOnViolation: true}))
	// Output:
	// 2 1
	// hog_functions_create body enabled 1 400
	// [1 contract violation(s) recorded in 1 operation(s)]
}

// SaveState writes the state to Options.StateFile; a server started on
// the same file (New or NewContext) serves it again.
func ExampleServer_SaveState() {
	dir, _ := os.MkdirTemp("", "mockserver-example")
	defer os.RemoveAll(dir)
	opts := mockserver.Options{EmptyState: true, StateFile: filepath.Join(dir, "state.json")}
	scope := map[string]string{"project_id": "1"}

	s, _ := mockserver.New(opts)
	_, _ = s.Put("insights", scope, map[string]any{"name": "Weekly signups"})
	if err := s.SaveState(); err != nil {
		panic(err)
	}
	_ = s.Close()

	again, err := mockserver.NewContext(context.Background(), opts)
	if err != nil {
		panic(err)
	}
	defer again.Close()
	for _, obj := range again.List("insights", scope) {
		fmt.Println(obj["name"])
	}
	// Output:
	// Weekly signups
}

// Warnings are what a document gets wrong without failing to load, each
// naming the kind of problem and where it is.
func ExampleServer_Warnings() {
	s, err := mockserver.New(mockserver.Options{Spec: []byte(`openapi: 3.0.3
info: {title: Things, version: "1"}
paths:
  /things:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: integer}}
              example: [1, "two"]
`)})
	if err != nil {
		panic(err)
	}
	for _, w := range s.Warnings() {
		fmt.Println(w)
	}
	// Output:
	// example does not match its schema at #/paths/~1things/get/responses/200/content/application~1json/example: at /1: value must be an integer
}

// With Options.Proxy the server forwards to the real API and checks both
// sides; with RecordDir, SaveRecording writes what it returned as fixture
// files, which a mock then starts from (Options.FixturesDir). An object
// that breaks the contract is not saved: RecordingSkipped says why.
func ExampleServer_SaveRecording() {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"count":2,"next":null,"results":[{"id":1,"name":"Tom","kind":"cat"},{"id":2,"name":"Rex","kind":"hamster"}]}`)
	}))
	defer upstream.Close()
	dir, _ := os.MkdirTemp("", "mockserver-example")
	defer os.RemoveAll(dir)

	s, err := mockserver.New(mockserver.Options{SpecFile: "testdata/ci/pets.yaml", Proxy: upstream.URL, RecordDir: dir})
	if err != nil {
		panic(err)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "/pets/", nil))
	files, _ := s.SaveRecording()
	for _, f := range files {
		fmt.Println(filepath.Base(f))
	}
	fmt.Println(s.RecordingSkipped())

	mock, _ := mockserver.New(mockserver.Options{SpecFile: "testdata/ci/pets.yaml", FixturesDir: dir})
	for _, pet := range mock.List("pets", nil) {
		fmt.Println(pet["name"])
	}
	// Output:
	// pets.json
	// map[pets/2:body kind: Value is not one of the allowed values ["cat","dog"]. (expected one of ["cat","dog"], got "hamster")]
	// Tom
}

// Close stops what the server runs in the background (the change log of
// a StateFile, the connections to a StoreURL); it does not save the state.
func ExampleServer_Close() {
	dir, _ := os.MkdirTemp("", "mockserver-example")
	defer os.RemoveAll(dir)
	s, _ := mockserver.New(mockserver.Options{EmptyState: true, StateFile: filepath.Join(dir, "state.json")})
	_, _ = s.Put("insights", map[string]string{"project_id": "1"}, map[string]any{"name": "Kept in the change log"})
	fmt.Println(s.Close())
	// Output:
	// <nil>
}
