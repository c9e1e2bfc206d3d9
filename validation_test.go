package mockserver_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
)

// TestValidationTable sends good and bad requests for each parameter kind
// and body feature, and checks the status and which field the answer names.
func TestValidationTable(t *testing.T) {
	t.Parallel()
	srv := newNotes(t, mockserver.Options{EmptyState: true})
	okUUID := "3f0e9a9e-7d59-4b1e-9a57-3c2b4f7c1a10"
	note := `{"title":"T","color":"red"}`
	tests := []struct {
		name, method, path, body string
		hdr                      []string
		status                   int
		// in and field name the first violation expected; empty for none.
		in, field, code string
	}{
		{"header ok", "GET", "/status", "", []string{"X-Request-Id", okUUID}, 200, "", "", ""},
		{"header missing", "GET", "/status", "", nil, 400, "header", "X-Request-Id", "required"},
		{"header format", "GET", "/status", "", []string{"X-Request-Id", "nope"}, 400, "header", "X-Request-Id", "format"},
		{"query boolean", "GET", "/status?verbose=maybe", "", []string{"X-Request-Id", okUUID}, 400, "query", "verbose", ""},
		{"query boolean ok", "GET", "/status?verbose=true", "", []string{"X-Request-Id", okUUID}, 200, "", "", ""},
		{"cookie minLength", "GET", "/status", "", []string{"X-Request-Id", okUUID, "Cookie", "session=ab"}, 400, "cookie", "session", "minLength"},
		// The list declares a 400 and no 404: an invalid path value is refused
		// with the declared status; the item declares a 404 and answers it.
		{"path integer", "GET", "/teams/abc/notes/", "", nil, 400, "path", "team_id", ""},
		{"path integer on an item", "GET", "/teams/abc/notes/" + okUUID + "/", "", nil, 404, "path", "team_id", ""},
		{"path uuid", "GET", "/teams/1/notes/not-a-uuid/", "", nil, 404, "path", "id", "format"},
		{"security missing", "GET", "/teams/1/notes/", "", []string{"Authorization", ""}, 401, "security", "bearer", "not_authenticated"},
		{"security wrong scheme", "GET", "/teams/1/notes/", "", []string{"Authorization", "Basic eDp5"}, 401, "security", "bearer", "not_authenticated"},
		{"body ok", "POST", "/teams/1/notes/", note, nil, 201, "", "", ""},
		{"body required field", "POST", "/teams/1/notes/", `{"title":"T"}`, nil, 400, "body", "color", "required"},
		{"body type", "POST", "/teams/1/notes/", `{"title":5,"color":"red"}`, nil, 400, "body", "title", "type"},
		{"body enum", "POST", "/teams/1/notes/", `{"title":"T","color":"purple"}`, nil, 400, "body", "color", "enum"},
		{"body maxLength", "POST", "/teams/1/notes/", `{"title":"` + strings.Repeat("x", 41) + `","color":"red"}`, nil, 400, "body", "title", "maxLength"},
		{"body maximum", "POST", "/teams/1/notes/", `{"title":"T","color":"red","priority":9}`, nil, 400, "body", "priority", "maximum"},
		{"body nullable ok", "POST", "/teams/1/notes/", `{"title":"T","color":"red","priority":null}`, nil, 201, "", "", ""},
		{"body null not nullable", "POST", "/teams/1/notes/", `{"title":null,"color":"red"}`, nil, 400, "body", "title", ""},
		{"body readOnly tolerated", "POST", "/teams/1/notes/", `{"title":"T","color":"red","created_at":"2020-01-01T00:00:00Z"}`, nil, 201, "body", "created_at", "readOnly"},
		{"body missing", "POST", "/teams/1/notes/", "", []string{"Content-Type", "application/json"}, 400, "body", "", "required"},
		{"body malformed", "POST", "/teams/1/notes/", `{"title":`, nil, 400, "body", "", "parse_error"},
		{"content type", "POST", "/teams/1/notes/", note, []string{"Content-Type", "text/plain"}, 415, "content-type", "", "unsupported_media_type"},
		{"unknown path", "GET", "/teams/1/notez/", "", nil, 404, "route", "", "unknown_route"},
		{"wrong method", "POST", "/status", "", nil, 405, "method", "", "method_not_allowed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var body any
			if tc.body != "" {
				body = tc.body
			}
			r := call(t, srv, tc.method, tc.path, body, tc.hdr...)
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d; body %s", r.Status, tc.status, r.Body)
			}
			reqs := srv.Requests()
			last := reqs[len(reqs)-1]
			if tc.in == "" {
				if len(last.Violations) > 0 {
					t.Errorf("unexpected violations: %+v", last.Violations)
				}
				return
			}
			if len(last.Violations) == 0 {
				t.Fatalf("no violation recorded; body %s", r.Body)
			}
			v := last.Violations[0]
			if v.In != tc.in || v.Field != tc.field || (tc.code != "" && v.Code != tc.code) {
				t.Errorf("first violation = %+v, want in=%s field=%s code=%s", v, tc.in, tc.field, tc.code)
			}
			if v.Message == "" {
				t.Error("a violation must explain itself")
			}
			if tc.status >= 400 && r.Status != 405 && tc.in != "body" || tc.code == "required" {
				// problem+json (the notes document declares no error schema) lists every violation.
				var p struct {
					Status float64          `json:"status"`
					Detail string           `json:"detail"`
					Errors []map[string]any `json:"errors"`
				}
				if r.Status >= 400 && r.Header.Get("Content-Type") == "application/problem+json" {
					if err := json.Unmarshal(r.Body, &p); err != nil || p.Status != float64(r.Status) || p.Detail == "" {
						t.Errorf("problem+json body: %s (%v)", r.Body, err)
					}
				}
			}
		})
	}
}

func TestValidationProblemListsEveryViolation(t *testing.T) {
	t.Parallel()
	srv := newNotes(t, mockserver.Options{EmptyState: true})
	r := call(t, srv, "POST", "/teams/1/notes/", `{"title":7,"color":"purple","priority":0}`).must(t, 400)
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json (the document declares no error schema)", ct)
	}
	errs, _ := r.JSON["errors"].([]any)
	fields := map[string]bool{}
	for _, e := range errs {
		m := e.(map[string]any)
		fields[m["field"].(string)] = true
		if m["expected"] == nil || m["got"] == nil {
			t.Errorf("violation without expected/got: %v", m)
		}
	}
	for _, f := range []string{"title", "color", "priority"} {
		if !fields[f] {
			t.Errorf("violation for %s missing from %s", f, r.Body)
		}
	}
	if !strings.Contains(r.Header.Get("X-Mock-Violations"), "3;") {
		t.Errorf("X-Mock-Violations = %q, want the count first", r.Header.Get("X-Mock-Violations"))
	}
}

func TestUnknownPathSuggestsNearestOperation(t *testing.T) {
	t.Parallel()
	srv := newNotes(t, mockserver.Options{EmptyState: true})
	r := call(t, srv, "GET", "/teams/1/notez/", nil).must(t, 404)
	if !strings.Contains(r.Header.Get("X-Mock-Suggestion"), "/teams/{team_id}/notes/") {
		t.Errorf("suggestion = %q", r.Header.Get("X-Mock-Suggestion"))
	}
	r = call(t, srv, "PATCH", "/teams/1/tags", map[string]any{}).must(t, 405)
	if r.Header.Get("Allow") != "GET, POST, HEAD" { // HEAD is served wherever GET is
		t.Errorf("Allow = %q, want GET, POST, HEAD", r.Header.Get("Allow"))
	}
}
