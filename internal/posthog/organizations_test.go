package posthog_test

import (
	"testing"

	"github.com/mockserver-go/mockserver"
)

const org = "/api/organizations/@current/"

// The caller's organisation is `@current`, the one its projects belong to,
// and its members are the users objects name as their creators.
func TestOrganizationAndMembers(t *testing.T) {
	m := newMock(t, mockserver.Options{})
	o := m.do("GET", org, nil).want(t, 200).obj()
	if o["name"] != "Hedgebox Inc." || o["membership_level"] != 15.0 {
		t.Fatalf("current organisation %v (level %v)", o["name"], o["membership_level"])
	}
	id := o["id"].(string)
	m.do("GET", "/api/organizations/"+id+"/", nil).want(t, 200)
	if p := m.do("GET", "/api/projects/@current/", nil).want(t, 200).obj(); p["organization"] != id {
		t.Errorf("project's organisation %v, want %s", p["organization"], id)
	}
	m.do("GET", "/api/organizations/not-an-org/members/", nil).want(t, 404)

	list := m.do("GET", org+"members/", nil).want(t, 200).obj()
	res := list["results"].([]any)
	if list["count"] != 2.0 || len(res) != 2 {
		t.Fatalf("members %v", list)
	}
	ada, grace := res[0].(map[string]any), res[1].(map[string]any)
	if ada["user"].(map[string]any)["email"] != "ada@example.com" || ada["level"] != 15.0 || grace["level"] != 8.0 {
		t.Errorf("members %v / %v", ada, grace)
	}
	// The same members under the organisation's id, paged.
	page := m.do("GET", "/api/organizations/"+id+"/members/?limit=1", nil).want(t, 200).obj()
	if page["count"] != 2.0 || len(page["results"].([]any)) != 1 || page["next"] == nil {
		t.Errorf("page %v", page)
	}

	graceURL := org + "members/" + grace["user"].(map[string]any)["uuid"].(string) + "/"
	adaURL := org + "members/" + ada["user"].(map[string]any)["uuid"].(string) + "/"
	if got := m.do("PATCH", graceURL, map[string]any{"level": 1}).want(t, 200).obj(); got["level"] != 1.0 || got["id"] != grace["id"] {
		t.Errorf("patched %v", got)
	}
	m.do("PATCH", adaURL, map[string]any{"level": 1}).wantError(t, 403, "authentication_error", "permission_denied", "You can't change your own access level.", nil)
	if got := m.do("GET", org+"members/", nil).obj()["results"].([]any)[1].(map[string]any)["level"]; got != 1.0 {
		t.Errorf("level after PATCH %v", got)
	}
	m.do("DELETE", graceURL, nil).want(t, 204)
	m.do("DELETE", graceURL, nil).want(t, 404)
	if n := m.do("GET", org+"members/", nil).obj()["count"]; n != 1.0 {
		t.Errorf("%v members after removing one", n)
	}
	// A reset brings the organisation back as seeded.
	if err := m.srv.Reset(); err != nil {
		t.Fatal(err)
	}
	if n := m.do("GET", org+"members/", nil).obj()["count"]; n != 2.0 {
		t.Errorf("%v members after a reset", n)
	}
}

// Roles have unique names; a membership names an organisation member once
// and shows on its role until it is deleted.
func TestRolesAndMemberships(t *testing.T) {
	m := newMock(t, mockserver.Options{})
	roles := m.results(org + "roles/")
	if got := field(roles, "name"); len(got) != 3 || got[0] != "Engineering" {
		t.Fatalf("seeded roles %v", got)
	}
	m.do("POST", org+"roles/", map[string]any{"name": "engineering"}).
		wantError(t, 400, "validation_error", "unique", "There is already a role with this name.", "name")
	role := m.do("POST", org+"roles/", map[string]any{"name": "Data"}).want(t, 201).obj()
	if role["is_default"] != false || len(role["members"].([]any)) != 0 {
		t.Fatalf("new role %v", role)
	}
	rid := role["id"].(string)
	rm := org + "roles/" + rid + "/role_memberships/"
	if n := m.do("GET", rm, nil).want(t, 200).obj()["count"]; n != 0.0 {
		t.Fatalf("a new role has %v memberships", n)
	}
	grace := m.do("GET", org+"members/", nil).obj()["results"].([]any)[1].(map[string]any)
	uuid := grace["user"].(map[string]any)["uuid"].(string)
	ms := m.do("POST", rm, map[string]any{"user_uuid": uuid}).want(t, 201).obj()
	if ms["role_id"] != rid || ms["user"].(map[string]any)["uuid"] != uuid || ms["organization_member"].(map[string]any)["id"] != grace["id"] {
		t.Errorf("membership %v", ms)
	}
	m.do("POST", rm, map[string]any{"user_uuid": uuid}).wantError(t, 400, "validation_error", "invalid", "User is already part of the role.", nil)
	m.do("POST", rm, map[string]any{"user_uuid": "0196f2b1-0000-7000-8000-000000000000"}).
		wantError(t, 400, "validation_error", "invalid", "User does not exist.", nil)
	m.do("POST", org+"roles/0196f2b1-0000-7000-8000-000000000000/role_memberships/", map[string]any{"user_uuid": uuid}).
		wantError(t, 400, "validation_error", "invalid", "Role does not exist.", nil)

	got := m.do("GET", org+"roles/"+rid+"/", nil).want(t, 200).obj()["members"].([]any)
	if len(got) != 1 || got[0].(map[string]any)["id"] != ms["id"] {
		t.Fatalf("role members %v", got)
	}
	m.do("DELETE", rm+ms["id"].(string)+"/", nil).want(t, 204)
	if got := m.do("GET", org+"roles/"+rid+"/", nil).obj()["members"].([]any); len(got) != 0 {
		t.Errorf("role members after delete %v", got)
	}
	m.do("PATCH", org+"roles/"+rid+"/", map[string]any{"name": "Product"}).
		wantError(t, 400, "validation_error", "unique", "There is already a role with this name.", "name")
	m.do("DELETE", org+"roles/"+rid+"/", nil).want(t, 204)
	m.do("GET", org+"roles/"+rid+"/", nil).want(t, 404)
}
