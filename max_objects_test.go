package mockserver

import (
	"encoding/json"
	"strings"
	"testing"
)

// Past Options.MaxObjects a create answers in the contract's error
// format, saying why, instead of growing: 429 where the operation
// declares 429 and not 507 (PostHog's create), else 507; a reset makes
// room again.
func TestMaxObjects(t *testing.T) {
	s := newHardServer(t, Options{EmptyState: true, MaxObjects: 2})
	for range 2 {
		if w := authed(t, s, "POST", inList, `{"name":"fits"}`); w.Code != 201 {
			t.Fatalf("create: %d %s", w.Code, w.Body)
		}
	}
	w := authed(t, s, "POST", inList, `{"name":"one too many"}`)
	var body struct{ Type, Code, Detail string }
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code != 429 {
		t.Fatalf("create past the bound: %d %s", w.Code, w.Body)
	}
	if body.Type != "server_error" || body.Code != "insufficient_storage" || body.Detail != "The mock holds 2 objects, its --max-objects: delete some or reset it." {
		t.Errorf("the 507 in PostHog's format: %+v", body)
	}
	if _, err := s.Put("insights", map[string]string{"project_id": "2"}, map[string]any{"name": "put"}); err == nil {
		t.Error("Put past the bound succeeded")
	}
	s.Reset()
	if w := authed(t, s, "POST", inList, `{"name":"after reset"}`); w.Code != 201 {
		t.Errorf("create after a reset: %d", w.Code)
	}
}

func TestMaxObjects507(t *testing.T) {
	s := newHardServer(t, Options{SpecFile: petsSpec, EmptyState: true, MaxObjects: 1})
	if w := authed(t, s, "POST", "/pets/", `{"name":"a","kind":"cat"}`); w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	w := authed(t, s, "POST", "/pets/", `{"name":"b","kind":"cat"}`)
	if w.Code != 507 || !strings.Contains(w.Body.String(), "The mock holds 1 objects, its --max-objects") {
		t.Errorf("create past the bound: %d %s", w.Code, w.Body)
	}
}
