package mockserver

import (
	"net/http"
	"testing"
)

func TestCORSPreflightOnAnyPath(t *testing.T) {
	srv, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/projects/1/hog_functions/", "/no/such/path", "/__mock/requests", "/__mock/"} {
		r := call(t, srv, http.MethodOptions, path, "", "Origin", "http://localhost:3000",
			"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization, content-type, x-custom")
		if r.Code != http.StatusNoContent {
			t.Errorf("%s: preflight %d", path, r.Code)
		}
		if r.Header().Get("Access-Control-Allow-Origin") != "http://localhost:3000" ||
			r.Header().Get("Access-Control-Allow-Headers") != "authorization, content-type, x-custom" ||
			r.Header().Get("Access-Control-Allow-Methods") == "" {
			t.Errorf("%s: preflight headers %v", path, r.Header())
		}
	}
	// Actual requests carry the origin and expose the mock's headers.
	r := call(t, srv, http.MethodGet, "/api/projects/1/hog_functions/", "", "Origin", "http://localhost:3000", "Authorization", "Bearer phx_x")
	if r.Code != 200 || r.Header().Get("Access-Control-Allow-Origin") != "http://localhost:3000" || r.Header().Get("Access-Control-Expose-Headers") == "" {
		t.Errorf("simple request: %d %v", r.Code, r.Header())
	}
}

func TestCORSOff(t *testing.T) {
	srv, err := New(Options{DisableCORS: true})
	if err != nil {
		t.Fatal(err)
	}
	r := call(t, srv, http.MethodOptions, "/api/projects/1/hog_functions/", "", "Origin", "http://localhost:3000", "Access-Control-Request-Method", "POST")
	if r.Header().Get("Access-Control-Allow-Origin") != "" || r.Code == http.StatusNoContent {
		t.Errorf("CORS off still answers the preflight: %d %v", r.Code, r.Header())
	}
	r = call(t, srv, http.MethodGet, "/api/projects/1/hog_functions/", "", "Origin", "http://localhost:3000", "Authorization", "Bearer phx_x")
	if r.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS off still allows the origin: %v", r.Header())
	}
}

func TestCORSPreflightWithDocuments(t *testing.T) {
	a := tempSpecFile(t, petsYAML("A", ""))
	m, err := New(Options{Documents: []Document{{Name: "a", SpecFile: a}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/a/pets", "/elsewhere", "/__mock/state"} {
		r := call(t, m, http.MethodOptions, path, "", "Origin", "http://x.test", "Access-Control-Request-Method", "GET")
		if r.Code != http.StatusNoContent || r.Header().Get("Access-Control-Allow-Origin") != "http://x.test" {
			t.Errorf("%s: %d %v", path, r.Code, r.Header())
		}
	}
}
