package mockservertest_test

import (
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
	"github.com/mockserver-go/mockserver/mockservertest"
)

const hogFunctions = "/api/environments/1/hog_functions/"

// check runs an assertion against a fake TB and compares its result and
// message with what is wanted (every want line must appear, in order).
func check(t *testing.T, assert func(tb *fakeTB) bool, wantOK bool, want ...string) *fakeTB {
	t.Helper()
	tb := newFakeTB(t)
	var ok bool
	tb.run(func(tb *fakeTB) { ok = assert(tb) })
	if ok != wantOK {
		t.Fatalf("assertion returned %v, want %v; output:\n%s", ok, wantOK, tb.output())
	}
	if tb.fatal {
		t.Error("the assertion called Fatalf: assertions must let the test go on")
	}
	out := tb.output()
	if wantOK && out != "" {
		t.Errorf("a passing assertion reported:\n%s", out)
	}
	if !wantOK && len(tb.errs) != 1 {
		t.Errorf("the assertion reported %d errors, want 1:\n%s", len(tb.errs), out)
	}
	rest := out
	for _, w := range want {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Errorf("output lacks %q (in order); output:\n%s", w, out)
			break
		}
		rest = rest[i+len(w):]
	}
	if tb.helpers == 0 {
		t.Error("the assertion did not call tb.Helper: it would report at the wrong line")
	}
	return tb
}

func TestAssertCalled(t *testing.T) {
	t.Parallel()
	s := mockservertest.NewInProcess(t, mockserver.Options{EmptyState: true})
	c := s.Client()
	send(t, c, "GET", s.URL+hogFunctions, "")
	send(t, c, "GET", s.URL+hogFunctions+"?limit=5", "")
	send(t, c, "POST", s.URL+"/api/projects/1/hog_functions/", `{"name":"a","hog":"return 1"}`)
	send(t, c, "POST", s.URL+"/api/projects/1/hog_functions/", `{"name":"b","hog":"return 2","enabled":true}`)
	send(t, c, "GET", s.URL+"/api/environments/1/hog_functionz/", "")

	t.Run("passes", func(t *testing.T) {
		check(t, func(tb *fakeTB) bool { return s.AssertCalled(tb, "environments_hog_functions_list", 2) }, true)
		check(t, func(tb *fakeTB) bool { return s.AssertCalled(tb, "insights_list", 0) }, true)
	})
	t.Run("never called, with a near miss", func(t *testing.T) {
		check(t, func(tb *fakeTB) bool { return s.AssertCalled(tb, "environments_hog_functions_create", 1) }, false,
			"mockservertest: expected 1 call of environments_hog_functions_create, got 0; calls made: ",
			"GET /api/environments/{project_id}/hog_functions/ (environments_hog_functions_list) ×2, ",
			"POST /api/projects/{project_id}/hog_functions/ (hog_functions_create) ×2, ",
			"GET /api/environments/1/hog_functionz/ (undocumented) ×1",
			"; did you mean hog_functions_create")
	})
	t.Run("called too often", func(t *testing.T) {
		tb := check(t, func(tb *fakeTB) bool { return s.AssertCalled(tb, "hog_functions_create", 1) }, false,
			"expected 1 call of hog_functions_create, got 2 (answered 201, 201); calls made: GET")
		if strings.Contains(tb.output(), "did you mean") {
			t.Error("suggested other operations although the operation was called")
		}
	})
	t.Run("predicate", func(t *testing.T) {
		enabled := func(body map[string]any) bool { return body["enabled"] == true }
		named := func(name string) func(map[string]any) bool {
			return func(body map[string]any) bool { return body["name"] == name }
		}
		check(t, func(tb *fakeTB) bool { return s.AssertCalled(tb, "hog_functions_create", 1, enabled) }, true)
		check(t, func(tb *fakeTB) bool { return s.AssertCalled(tb, "hog_functions_create", 1, enabled, named("b")) }, true)
		check(t, func(tb *fakeTB) bool { return s.AssertCalled(tb, "hog_functions_create", 1, enabled, named("a")) }, false,
			"expected 1 call of hog_functions_create matching the predicate, got 0 (2 calls did not match, with bodies ",
			`{"name":"a","hog":"return 1"}, {"name":"b","hog":"return 2","enabled":true})`,
			"; calls made: ")
	})
	t.Run("unknown operation", func(t *testing.T) {
		check(t, func(tb *fakeTB) bool { return s.AssertCalled(tb, "hog_function_create", 1) }, false,
			`mockservertest: AssertCalled: the contract has no operation "hog_function_create"; did you mean hog_functions_create`)
	})
}

func TestAssertCalledWithNoCalls(t *testing.T) {
	t.Parallel()
	s := mockservertest.NewInProcess(t, mockserver.Options{})
	check(t, func(tb *fakeTB) bool { return s.AssertCalled(tb, "insights_create", 2) }, false,
		"expected 2 calls of insights_create, got 0; calls made: none; did you mean environments_insights_create")
}

func TestAssertCalledDecodesForms(t *testing.T) {
	t.Parallel()
	s := mockservertest.NewInProcess(t, mockserver.Options{EmptyState: true})
	req := strings.NewReader("name=formed&hog=return+1")
	r, _ := newRequest("POST", s.URL+"/api/projects/1/hog_functions/", req, "application/x-www-form-urlencoded")
	resp, err := s.Client().Do(r)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	check(t, func(tb *fakeTB) bool {
		return s.AssertCalled(tb, "hog_functions_create", 1, func(b map[string]any) bool { return b["name"] == "formed" })
	}, true)
}

func TestAssertNoViolations(t *testing.T) {
	t.Parallel()
	s := mockservertest.NewInProcess(t, mockserver.Options{EmptyState: true})
	c := s.Client()
	check(t, func(tb *fakeTB) bool { return s.AssertNoViolations(tb) }, true)
	send(t, c, "POST", s.URL+hogFunctions, `{"name":"fine","hog":"return 1"}`)
	check(t, func(tb *fakeTB) bool { return s.AssertNoViolations(tb) }, true)

	send(t, c, "POST", s.URL+hogFunctions, `{"name":"bad","hog":"return 1","enabled":"yes"}`)
	send(t, c, "GET", s.URL+hogFunctions+"?limit=lots", "")
	check(t, func(tb *fakeTB) bool { return s.AssertNoViolations(tb) }, false,
		"mockservertest: 2 violations of the contract in 2 requests:\n",
		"  POST /api/environments/1/hog_functions/ (environments_hog_functions_create) → 400\n",
		`    body field enabled: expected boolean, got "yes"`,
		"  GET /api/environments/1/hog_functions/ (environments_hog_functions_list) → ",
		"    query field limit: expected ", `got "lots"`)
}

func TestAssertNoViolationsShowsTolerated(t *testing.T) {
	t.Parallel()
	s := mockservertest.NewInProcess(t, mockserver.Options{EmptyState: true})
	// id is readOnly: the real API ignores it, the contract says not to send it.
	st, b := send(t, s.Client(), "POST", s.URL+hogFunctions, `{"id":"0d4cd9a4-4aa4-4b39-a4c1-9b0f9a0b4b2a","name":"x","hog":"return 1"}`)
	if st != 201 {
		t.Fatalf("create: %d %s", st, b)
	}
	check(t, func(tb *fakeTB) bool { return s.AssertNoViolations(tb) }, false,
		"1 violation of the contract in 1 request:",
		"body field id: ", "[tolerated: the real API accepts it]")
}

func TestAssertNoUndocumented(t *testing.T) {
	t.Parallel()
	s := mockservertest.NewInProcess(t, mockserver.Options{EmptyState: true})
	c := s.Client()
	send(t, c, "GET", s.URL+hogFunctions, "")
	check(t, func(tb *fakeTB) bool { return s.AssertNoUndocumented(tb) }, true)
	send(t, c, "GET", s.URL+"/api/environments/1/hog_functionz/", "")
	send(t, c, "PUT", s.URL+hogFunctions, `{}`)
	send(t, c, "GET", s.URL+"/nothing/like/it", "")
	check(t, func(tb *fakeTB) bool { return s.AssertNoUndocumented(tb) }, false,
		"mockservertest: 3 requests matched no operation of the contract:\n",
		"  GET /api/environments/1/hog_functionz/ → 404: did you mean GET /api/environments/{project_id}/hog_functions/",
		"  PUT /api/environments/1/hog_functions/ → 405: the path does not declare PUT (allowed: GET, POST, HEAD)",
		"  GET /nothing/like/it → 404: no documented path is close")
}
