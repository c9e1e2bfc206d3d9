package mockservertest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
	"github.com/mockserver-go/mockserver/mockservertest"
)

// exampleT stands in for the *testing.T a real test passes: it prints
// what an assertion reports, so the examples can show the messages, and
// runs cleanups when the example ends.
type exampleT struct {
	testing.TB
	cleanups []func()
}

func (t *exampleT) Helper()                           {}
func (t *exampleT) Errorf(format string, args ...any) { fmt.Printf(format+"\n", args...) }
func (t *exampleT) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
func (t *exampleT) Logf(format string, args ...any)   {}
func (t *exampleT) Cleanup(f func())                  { t.cleanups = append(t.cleanups, f) }
func (t *exampleT) done() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}

// call sends a request as the code under test would.
func call(c *http.Client, method, url, body string) int {
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer phx_anything")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// In a test: s := mockservertest.NewServer(t, mockserver.Options{}).
func ExampleNewServer() {
	t := &exampleT{}
	defer t.done()

	s := mockservertest.NewServer(t, mockserver.Options{EmptyState: true})
	fmt.Println(strings.HasPrefix(s.URL, "http://127.0.0.1:"))
	fmt.Println(call(s.Client(), "POST", s.URL+"/api/projects/1/hog_functions/", `{"name":"Webhook","hog":"return event"}`))
	fmt.Println(len(s.List("hog_functions", map[string]string{"project_id": "1"})))
	s.AssertCalled(t, "hog_functions_create", 1)
	s.AssertNoViolations(t)
	// Output:
	// true
	// 201
	// 1
}

// NewInProcess needs no socket: use its URL and Client together.
func ExampleNewInProcess() {
	t := &exampleT{}
	defer t.done()

	s := mockservertest.NewInProcess(t, mockserver.Options{EmptyState: true})
	fmt.Println(s.URL)
	fmt.Println(call(s.Client(), "GET", s.URL+"/api/projects/1/insights/", ""))
	// Output:
	// http://mockserver.test
	// 200
}

// A failed AssertCalled shows what was called instead.
func ExampleServer_AssertCalled() {
	t := &exampleT{}
	defer t.done()
	s := mockservertest.NewInProcess(t, mockserver.Options{EmptyState: true})
	c := s.Client()
	call(c, "GET", s.URL+"/api/environments/1/hog_functions/", "")
	call(c, "GET", s.URL+"/api/environments/1/hog_functions/?limit=10", "")
	call(c, "POST", s.URL+"/api/environments/1/hog_functions/", `{"name":"Slack","hog":"return 1","enabled":true}`)

	enabled := func(body map[string]any) bool { return body["enabled"] == true }
	fmt.Println(s.AssertCalled(t, "environments_hog_functions_create", 1, enabled))
	fmt.Println(s.AssertCalled(t, "hog_functions_create", 1))
	// Output:
	// true
	// mockservertest: expected 1 call of hog_functions_create, got 0; calls made: GET /api/environments/{project_id}/hog_functions/ (environments_hog_functions_list) ×2, POST /api/environments/{project_id}/hog_functions/ (environments_hog_functions_create) ×1; did you mean environments_hog_functions_create or hog_functions_broadcast_create?
	// false
}

// A failed AssertNoViolations explains each violation.
func ExampleServer_AssertNoViolations() {
	t := &exampleT{}
	defer t.done()
	s := mockservertest.NewInProcess(t, mockserver.Options{EmptyState: true})
	call(s.Client(), "POST", s.URL+"/api/projects/1/hog_functions/", `{"name":"x","hog":"return 1","enabled":"yes"}`)
	s.AssertNoViolations(t)
	// Output:
	// mockservertest: 1 violation of the contract in 1 request:
	//   POST /api/projects/1/hog_functions/ (hog_functions_create) → 400
	//     body field enabled: expected boolean, got "yes" (Value must be a boolean.)
}

// A failed AssertNoUndocumented names the nearest documented routes.
func ExampleServer_AssertNoUndocumented() {
	t := &exampleT{}
	defer t.done()
	s := mockservertest.NewInProcess(t, mockserver.Options{})
	call(s.Client(), "GET", s.URL+"/api/projects/1/insight/", "")
	s.AssertNoUndocumented(t)
	// Output:
	// mockservertest: 1 request matched no operation of the contract:
	//   GET /api/projects/1/insight/ → 404: did you mean GET /api/projects/{project_id}/insights/ or POST /api/projects/{project_id}/insights/ or GET /api/projects/{project_id}/actions/?
}

// Fail (from the embedded *mockserver.Server) tests a client's retries.
func ExampleServer_Fail() {
	t := &exampleT{}
	defer t.done()
	s := mockservertest.NewInProcess(t, mockserver.Options{EmptyState: true})
	_ = s.Fail("insights_list", mockserver.Fault{Status: 429, Times: 1, RetryAfter: 1})
	fmt.Println(call(s.Client(), "GET", s.URL+"/api/projects/1/insights/", ""))
	fmt.Println(call(s.Client(), "GET", s.URL+"/api/projects/1/insights/", ""))
	// Output:
	// 429
	// 200
}
