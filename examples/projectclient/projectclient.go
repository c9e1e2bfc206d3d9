// Package projectclient is a small client for the resources of one PostHog
// project (dashboards, insights, alerts, feature flags, actions, cohorts,
// annotations, surveys, hog functions, the project's settings and access
// controls) and of its organisation (members, roles), written the way an
// infrastructure-as-code tool manages them, as an example of testing such
// a client against mockserver: see its tests.
package projectclient

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mockserver-go/mockserver/examples/internal/posthogapi"
)

// Family names a kind of resource and how it is deleted.
type Family struct {
	Path string // under /api/{environments|projects}/{project_id}/, e.g. "dashboards"
	// Environments is true for the families the client reaches under
	// /api/environments/ (PostHog's newer prefix), false for /api/projects/.
	Environments bool
	// SoftDelete is true when the API hides an object with PATCH
	// {"deleted": true}; false when DELETE removes it.
	SoftDelete bool
	// Organization is true for the families of the caller's organisation,
	// under /api/organizations/@current/ (its roles and members).
	Organization bool
	// Root is true for the projects themselves, under /api/ (their items
	// are the projects' settings).
	Root bool
}

// The families this client manages.
var (
	Dashboards   = Family{Path: "dashboards", Environments: true, SoftDelete: true}
	Insights     = Family{Path: "insights", Environments: true, SoftDelete: true}
	Alerts       = Family{Path: "alerts", Environments: true}
	HogFunctions = Family{Path: "hog_functions", Environments: true, SoftDelete: true}
	FeatureFlags = Family{Path: "feature_flags", SoftDelete: true}
	Actions      = Family{Path: "actions", SoftDelete: true}
	Cohorts      = Family{Path: "cohorts", SoftDelete: true}
	Annotations  = Family{Path: "annotations", SoftDelete: true}
	Surveys      = Family{Path: "surveys"}
	Projects     = Family{Path: "projects", Root: true}
	Roles        = Family{Path: "roles", Organization: true}
	// Members are keyed by their user's uuid; Update changes a level,
	// Delete removes a member from the organisation.
	Members = Family{Path: "members", Organization: true}
)

// RoleMemberships is the family of one role's memberships.
func RoleMemberships(roleID string) Family {
	return Family{Path: "roles/" + url.PathEscape(roleID) + "/role_memberships", Organization: true}
}

// Object is a resource as the API returns it.
type Object map[string]any

// ID is the object's id as it appears in URLs.
func (o Object) ID() string {
	switch v := o["id"].(type) {
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		return v
	}
	return ""
}

// Client manages one project's resources.
type Client struct {
	base, token, project string
	http                 *http.Client
	// PageSize is the limit asked for per list page (0: the API's default).
	PageSize int
}

// New returns a client for baseURL with a personal API key. hc nil means
// http.DefaultClient.
func New(baseURL, apiKey, projectID string, hc *http.Client) *Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{base: baseURL, token: apiKey, project: projectID, http: hc}
}

// APIError is a non-2xx answer in PostHog's error envelope.
type APIError = posthogapi.APIError

// Create creates an object of the family.
func (c *Client) Create(ctx context.Context, f Family, fields map[string]any) (Object, error) {
	var o Object
	return o, c.do(ctx, http.MethodPost, c.collection(f), fields, &o)
}

// Get reads an object by id: what an import by id does.
func (c *Client) Get(ctx context.Context, f Family, id string) (Object, error) {
	var o Object
	return o, c.do(ctx, http.MethodGet, c.item(f, id), nil, &o)
}

// Update changes the given fields only.
func (c *Client) Update(ctx context.Context, f Family, id string, fields map[string]any) (Object, error) {
	var o Object
	return o, c.do(ctx, http.MethodPatch, c.item(f, id), fields, &o)
}

// Delete removes an object the way its family is removed.
func (c *Client) Delete(ctx context.Context, f Family, id string) error {
	if f.SoftDelete {
		return c.do(ctx, http.MethodPatch, c.item(f, id), map[string]any{"deleted": true}, nil)
	}
	return c.do(ctx, http.MethodDelete, c.item(f, id), nil, nil)
}

// List reads every object of the family, following the pages' next links;
// query filters the list (nil for none).
func (c *Client) List(ctx context.Context, f Family, query url.Values) ([]Object, error) {
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	if c.PageSize > 0 {
		q.Set("limit", strconv.Itoa(c.PageSize))
	}
	next := c.collection(f)
	if len(q) > 0 {
		next += "?" + q.Encode()
	}
	return posthogapi.All[Object](ctx, c.conn(), next)
}

// AccessControls reads the access controls of an object of the family
// (of the client's project itself for Projects).
func (c *Client) AccessControls(ctx context.Context, f Family, id string) (Object, error) {
	var o Object
	return o, c.do(ctx, http.MethodGet, c.item(f, id)+"access_controls/", nil, &o)
}

// SetAccess sets (or, with access_level nil, removes) one access control
// of an object of the family.
func (c *Client) SetAccess(ctx context.Context, f Family, id string, entry map[string]any) error {
	return c.do(ctx, http.MethodPut, c.item(f, id)+"access_controls/", entry, nil)
}

func (c *Client) collection(f Family) string {
	switch {
	case f.Organization:
		return c.base + "/api/organizations/@current/" + f.Path + "/"
	case f.Root:
		return c.base + "/api/" + f.Path + "/"
	}
	prefix := "projects"
	if f.Environments {
		prefix = "environments"
	}
	return c.base + "/api/" + prefix + "/" + url.PathEscape(c.project) + "/" + f.Path + "/"
}

func (c *Client) item(f Family, id string) string { return c.collection(f) + url.PathEscape(id) + "/" }

func (c *Client) do(ctx context.Context, method, u string, in, out any) error {
	return c.conn().Do(ctx, method, u, in, out)
}

func (c *Client) conn() posthogapi.Conn { return posthogapi.Conn{HTTP: c.http, Token: c.token} }
