package mockserver

import (
	"strings"
	"testing"
)

// A body refused before the engine answers (413) is still reported under
// the operation its path matches, not as an undocumented request.
func TestPayloadTooLargeNamesItsOperation(t *testing.T) {
	s := newHardServer(t, Options{MaxBody: 64, EmptyState: true})
	w := authed(t, s, "POST", hfList, `{"name":"`+strings.Repeat("x", 100)+`"}`)
	if w.Code != 413 {
		t.Fatalf("status %d", w.Code)
	}
	w = authed(t, s, "POST", "/api/nowhere/", `{"name":"`+strings.Repeat("x", 100)+`"}`)
	if w.Code != 413 {
		t.Fatalf("unknown path: status %d", w.Code)
	}
	reqs := s.Requests()
	if len(reqs) != 2 || reqs[0].OperationID != "hog_functions_create" || reqs[1].OperationID != "" {
		t.Fatalf("journal: %+v", reqs)
	}
	rep := s.Report()
	if rep.Undocumented != 1 {
		t.Errorf("undocumented requests: %d, want 1 (only /api/nowhere/)", rep.Undocumented)
	}
	found := false
	for _, v := range rep.Violations {
		if v.Code == "payload_too_large" && v.Operation == "hog_functions_create" && v.Template == "/api/projects/{project_id}/hog_functions/" {
			found = true
		}
	}
	if !found {
		t.Errorf("no payload_too_large violation under hog_functions_create: %+v", rep.Violations)
	}
}
