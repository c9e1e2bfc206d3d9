package posthog

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/mockserver-go/mockserver/plugin"
)

// Access controls of a project (or environment) and of one dashboard,
// insight or feature flag. Source: ee/api/rbac/access_control.py
// (AccessControlViewSetMixin: access_controls and resource_access_controls,
// GET and PUT; AccessControlSerializer.validate_access_level) and
// posthog/rbac/user_access_control.py (the levels per resource kind).

var (
	projectLevels  = []string{"none", "member", "admin"}
	resourceLevels = []string{"none", "viewer", "editor", "manager"}
	// accessResources are the kinds a project's defaults can be set for
	// (the subset of PostHog's API scope objects the mock serves).
	accessResources = []string{"action", "cohort", "dashboard", "feature_flag", "hog_function", "insight", "survey"}
)

// accessTarget names what the request's path controls: the resource kind
// (PostHog's scope object), the collection holding the object (empty for
// a project), and whether it is the project's per-kind defaults.
func accessTarget(path string) (kind, resource string, defaults bool) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	action := parts[len(parts)-1]
	defaults = action == "resource_access_controls"
	if len(parts) == 4 { // api/{projects|environments}/{id}/<action>
		return "project", "", defaults
	}
	resource = parts[3] // api/<prefix>/{project_id}/<resource>/{id}/access_controls
	return strings.TrimSuffix(resource, "s"), resource, false
}

func accessControls(c plugin.Call) (*plugin.Response, error) {
	kind, resource, defaults := accessTarget(c.Operation().Path)
	if resource != "" {
		coll, ok := c.Resource(resource)
		if !ok || !exists(coll, c.PathParam("id")) {
			return nil, plugin.NotFound()
		}
	}
	levels := resourceLevels
	if kind == "project" && !defaults {
		levels = projectLevels
	}
	// One private collection holds the entries of every object of the
	// operation's resource kind in the project; each names its object.
	stored := c.Private("posthog.access_controls")
	if c.Operation().Method == "GET" {
		entries := []any{}
		for _, e := range stored.All() {
			if defaults && e["resource_id"] == nil || !defaults && e["resource"] == kind && e["resource_id"] == c.PathParam("id") {
				entries = append(entries, e)
			}
		}
		def, low, high := "member", "none", "admin"
		if kind != "project" || defaults {
			def, low, high = "editor", "none", "manager"
		}
		return plugin.JSON(200, map[string]any{"access_controls": entries, "available_access_levels": strs(levels),
			"default_access_level": def, "minimum_access_level": low, "maximum_access_level": high,
			"user_access_level": levels[len(levels)-1], "user_can_edit_access_levels": true}), nil
	}
	body, _ := c.Body().(map[string]any)
	target, resourceID := kind, any(c.PathParam("id"))
	if defaults {
		target, resourceID = str(body["resource"]), nil
		if !contains(accessResources, target) {
			return nil, plugin.Invalid("resource", "invalid_input", "Invalid resource. Must be one of: ('"+strings.Join(accessResources, "', '")+"')")
		}
	}
	member, role := body["organization_member"], body["role"]
	if member != nil && role != nil {
		return nil, plugin.Invalid("", "invalid_input", "You can not scope an access control to both a member and a role.")
	}
	key := fmt.Sprintf("%s/%v/%v/%v", target, resourceID, member, role)
	level, _ := body["access_level"].(string)
	if body["access_level"] == nil {
		stored.Delete(key)
		return &plugin.Response{Status: 204}, nil
	}
	if !contains(levels, level) {
		return nil, plugin.Invalid("access_level", "invalid_input", "Invalid access level. Must be one of: "+strings.Join(levels, ", "))
	}
	at := ts(now(c))
	entry := map[string]any{"access_level": level, "resource": target, "resource_id": resourceID, "organization_member": member,
		"role": role, "created_by": float64(1), "created_at": at, "updated_at": at}
	if prev, ok := stored.Get(key); ok {
		entry["created_at"] = prev["created_at"]
		if err := stored.Update(key, func(o map[string]any) error {
			for k, v := range entry {
				o[k] = v
			}
			return nil
		}); err != nil {
			return nil, err
		}
	} else if err := stored.Create(key, entry); err != nil {
		return nil, err
	}
	return plugin.JSON(200, entry), nil
}

func strs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// projectCreate numbers projects (and environments) 1, 2, 3, …: their
// path parameter is a string (it also takes @current, which names project
// 1), their id an integer.
func projectCreate(c plugin.Call, p, _ map[string]any) error {
	projectOrganization(p)
	if i := seedIndex(c); i >= 0 {
		p["id"] = float64(i + 1)
		return nil
	}
	coll := c.Collection()
	n := coll.Len() + 1
	for exists(coll, strconv.Itoa(n)) || coll.Deleted(strconv.Itoa(n)) {
		n++
	}
	p["id"] = float64(n)
	return nil
}
