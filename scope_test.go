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
