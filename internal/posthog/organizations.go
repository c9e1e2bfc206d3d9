package posthog

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/mockserver-go/mockserver/plugin"
)

// The organisation the caller belongs to: the mock's projects are its
// projects, its members are the mock's users, and `@current` names it
// (the contract's x-mock-aliases of organization_id say the same id).
const (
	orgID   = "01963b2e-5a4f-7c1d-8e9b-2f6a4c8d0e13"
	orgName = "Hedgebox Inc."
)

// Organisation membership levels (OrganizationMembership.Level).
const (
	levelMember = 1
	levelAdmin  = 8
	levelOwner  = 15
)

// organizationCreate makes the first seeded organisation the caller's;
// the others are organisations the caller also belongs to.
func organizationCreate(c plugin.Call, o, body map[string]any) error {
	switch i := seedIndex(c); {
	case i == 0:
		o["id"], o["name"], o["slug"] = orgID, orgName, "hedgebox"
		o["membership_level"] = float64(levelOwner)
	case i > 0:
		name := []string{"Hedgebox Labs", "Side project"}[i%2]
		o["name"], o["slug"] = name, slug(name)
		o["membership_level"] = float64(levelMember)
	default:
		// Whoever creates an organisation owns it (OrganizationViewSet).
		o["membership_level"] = float64(levelOwner)
		if name, ok := body["name"].(string); ok {
			o["slug"] = slug(name)
		}
	}
	return nil
}

func slug(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_':
			b.WriteRune(r)
		case r == ' ' || r == '-':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// Organisation members. Source: posthog/api/organization_member.py
// (OrganizationMemberViewSet: list, update, destroy by the member's user
// uuid, no retrieve; OrganizationMemberSerializer). PostHog keys a member
// by its user's uuid in URLs; the mock keeps each member in the
// organisation's members collection under that uuid.
//
// The collection is the contract's (x-mock-resource organization_members),
// read and written only by this behaviour. Having no create operation, it
// starts with objects generated from the schema; the behaviour replaces
// those with the organisation's real members the first time it sees them,
// so a reset (which seeds again) brings the members back and a member the
// client removed stays removed.

// member is the i-th user's membership, as OrganizationMemberSerializer
// renders it.
func member(c plugin.Call, i int) map[string]any {
	u := user(i)
	joined := []string{"2024-02-12T09:14:03Z", "2024-05-06T16:41:27Z"}[i%2]
	return map[string]any{"id": c.Fake("posthog/member/" + c.PathParam("organization_id") + "/" + u["uuid"].(string)).UUID(), "user": u,
		"level": float64([]int{levelOwner, levelAdmin}[i%2]), "joined_at": joined, "updated_at": joined,
		"is_2fa_enabled": i%2 == 0, "has_social_auth": i%2 == 1, "last_login": "2025-06-09T08:02:11Z"}
}

// members returns the organisation's members collection, made real on
// first use (see above).
func members(c plugin.Call, coll plugin.Collection) plugin.Collection {
	generated := false
	for _, m := range coll.All() {
		if uuid := str(obj(m["user"])["uuid"]); uuid != str(user(0)["uuid"]) && uuid != str(user(1)["uuid"]) {
			coll.Delete(idKey(m["id"]))
			generated = true
		}
	}
	if generated {
		for i := range 2 {
			m := member(c, i)
			_ = coll.Create(str(m["user"].(map[string]any)["uuid"]), m)
		}
	}
	return coll
}

func orgMembers(c plugin.Call) (*plugin.Response, error) {
	coll := members(c, c.Collection())
	key := c.PathParam("user__uuid")
	switch c.Operation().Method {
	case "GET":
		return page(c, coll.All()), nil
	case "DELETE":
		if !coll.Delete(key) {
			return nil, plugin.NotFound()
		}
		return &plugin.Response{Status: 204}, nil
	}
	body, _ := c.Body().(map[string]any)
	if _, found := coll.Get(key); !found {
		return nil, plugin.NotFound()
	}
	lv, sent := body["level"]
	if !sent {
		m, _ := coll.Get(key)
		return plugin.JSON(200, m), nil
	}
	level, _ := lv.(float64)
	if key == str(user(0)["uuid"]) {
		return nil, &plugin.Error{Kind: plugin.KindPermissionDenied, Detail: "You can't change your own access level."}
	}
	if level != levelMember && level != levelAdmin && level != levelOwner {
		return nil, plugin.Invalid("level", "invalid_choice", fmt.Sprintf("\"%v\" is not a valid choice.", lv))
	}
	at := ts(now(c))
	err := coll.Update(key, func(m map[string]any) error {
		m["level"], m["updated_at"] = level, at
		return nil
	})
	if err != nil {
		return nil, err
	}
	m, _ := coll.Get(key)
	return plugin.JSON(200, m), nil
}

// page answers a list the way PostHog's limit/offset pagination does.
func page(c plugin.Call, all []map[string]any) *plugin.Response {
	q := c.Query()
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit <= 0 {
		limit = 100
	}
	offset, err := strconv.Atoi(q.Get("offset"))
	if err != nil || offset < 0 {
		offset = 0
	}
	results := []any{}
	for i := offset; i < len(all) && i < offset+limit; i++ {
		results = append(results, all[i])
	}
	link := func(off int) any {
		v := url.Values{"limit": {strconv.Itoa(limit)}}
		if off > 0 {
			v.Set("offset", strconv.Itoa(off))
		}
		return "http://" + c.Header().Get("Host") + pathOf(c) + "?" + v.Encode()
	}
	var next, prev any
	if offset+limit < len(all) {
		next = link(offset + limit)
	}
	if offset > 0 {
		prev = link(max(offset-limit, 0))
	}
	return plugin.JSON(200, map[string]any{"count": float64(len(all)), "next": next, "previous": prev, "results": results})
}

// pathOf is the request's path, its parameters filled in.
func pathOf(c plugin.Call) string {
	p := c.Operation().Path
	for {
		i := strings.IndexByte(p, '{')
		j := strings.IndexByte(p, '}')
		if i < 0 || j < i {
			return p
		}
		p = p[:i] + c.PathParam(p[i+1:j]) + p[j+1:]
	}
}

// Roles and role memberships. Source: ee/api/rbac/role.py (RoleSerializer:
// name unique in the organisation, members from the role's memberships,
// is_default; RoleMembershipSerializer: user_uuid of an organisation
// member, once per role). A role keeps its memberships; a membership hook
// writes the role, never the reverse.

func roleCreate(c plugin.Call, r, body map[string]any) error {
	if i := seedIndex(c); i >= 0 {
		r["name"] = []string{"Engineering", "Product", "Support"}[i%3]
		r["created_by"] = user(i)
	} else {
		if err := uniqueRoleName(c, str(body["name"]), ""); err != nil {
			return err
		}
		r["created_by"] = user(0)
	}
	r["members"], r["is_default"] = []any{}, false
	return nil
}

func roleUpdate(c plugin.Call, old, r, patch map[string]any) error {
	if name, sent := patch["name"]; sent {
		if err := uniqueRoleName(c, str(name), idKey(old["id"])); err != nil {
			return err
		}
	}
	r["members"] = old["members"]
	return nil
}

func uniqueRoleName(c plugin.Call, name, self string) error {
	for _, r := range c.Collection().All() {
		if strings.EqualFold(str(r["name"]), name) && idKey(r["id"]) != self {
			return plugin.Invalid("name", "unique", "There is already a role with this name.")
		}
	}
	return nil
}

func membershipCreate(c plugin.Call, m, body map[string]any) error {
	roleID := c.PathParam("role_id")
	roles, _ := c.Resource("roles")
	if roles == nil || !exists(roles, roleID) {
		return refused("Role does not exist.")
	}
	orgMembers, ok := c.Resource("organization_members")
	var mem map[string]any
	if ok {
		mem, ok = members(c, orgMembers).Get(str(body["user_uuid"]))
	}
	if !ok {
		return refused("User does not exist.")
	}
	for _, x := range c.Collection().All() {
		if str(obj(x["user"])["uuid"]) == str(body["user_uuid"]) {
			return refused("User is already part of the role.")
		}
	}
	m["role_id"], m["user"], m["organization_member"] = roleID, mem["user"], mem
	m["joined_at"], m["updated_at"] = ts(now(c)), ts(now(c))
	delete(m, "user_uuid")
	entry := plugin.CloneObject(m)
	return roles.Update(roleID, func(r map[string]any) error {
		r["members"] = append(append([]any{}, list(r["members"])...), entry)
		return nil
	})
}

// refused is a serializer's ValidationError raised with a message alone:
// no field, DRF's code "invalid".
func refused(detail string) error {
	return &plugin.Error{Kind: plugin.KindValidation, Code: "invalid", Detail: detail}
}

// membershipRespond takes a deleted membership off its role.
func membershipRespond(c plugin.Call, resp *plugin.Response) (*plugin.Response, error) {
	if c.Operation().Method != "DELETE" || resp.Status != 204 {
		return resp, nil
	}
	roles, ok := c.Resource("roles")
	if !ok {
		return resp, nil
	}
	gone := c.PathParam("id")
	err := roles.Update(c.PathParam("role_id"), func(r map[string]any) error {
		kept := []any{}
		for _, x := range list(r["members"]) {
			if idKey(obj(x)["id"]) != gone {
				kept = append(kept, x)
			}
		}
		r["members"] = kept
		return nil
	})
	if err != nil && !isNotFound(err) {
		return nil, err
	}
	return resp, nil
}

func isNotFound(err error) bool {
	var e *plugin.Error
	return errors.As(err, &e) && e.Kind == plugin.KindNotFound
}

// projectOrganization is the organisation of every project: the caller's.
func projectOrganization(p map[string]any) { p["organization"] = orgID }
