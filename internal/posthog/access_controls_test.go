package posthog_test

import (
	"testing"

	"github.com/mockserver-go/mockserver"
)

// ee/api/rbac/access_control.py: GET lists an object's access controls and
// the levels they may take; PUT sets one (per member, role or default) or,
// with access_level null, removes it.
func TestAccessControls(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	d := m.do("POST", dashEnv, map[string]any{"name": "Board"}).want(t, 201).obj()
	const member = "0196f2b1-4d5e-7f60-b7c8-d9e0f1a2b3c4"
	for _, c := range []struct {
		name, path   string
		levels, def  string
		put          map[string]any
		wantResource string
	}{
		{"project", "/api/projects/1/access_controls/", "[none member admin]", "member", map[string]any{"access_level": "admin", "organization_member": member}, "project"},
		{"environment", "/api/environments/@current/access_controls/", "[none member admin]", "member", map[string]any{"access_level": "member", "role": member}, "project"},
		{"project defaults per kind", "/api/projects/1/resource_access_controls/", "[none viewer editor manager]", "editor", map[string]any{"access_level": "viewer", "resource": "dashboard"}, "dashboard"},
		{"one dashboard", "/api/environments/1/dashboards/" + idOf(d) + "/access_controls/", "[none viewer editor manager]", "editor", map[string]any{"access_level": "editor", "organization_member": member}, "dashboard"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.put != nil {
				e := m.do("PUT", c.path, c.put).want(t, 200).obj()
				if e["resource"] != c.wantResource || e["access_level"] != c.put["access_level"] {
					t.Errorf("stored %v", e)
				}
			}
			g := m.do("GET", c.path, nil).want(t, 200).obj()
			if got := dig(g, "available_access_levels"); str(got) != c.levels || g["default_access_level"] != c.def {
				t.Errorf("levels %v default %v", got, g["default_access_level"])
			}
			if n := len(g["access_controls"].([]any)); n != 1 {
				t.Errorf("%d access controls, want 1", n)
			}
		})
	}
	// Another dashboard has none of them.
	e := m.do("POST", dashEnv, map[string]any{"name": "Other"}).want(t, 201).obj()
	if n := len(m.do("GET", "/api/projects/1/dashboards/"+idOf(e)+"/access_controls/", nil).obj()["access_controls"].([]any)); n != 0 {
		t.Errorf("another dashboard has %d access controls", n)
	}
	// The same dashboard under the other prefix; then the entry removed.
	path := "/api/projects/1/dashboards/" + idOf(d) + "/access_controls/"
	m.do("PUT", path, map[string]any{"access_level": nil, "organization_member": member}).want(t, 204)
	if n := len(m.do("GET", path, nil).obj()["access_controls"].([]any)); n != 0 {
		t.Errorf("%d access controls after removal", n)
	}
	m.do("PUT", path, map[string]any{"access_level": "owner"}).
		wantError(t, 400, "validation_error", "invalid_input", "Invalid access level. Must be one of: none, viewer, editor, manager", "access_level")
	m.do("PUT", path, map[string]any{"access_level": "viewer", "organization_member": member, "role": member}).
		wantError(t, 400, "validation_error", "invalid_input", "You can not scope an access control to both a member and a role.", nil)
	m.do("GET", "/api/projects/1/dashboards/999/access_controls/", nil).wantError(t, 404, "invalid_request", "not_found", "Not found.", nil)
}

func str(v any) string {
	b := []byte{}
	for i, x := range v.([]any) {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, x.(string)...)
	}
	return "[" + string(b) + "]"
}

// posthog/api/project.py, posthog/api/team.py: a project's settings are
// read and changed at /api/projects/{id}/ (and the environment's at
// /api/environments/{id}/), @current naming the key owner's.
func TestProjectSettings(t *testing.T) {
	m := newMock(t, mockserver.Options{})
	for _, prefix := range []string{"/api/projects/", "/api/environments/"} {
		t.Run(prefix, func(t *testing.T) {
			p := m.do("GET", prefix+"@current/", nil).want(t, 200).obj()
			if p["id"] != float64(1) {
				t.Fatalf("@current is %v", p["id"])
			}
			m.do("PATCH", prefix+"1/", map[string]any{"name": "Renamed", "anonymize_ips": true}).want(t, 200)
			got := m.do("GET", prefix+"1/", nil).want(t, 200).obj()
			if got["name"] != "Renamed" || got["anonymize_ips"] != true {
				t.Errorf("settings not kept: name %v anonymize_ips %v", got["name"], got["anonymize_ips"])
			}
			m.do("GET", prefix+"abc/", nil).wantError(t, 404, "invalid_request", "not_found", "Project not found.", nil)
			made := m.do("POST", prefix, map[string]any{"name": "Staging"}).want(t, 201).obj()
			if made["id"] != float64(4) {
				t.Errorf("new one numbered %v, want 4 (after the seeded 1-3)", made["id"])
			}
			if list := m.do("GET", prefix, nil).want(t, 200).obj(); list["count"] != float64(4) {
				t.Errorf("%v listed, want 4", list["count"])
			}
		})
	}
}
