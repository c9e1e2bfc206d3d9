package mockserver_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
)

func TestAdminEndpoints(t *testing.T) {
	t.Parallel()
	srv := newNotes(t, mockserver.Options{EmptyState: true})
	id := call(t, srv, "POST", "/teams/1/notes/", map[string]any{"title": "A", "color": "red", "secret_note": "x"}).must(t, 201).JSON["id"].(string)
	call(t, srv, "POST", "/teams/1/notes/", map[string]any{"title": 1}).must(t, 400)

	st := call(t, srv, "GET", "/__mock/state", nil).must(t, 200).JSON
	coll := st["collections"].(map[string]any)["notes|team_id=1"].([]any)
	if len(coll) != 1 || coll[0].(map[string]any)["id"] != id {
		t.Errorf("state = %v", st)
	}

	reqs := call(t, srv, "GET", "/__mock/requests", nil).must(t, 200).JSON["requests"].([]any)
	if len(reqs) != 2 { // admin requests are not journaled
		t.Fatalf("journal has %d requests, want 2", len(reqs))
	}
	newest := reqs[0].(map[string]any)
	if newest["status"] != 400.0 || newest["operation_id"] != "notes_create" || newest["violations"] == nil {
		t.Errorf("newest request first, with its violations: %v", newest)
	}
	one := call(t, srv, "GET", "/__mock/requests/1", nil).must(t, 200).JSON
	if one["status"] != 201.0 || !strings.Contains(one["request_body"].(string), "secret_note") {
		t.Errorf("request 1: %v", one)
	}
	if auth := one["request_headers"].(map[string]any)["Authorization"]; auth != "Bearer [redacted]" {
		t.Errorf("Authorization kept in the journal: %v", auth)
	}
	call(t, srv, "GET", "/__mock/requests/999", nil).must(t, 404)

	vs := call(t, srv, "GET", "/__mock/violations", nil).must(t, 200).JSON
	if vs["total"] != 2.0 || len(vs["violations"].([]any)) != 2 {
		t.Errorf("violations total %v, want 2 (title type, color required): %v", vs["total"], vs)
	}

	f := call(t, srv, "POST", "/__mock/faults", map[string]any{"operation": "notes_list", "status": 401, "times": 2}).must(t, 201)
	_ = f
	call(t, srv, "GET", "/teams/1/notes/", nil).must(t, 401)
	call(t, srv, "GET", "/teams/1/notes/", nil).must(t, 401)
	call(t, srv, "GET", "/teams/1/notes/", nil).must(t, 200)
	bad := call(t, srv, "POST", "/__mock/faults", map[string]any{"operation": "notes_list", "status": 503}).must(t, 400)
	if !strings.Contains(string(bad.Body), "400, 401") {
		t.Errorf("an undeclared fault status must list the declared ones: %s", bad.Body)
	}
	call(t, srv, "POST", "/__mock/faults", map[string]any{"operation": "nope", "status": 400}).must(t, 404)
	call(t, srv, "POST", "/__mock/faults", `{"operation":`).must(t, 400)

	call(t, srv, "POST", "/__mock/reset", nil).must(t, 200)
	call(t, srv, "GET", "/teams/1/notes/"+id+"/", nil).must(t, 404)
	call(t, srv, "DELETE", "/__mock/requests", nil).must(t, 204)
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("journal not cleared: %d", n)
	}
}

func TestAdminTokenAndDisable(t *testing.T) {
	t.Parallel()
	srv := newNotes(t, mockserver.Options{AdminToken: "sekret"})
	r := call(t, srv, "GET", "/__mock/state", nil).must(t, 401)
	var body map[string]any
	if json.Unmarshal(r.Body, &body) != nil || !strings.Contains(body["detail"].(string), "X-Mock-Admin-Token") {
		t.Errorf("401 should say how to authenticate: %s", r.Body)
	}
	call(t, srv, "GET", "/__mock/state", nil, "X-Mock-Admin-Token", "sekret").must(t, 200)
	off := newNotes(t, mockserver.Options{DisableAdmin: true})
	r = call(t, off, "POST", "/__mock/reset", nil).must(t, 404)
	if !strings.Contains(r.Header.Get("X-Mock-Violations"), "route") {
		t.Errorf("with admin off, /__mock/ is just an unknown path: %q", r.Header.Get("X-Mock-Violations"))
	}
}
