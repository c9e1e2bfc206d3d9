package mockserver_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver"
	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/posthog"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// TestEmbeddedContractConformance sends a realistic request to every
// operation of the embedded contract, under both URL prefixes, and checks
// the answer: a declared status, the expected one for a good request, and a
// body that validates against the contract (the server self-checks every
// JSON response and records a failure as a violation "in response").
func TestEmbeddedContractConformance(t *testing.T) {
	t.Parallel()
	for _, prefix := range []string{"/api/environments/1", "/api/projects/1"} {
		t.Run(strings.Trim(prefix, "/"), func(t *testing.T) {
			t.Parallel()
			srv, err := mockserver.New(mockserver.Options{Seed: 7})
			if err != nil {
				t.Fatal(err)
			}
			hf := prefix + "/hog_functions/"
			fn := call(t, srv, "POST", hf, map[string]any{"name": "Webhook", "type": "destination", "hog": "fetch(inputs.url);",
				"inputs_schema": []any{map[string]any{"key": "url", "type": "string", "label": "URL", "required": true}},
				"inputs":        map[string]any{"url": map[string]any{"value": "https://example.com/hook"}}}).must(t, 201).JSON
			tr := call(t, srv, "POST", hf, map[string]any{"name": "Geo", "type": "transformation", "hog": "return event;", "enabled": true}).must(t, 201).JSON
			id, trID := fmt.Sprint(fn["id"]), fmt.Sprint(tr["id"])
			ins := call(t, srv, "POST", prefix+"/insights/", map[string]any{"name": "Weekly signups", "query": map[string]any{"kind": "InsightVizNode", "source": map[string]any{"kind": "TrendsQuery", "series": []any{map[string]any{"kind": "EventsNode", "event": "$pageview"}}}}}).must(t, 201).JSON
			insID := fmt.Sprint(ins["id"])
			cases := []struct {
				op, method, path string
				body             any
				status           int
			}{
				{"hog_functions_list", "GET", hf + "?limit=10", nil, 200},
				{"hog_functions_create", "POST", hf, map[string]any{"name": "Another", "hog": "print('hi');"}, 201},
				{"hog_functions_retrieve", "GET", hf + id + "/", nil, 200},
				{"hog_functions_update", "PUT", hf + id + "/", map[string]any{"name": "Renamed", "type": "destination", "hog": "fetch(inputs.url);"}, 200},
				{"hog_functions_partial_update", "PATCH", hf + id + "/", map[string]any{"description": "Sends events on"}, 200},
				{"hog_functions_destroy", "DELETE", hf + id + "/", nil, 405},
				{"hog_functions_invocations_create", "POST", hf + id + "/invocations/", map[string]any{"configuration": map[string]any{"hog": "fetch(inputs.url);"}, "globals": map[string]any{"event": map[string]any{"event": "$pageview", "properties": map[string]any{}}}}, 200},
				{"hog_functions_logs_retrieve", "GET", hf + id + "/logs/", nil, 200},
				{"hog_functions_metrics_retrieve", "GET", hf + id + "/metrics/", nil, 200},
				{"hog_functions_metrics_totals_retrieve", "GET", hf + id + "/metrics/totals/", nil, 200},
				{"hog_functions_icon_retrieve", "GET", hf + "icon/?id=posthog.com", nil, 200},
				{"hog_functions_icons_retrieve", "GET", hf + "icons/?query=slack", nil, 200},
				{"hog_functions_rearrange_partial_update", "PATCH", hf + "rearrange/", map[string]any{"orders": map[string]any{trID: 3}}, 200},
				{"insights_list", "GET", prefix + "/insights/?limit=5", nil, 200},
				{"insights_create", "POST", prefix + "/insights/", map[string]any{"name": "Retention"}, 201},
				{"insights_retrieve", "GET", prefix + "/insights/" + insID + "/", nil, 200},
				{"insights_update", "PUT", prefix + "/insights/" + insID + "/", map[string]any{"name": "Renamed insight"}, 200},
				{"insights_partial_update", "PATCH", prefix + "/insights/" + insID + "/", map[string]any{"description": "Signups per week"}, 200},
				{"insights_destroy", "DELETE", prefix + "/insights/" + insID + "/", nil, 405},
			}
			// Alerts and access controls (PostHog serves them, its document
			// lacks them): their requests need an insight and objects that exist.
			al := prefix + "/alerts/"
			watched := call(t, srv, "POST", prefix+"/insights/", map[string]any{"name": "Pageviews", "query": ins["query"]}).must(t, 201).JSON
			alert := call(t, srv, "POST", al, map[string]any{"insight": watched["id"], "subscribed_users": []any{1}}).must(t, 201).JSON
			alID := fmt.Sprint(alert["id"])
			level := map[string]any{"access_level": "editor"}
			cases = append(cases, []struct {
				op, method, path string
				body             any
				status           int
			}{
				{"alerts_list", "GET", al + "?insight=" + insID, nil, 200},
				{"alerts_create", "POST", al, map[string]any{"insight": watched["id"], "subscribed_users": []any{1}, "calculation_interval": "hourly"}, 201},
				{"alerts_retrieve", "GET", al + alID + "/", nil, 200},
				{"alerts_partial_update", "PATCH", al + alID + "/", map[string]any{"name": "Signups dropped"}, 200},
				{"alerts_destroy", "DELETE", al + alID + "/", nil, 204},
				{"dashboards_access_controls_retrieve", "GET", prefix + "/dashboards/1/access_controls/", nil, 200},
				{"dashboards_access_controls_update", "PUT", prefix + "/dashboards/1/access_controls/", level, 200},
				{"insights_access_controls_retrieve", "GET", prefix + "/insights/" + insID + "/access_controls/", nil, 200},
				{"insights_access_controls_update", "PUT", prefix + "/insights/" + insID + "/access_controls/", level, 200},
			}...)
			if !strings.HasPrefix(prefix, "/api/environments") {
				for _, root := range []string{"projects", "environments"} {
					cases = append(cases, []struct {
						op, method, path string
						body             any
						status           int
					}{
						{"root_" + root + "_access_controls_retrieve", "GET", "/api/" + root + "/1/access_controls/", nil, 200},
						{"root_" + root + "_access_controls_update", "PUT", "/api/" + root + "/1/access_controls/", map[string]any{"access_level": "member"}, 200},
						{"root_" + root + "_resource_access_controls_retrieve", "GET", "/api/" + root + "/1/resource_access_controls/", nil, 200},
						{"root_" + root + "_resource_access_controls_update", "PUT", "/api/" + root + "/1/resource_access_controls/", map[string]any{"access_level": "viewer", "resource": "dashboard"}, 200},
					}...)
				}
				cases = append(cases, []struct {
					op, method, path string
					body             any
					status           int
				}{
					{"feature_flags_access_controls_retrieve", "GET", prefix + "/feature_flags/1/access_controls/", nil, 200},
					{"feature_flags_access_controls_update", "PUT", prefix + "/feature_flags/1/access_controls/", level, 200},
				}...)
				// Members are addressed by their user's uuid (the mock's
				// users: Ada, the caller, and Grace).
				const members, ada, grace = "/api/organizations/@current/members/", "0196f2b1-3c4d-7e5f-a6b7-c8d9e0f1a2b3", "0196f2b1-4d5e-7f60-b7c8-d9e0f1a2b3c4"
				// A role membership names a member of the role's organisation.
				role := call(t, srv, "POST", "/api/organizations/@current/roles/", map[string]any{"name": "Conformance"}).must(t, 201).JSON
				rm := "/api/organizations/@current/roles/" + fmt.Sprint(role["id"]) + "/role_memberships/"
				first := call(t, srv, "POST", rm, map[string]any{"user_uuid": ada}).must(t, 201).JSON
				cases = append(cases, []struct {
					op, method, path string
					body             any
					status           int
				}{
					{"members_list", "GET", members + "?limit=1", nil, 200},
					{"members_scoped_api_keys_retrieve", "GET", members + ada + "/scoped_api_keys/", nil, 200},
					{"members_partial_update", "PATCH", members + grace + "/", map[string]any{"level": 1}, 200},
					{"members_update", "PUT", members + grace + "/", map[string]any{"level": 8}, 200},
					{"roles_role_memberships_create", "POST", rm, map[string]any{"user_uuid": grace}, 201},
					{"roles_role_memberships_destroy", "DELETE", rm + fmt.Sprint(first["id"]) + "/", nil, 204},
					{"members_destroy", "DELETE", members + grace + "/", nil, 204},
				}...)
			}
			seen := map[string]bool{}
			for _, tc := range cases {
				r := call(t, srv, tc.method, tc.path, tc.body)
				reqs := srv.Requests()
				got := reqs[len(reqs)-1].OperationID
				seen[got] = true
				if !strings.HasSuffix(got, tc.op) {
					t.Errorf("%s %s routed to %q, want …%s", tc.method, tc.path, got, tc.op)
				}
				if r.Status != tc.status {
					t.Errorf("%s: status %d, want %d; body %.300s", tc.op, r.Status, tc.status, r.Body)
				}
			}
			// The rest of PostHog's document: a request made from the
			// contract for each operation, which must succeed.
			ex := newExerciser(t, srv, prefix)
			for _, op := range ex.doc.Operations {
				if seen[op.ID] || strings.HasPrefix(op.ID, "environments_") != strings.HasPrefix(prefix, "/api/environments") {
					continue
				}
				ex.exercise(op)
				seen[op.ID] = true
			}
			// Every operation under this prefix was exercised.
			var missing []string
			for _, op := range operationIDs(t, srv) {
				if strings.HasPrefix(op, "environments_") == strings.HasPrefix(prefix, "/api/environments") && !seen[op] {
					missing = append(missing, op)
				}
			}
			sort.Strings(missing)
			if len(missing) > 0 {
				t.Errorf("operations not exercised: %v", missing)
			}
			noResponseViolations(t, srv)
		})
	}
}

// operationIDs lists the contract's operation ids via the coverage of a
// fresh journal: every request above was recorded with its operation.
func operationIDs(t *testing.T, srv *mockserver.Server) []string {
	t.Helper()
	return srv.OperationIDs()
}

// exerciser makes a good request for an operation from the contract
// alone: path parameters that address objects that exist, the required
// query parameters and a body generated from the request schema.
type exerciser struct {
	t      *testing.T
	srv    *mockserver.Server
	doc    *spec.Doc
	gen    *fixtures.Generator
	prefix string
	// values keeps one value per path parameter and the path before it,
	// so that a parent addressed by several operations is the same one.
	values map[string]string
}

func newExerciser(t *testing.T, srv *mockserver.Server, prefix string) *exerciser {
	t.Helper()
	doc, err := spec.Load(mockserver.Contract(), spec.LoadOptions{Behaviours: posthog.Names()})
	if err != nil {
		t.Fatal(err)
	}
	return &exerciser{t: t, srv: srv, doc: doc, gen: fixtures.NewForDocument(7, doc.T), prefix: prefix,
		values: map[string]string{"project_id": strings.TrimPrefix(strings.TrimPrefix(prefix, "/api/environments/"), "/api/projects/")}}
}

// exercise sends op's request and checks that it succeeds.
func (x *exerciser) exercise(op *spec.Operation) {
	x.t.Helper()
	path := x.path(op)
	q := url.Values{}
	for _, p := range op.Params {
		if p.In == "query" && p.Required {
			v := x.gen.Value(p.Schema, op.ID+"."+p.Name, fixtures.Request)
			switch v := v.(type) {
			case []any:
				for _, e := range v {
					q.Add(p.Name, urlPart(e))
				}
			default:
				q.Set(p.Name, urlPart(v))
			}
		}
	}
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	var body any
	var hdr []string
	if s := spec.JSONRequestSchema(op); s != nil {
		body = x.gen.Value(s, op.ID+".body", fixtures.Request)
		if obj, ok := body.(map[string]any); ok {
			for name := range obj {
				if id, ok := existingReference(name); ok {
					obj[name] = id
				}
			}
		}
	} else if form := formSchema(op); form != nil {
		// A form-only body (an upload): its fields from the schema.
		fields := url.Values{}
		obj, _ := x.gen.Value(form, op.ID+".body", fixtures.Request).(map[string]any)
		for k, v := range obj {
			fields.Set(k, urlPart(v))
		}
		body, hdr = fields.Encode(), []string{"Content-Type", "application/x-www-form-urlencoded"}
	}
	r := call(x.t, x.srv, op.Method, path, body, hdr...)
	// The declared success, or where there is none (PostHog's DELETE of a
	// soft-deleted resource declares only 405), the declared refusal.
	ok := r.Status >= 200 && r.Status <= 299
	if !strings.HasPrefix(op.Success, "2") {
		ok = r.Status != 401 && r.Status != 404 && slices.Contains(op.Statuses, strconv.Itoa(r.Status))
	}
	if !ok {
		x.t.Errorf("%s %s (%s): status %d; body %.300s", op.Method, path, op.ID, r.Status, r.Body)
	}
}

// existingReference gives a request property that names another object,
// which PostHog refuses when it does not exist, the id of a seeded one for
// a generated body to send instead.
func existingReference(name string) (any, bool) {
	switch name {
	case "linked_flag_id": // a survey's flag: seeded flag 1
		return 1.0, true
	}
	return nil, false
}

// formSchema is the schema of op's url-encoded form body, or nil.
func formSchema(op *spec.Operation) *openapi3.Schema {
	rb := op.Op.RequestBody
	if rb == nil || rb.Value == nil {
		return nil
	}
	if m := rb.Value.Content.Get("application/x-www-form-urlencoded"); m != nil && m.Schema != nil {
		return m.Schema.Value
	}
	return nil
}

// path fills op's path template: the project of the prefix, the id of an
// object of the operation's resource that exists, and a stable value made
// from the schema for any other parameter.
func (x *exerciser) path(op *spec.Operation) string {
	x.t.Helper()
	return x.fill(op, op.Path, true)
}

func (x *exerciser) fill(op *spec.Operation, template string, withID bool) string {
	x.t.Helper()
	res := op.Resource
	var b strings.Builder
	for rest := template; ; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			b.WriteString(rest)
			break
		}
		j := strings.IndexByte(rest[i:], '}') + i
		b.WriteString(rest[:i])
		name := rest[i+1 : j]
		rest = rest[j+1:]
		if withID && res != nil && name == res.IDParam {
			b.WriteString(x.existingID(op, res))
			continue
		}
		b.WriteString(url.PathEscape(x.value(op, name)))
	}
	return b.String()
}

// value is the stable value of a path parameter that is not the
// operation's own object: the id of an object that exists when the path
// before it is a resource's collection (an organization, a parent such as
// a batch export), else a value made from its schema.
func (x *exerciser) value(op *spec.Operation, name string) string {
	before := op.Path[:strings.Index(op.Path, "{"+name+"}")]
	key := before + "{" + name + "}"
	if name == "project_id" {
		key = name
	}
	if v, ok := x.values[key]; ok {
		return v
	}
	v := ""
	for _, res := range x.doc.Resources {
		if list := res.Ops[spec.RoleList]; list != nil && strings.TrimSuffix(list.Path, "/") == strings.TrimSuffix(before, "/") {
			v = x.existingID(op, res)
			break
		}
	}
	if v == "" {
		v = "1"
		if p := op.Param("path", name); p != nil && p.Schema != nil {
			v = urlPart(x.gen.Value(p.Schema, "path."+name, fixtures.Request))
		}
	}
	x.values[key] = v
	return v
}

// existingID returns the id of an object of the resource: the first one
// the state holds (seeded on first use), else one it creates.
func (x *exerciser) existingID(op *spec.Operation, res *spec.Resource) string {
	x.t.Helper()
	scope := map[string]string{}
	for _, p := range res.ScopeParams {
		scope[p] = x.value(op, p)
	}
	for _, obj := range x.srv.List(res.Name, scope) {
		if obj[res.IDField] != nil {
			return url.PathEscape(urlPart(obj[res.IDField]))
		}
	}
	if create := res.Ops[spec.RoleCreate]; create != nil {
		var body any
		if s := spec.JSONRequestSchema(create); s != nil {
			body = x.gen.Value(s, create.ID+".body", fixtures.Request)
		}
		if r := call(x.t, x.srv, "POST", x.fill(create, create.Path, false), body); r.JSON != nil && r.JSON[res.IDField] != nil {
			return url.PathEscape(urlPart(r.JSON[res.IDField]))
		}
	}
	// PostHog's document declares no body for some resources (endpoints,
	// event definitions: "No response body"): the mock keeps no state
	// for them and answers any id.
	if res.Schema == nil {
		id := "1"
		if p := op.Param("path", res.IDParam); p != nil && p.Schema != nil {
			id = urlPart(x.gen.Value(p.Schema, "id."+res.Name, fixtures.Request))
		}
		return url.PathEscape(id)
	}
	x.t.Errorf("%s: no %s object to address under %v", op.ID, res.Name, scope)
	return "1"
}

// urlPart writes a generated value as a URL part.
func urlPart(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case nil:
		return ""
	case map[string]any, []any:
		b, _ := json.Marshal(v)
		return string(b)
	default:
		return fmt.Sprint(v)
	}
}
