package posthog_test

import (
	"testing"

	"github.com/mockserver-go/mockserver"
)

// §1.4: a personal API key limited to some projects gets 403 "API key does
// not have access to the requested project: ID <id>." elsewhere, for reads
// and writes, under both URL prefixes; checks run auth, scope, project.
func TestKeyLimitedToProject(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true, Tokens: map[string]mockserver.Token{
		key:          {Scopes: []string{"*"}, ScopeValues: map[string][]string{"project_id": {"1"}}},
		"phx_reader": {Scopes: []string{"hog_function:read"}, ScopeValues: map[string][]string{"project_id": {"1"}}},
	}})
	const denied = "API key does not have access to the requested project: ID 2."
	own := m.createHog(map[string]any{"hog": "return event", "name": "mine"})
	m.do("GET", hf+own["id"].(string)+"/", nil).want(t, 200)
	m.do("GET", "/api/projects/@current/hog_functions/", nil).want(t, 200)
	m.do("GET", "/api/projects/1/insights/", nil).want(t, 200)

	for _, c := range []struct {
		method, path string
		body         any
	}{
		{"GET", "/api/environments/2/hog_functions/", nil},
		{"GET", "/api/projects/2/hog_functions/", nil},
		{"POST", "/api/environments/2/hog_functions/", map[string]any{"hog": "x"}},
		{"PATCH", "/api/projects/2/hog_functions/" + own["id"].(string) + "/", map[string]any{"name": "theirs"}},
		{"GET", "/api/projects/2/insights/", nil},
		{"POST", "/api/environments/2/insights/", map[string]any{"name": "x"}},
		{"DELETE", "/api/projects/2/insights/1/", nil},
	} {
		m.do(c.method, c.path, c.body).wantError(t, 403, "authentication_error", "permission_denied", denied, nil)
	}
	// Nothing was written to project 2, and project 1 is unchanged.
	if objs := m.srv.List("hog_functions", map[string]string{"project_id": "2"}); len(objs) > 0 {
		t.Errorf("project 2 was written: %v", objs)
	}
	m.do("GET", hf+own["id"].(string)+"/", nil).want(t, 200)
	if got := m.do("GET", hf+own["id"].(string)+"/", nil).obj()["name"]; got != "mine" {
		t.Errorf("name %v", got)
	}

	// Order of checks: credentials, then scope, then project.
	m.do("GET", "/api/projects/2/hog_functions/", nil, "Authorization", "").want(t, 401)
	m.do("POST", "/api/projects/2/hog_functions/", map[string]any{"hog": "x"}, "Authorization", "Bearer phx_reader").
		wantError(t, 403, "authentication_error", "permission_denied", "API key missing required scope 'hog_function:write'", nil)
	m.do("GET", "/api/projects/2/hog_functions/", nil, "Authorization", "Bearer phx_reader").
		wantError(t, 403, "authentication_error", "permission_denied", denied, nil)
}
