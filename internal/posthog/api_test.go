package posthog_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
)

func TestURLForms(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	fn := m.createHog(map[string]any{"hog": "x"})
	id := fn["id"].(string)
	for _, p := range []string{"/api/projects/1/hog_functions/" + id + "/", "/api/projects/@current/hog_functions/" + id, "/api/environments/@current/hog_functions/" + id + "/"} {
		if got := m.do("GET", p, nil).want(t, 200).obj()["id"]; got != id {
			t.Errorf("%s: %v", p, got)
		}
	}
	r := m.do("GET", "/api/environments/1/hog_functions", nil).want(t, 200)
	if r.header.Get("Allow") != "" { // only on a 405 or an answer to OPTIONS
		t.Errorf("Allow %q on a 200", r.header.Get("Allow"))
	}
	for _, method := range []string{"PUT", "OPTIONS"} {
		r = m.do(method, "/api/environments/1/hog_functions", nil).want(t, 405)
		if r.header.Get("Allow") != "GET, POST, HEAD" {
			t.Errorf("%s: Allow %q", method, r.header.Get("Allow"))
		}
	}
	m.do("GET", "/api/projects/abc/hog_functions/", nil).wantError(t, 404, "invalid_request", "not_found", "Project not found.", nil)
	m.do("GET", "/api/projects/1/hog_functions/not-a-uuid/", nil).wantError(t, 404, "invalid_request", "not_found", "Not found.", nil)
	if vs := m.srv.Requests(); len(vs[len(vs)-1].Violations) == 0 {
		t.Error("malformed uuid must be recorded as a violation")
	}
	m.do("GET", "/api/projects/abc/hog_functions/", nil, "Authorization", "").
		wantError(t, 401, "authentication_error", "not_authenticated", "Authentication credentials were not provided.", nil)
	if c := fn["created_at"].(string); c != "2025-06-10T09:30:00Z" {
		t.Errorf("timestamp format %q", c)
	}
}

func TestAuthWithTokens(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true, Tokens: map[string]mockserver.Token{
		key:           {Scopes: []string{"hog_function:write", "insight:read"}},
		"phx_reader":  {Scopes: []string{"hog_function:read"}},
		"phx_project": {Scopes: []string{"*"}, ScopeValues: map[string][]string{"project_id": {"2"}}},
	}})
	m.do("GET", hf, nil).want(t, 200)
	m.do("GET", hf, nil, "Authorization", "Bearer phx_nope").wantError(t, 401, "authentication_error", "authentication_failed",
		"Personal API key found in request Authorization header is invalid.", nil)
	m.do("GET", hf+"?personal_api_key=phx_nope", nil, "Authorization", "").wantError(t, 401, "authentication_error", "authentication_failed",
		"Personal API key found in request query string is invalid.", nil)
	m.do("POST", hf, `{"hog":"x","personal_api_key":"phx_nope"}`, "Authorization", "", "Content-Type", "application/json").
		wantError(t, 401, "authentication_error", "authentication_failed", "Personal API key found in request body is invalid.", nil)
	m.do("GET", hf+"?personal_api_key="+key, nil, "Authorization", "").want(t, 200)
	m.do("POST", hf, map[string]any{"hog": "x"}, "Authorization", "Bearer phx_reader").
		wantError(t, 403, "authentication_error", "permission_denied", "API key missing required scope 'hog_function:write'", nil)
	m.do("DELETE", hf+"0197a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d/", nil, "Authorization", "Bearer phx_reader").
		wantError(t, 403, "authentication_error", "permission_denied", "API key missing required scope 'hog_function:write'", nil)
	m.do("DELETE", hf+"0197a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d/", nil).want(t, 405)
	m.do("POST", ins, map[string]any{}).wantError(t, 403, "authentication_error", "permission_denied", "API key missing required scope 'insight:write'", nil)
	for _, p := range []string{hf + "icons/?query=a", hf + "rearrange/"} {
		method := "GET"
		if strings.Contains(p, "rearrange") {
			method = "PATCH"
		}
		m.do(method, p, map[string]any{"orders": map[string]any{"x": 1}}).
			wantError(t, 403, "authentication_error", "permission_denied", "This action does not support Personal API Key access", nil)
	}
	m.do("GET", hf, nil, "Authorization", "Bearer phx_project").want(t, 403)
}

func TestPagination(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	for i := 0; i < 105; i++ {
		m.createHog(map[string]any{"hog": "x", "name": fmt.Sprint("fn ", i)})
	}
	page := m.do("GET", hf, nil).want(t, 200).obj()
	if len(page["results"].([]any)) != 100 || page["next"] != "http://example.com/api/environments/1/hog_functions/?limit=100&offset=100" || page["previous"] != nil {
		t.Errorf("default page: %d next %v prev %v", len(page["results"].([]any)), page["next"], page["previous"])
	}
	bad := m.do("GET", hf+"?limit=0&type=destination", nil).want(t, 200)
	reqs := m.srv.Requests()
	if n := len(bad.obj()["results"].([]any)); n != 100 || len(reqs[len(reqs)-1].Violations) == 0 {
		t.Errorf("invalid limit falls back (%d) and is recorded (%v)", n, reqs[len(reqs)-1].Violations)
	}
	p2 := m.do("GET", hf+"?type=destination&offset=3&limit=2", nil).want(t, 200).obj()
	if p2["previous"] != "http://example.com/api/environments/1/hog_functions/?limit=2&offset=1&type=destination" ||
		p2["next"] != "http://example.com/api/environments/1/hog_functions/?limit=2&offset=5&type=destination" {
		t.Errorf("links %v %v", p2["previous"], p2["next"])
	}
	p1 := m.do("GET", hf+"?offset=1&limit=2", nil).want(t, 200).obj()
	if p1["previous"] != "http://example.com/api/environments/1/hog_functions/?limit=2" {
		t.Errorf("previous at the start %v", p1["previous"])
	}
}
