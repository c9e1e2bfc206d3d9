package mockserver_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
)

func TestScopeValuesOutsideAreNotFound(t *testing.T) {
	t.Parallel()
	srv, err := mockserver.New(mockserver.Options{ScopeValues: map[string][]string{"project_id": {"1", "2"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/environments/1/hog_functions/", "/api/projects/2/insights/", "/api/projects/@current/insights/"} {
		call(t, srv, "GET", path, nil).must(t, 200)
	}
	for _, path := range []string{"/api/environments/3/hog_functions/", "/api/projects/99/insights/", "/api/projects/abc/insights/"} {
		r := call(t, srv, "GET", path, nil).must(t, 404)
		if r.JSON["detail"] != "Project not found." || r.JSON["code"] != "not_found" {
			t.Errorf("%s: %s", path, r.Body)
		}
	}
	// Authentication is checked first, as PostHog does.
	call(t, srv, "GET", "/api/environments/3/hog_functions/", nil, "Authorization", "").must(t, 401)
	// Without ScopeValues every project exists.
	open, _ := mockserver.New(mockserver.Options{})
	call(t, open, "GET", "/api/environments/3/hog_functions/", nil).must(t, 200)
}

func TestScopeParamsAndBadScopeValues(t *testing.T) {
	t.Parallel()
	srv, err := mockserver.New(mockserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.ScopeParams(); !slices.Equal(got, []string{"project_id"}) {
		t.Errorf("ScopeParams = %v", got)
	}
	// A parameter the contract lacks would let every value exist: refused.
	for _, opts := range []mockserver.Options{
		{ScopeValues: map[string][]string{"projectid": {"1"}}},
		{Tokens: map[string]mockserver.Token{"phx_secret_key": {Scopes: []string{"*"}, ScopeValues: map[string][]string{"team": {"1"}}}}},
	} {
		_, err := mockserver.New(opts)
		var oe *mockserver.OptionError
		if !errors.As(err, &oe) || !strings.Contains(err.Error(), "project_id") || strings.Contains(err.Error(), "phx_secret_key") {
			t.Errorf("%+v: %v", opts, err)
		}
	}
}

func TestTokenScopeValuesLimitTheToken(t *testing.T) {
	t.Parallel()
	srv, err := mockserver.New(mockserver.Options{Tokens: map[string]mockserver.Token{
		"phx_one": {Scopes: []string{"*"}, ScopeValues: map[string][]string{"project_id": {"1"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	call(t, srv, "GET", "/api/projects/1/insights/", nil, "Authorization", "Bearer phx_one").must(t, 200)
	call(t, srv, "GET", "/api/projects/2/insights/", nil, "Authorization", "Bearer phx_one").must(t, 403)
}

// TestScopeValuesOverTheWholeContract: ScopeValues name the tenant
// parameter (x-mock-scope: project_id) across PostHog's whole API: a
// nested resource (a batch export's runs) is inside its project, not a
// tenant of its own; @current is the first project on every endpoint; an
// organization's resources are outside any project.
func TestScopeValuesOverTheWholeContract(t *testing.T) {
	t.Parallel()
	srv, err := mockserver.New(mockserver.Options{ScopeValues: map[string][]string{"project_id": {"1"}}})
	if err != nil {
		t.Fatal(err)
	}
	exp := call(t, srv, "POST", "/api/projects/1/batch_exports/", map[string]any{"name": "Nightly to S3", "interval": "day",
		"destination": map[string]any{"type": "S3", "config": map[string]any{"bucket_name": "b", "region": "us-east-1", "prefix": "ph/"}}}).must(t, 201)
	runs := "/api/projects/1/batch_exports/" + exp.JSON["id"].(string) + "/runs/"
	call(t, srv, "GET", runs, nil).must(t, 200)
	call(t, srv, "GET", strings.Replace(runs, "/projects/1/", "/projects/2/", 1), nil).must(t, 404)
	for _, path := range []string{"/api/projects/@current/dashboards/", "/api/environments/@current/dashboards/", "/api/projects/1/feature_flags/"} {
		call(t, srv, "GET", path, nil).must(t, 200)
	}
	for _, path := range []string{"/api/projects/2/dashboards/", "/api/environments/abc/dashboards/"} {
		r := call(t, srv, "GET", path, nil).must(t, 404)
		if r.JSON["detail"] != "Project not found." {
			t.Errorf("%s: %s", path, r.Body)
		}
	}
	// What @current stands for is the same state as its project.
	d := call(t, srv, "POST", "/api/projects/@current/dashboards/", map[string]any{"name": "Growth"}).must(t, 201)
	call(t, srv, "GET", "/api/projects/1/dashboards/"+urlPart(d.JSON["id"])+"/", nil).must(t, 200)
	// An organization's resources are not a project's: not limited.
	orgs := call(t, srv, "GET", "/api/organizations/", nil).must(t, 200)
	org := orgs.JSON["results"].([]any)[0].(map[string]any)["id"].(string)
	call(t, srv, "GET", "/api/organizations/"+org+"/roles/", nil).must(t, 200)
	// A token limited to project 1 reaches it through both prefixes and
	// @current, and no other project.
	tok, err := mockserver.New(mockserver.Options{Tokens: map[string]mockserver.Token{
		"phx_one": {Scopes: []string{"*"}, ScopeValues: map[string][]string{"project_id": {"1"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]int{"/api/projects/1/cohorts/": 200, "/api/environments/@current/dashboards/": 200, "/api/projects/2/cohorts/": 403} {
		call(t, tok, "GET", path, nil, "Authorization", "Bearer phx_one").must(t, want)
	}
}
