package mockserver_test

import (
	"testing"

	"github.com/mockserver-go/mockserver"
)

func TestUnknownProjectIsNotFound(t *testing.T) {
	t.Parallel()
	srv, err := mockserver.New(mockserver.Options{Projects: []string{"1", "2"}})
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
	// Without Projects every project exists.
	open, _ := mockserver.New(mockserver.Options{})
	call(t, open, "GET", "/api/environments/3/hog_functions/", nil).must(t, 200)
}
