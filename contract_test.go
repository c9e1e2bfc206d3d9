package mockserver

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/posthog"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// parseContract loads the embedded contract and resolves its references.
func parseContract(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(Contract())
	if err != nil {
		t.Fatalf("load contract: %v", err)
	}
	return doc
}

// loadContract parses and validates the embedded contract.
func loadContract(t *testing.T) *openapi3.T {
	t.Helper()
	doc := parseContract(t)
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("validate contract: %v", err)
	}
	return doc
}

func TestContractLoadsAndValidates(t *testing.T) {
	doc := loadContract(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
	if doc.Info == nil || doc.Info.Title != "PostHog API (mockserver contract)" {
		t.Errorf("unexpected info: %+v", doc.Info)
	}
	if _, ok := doc.Components.SecuritySchemes["PersonalAPIKeyAuth"]; !ok {
		t.Error("missing PersonalAPIKeyAuth security scheme")
	}
	if _, ok := doc.Extensions["x-mock-errors"]; !ok {
		t.Error("missing root x-mock-errors")
	}
	// Every $ref must be internal.
	if strings.Contains(string(Contract()), "$ref: '") {
		for _, line := range strings.Split(string(Contract()), "\n") {
			if i := strings.Index(line, "$ref: "); i >= 0 {
				ref := strings.Trim(strings.TrimSpace(line[i+len("$ref: "):]), `'"`)
				if !strings.HasPrefix(ref, "#/components/") {
					t.Errorf("external or non-component $ref %q", ref)
				}
			}
		}
	}
}

// toJSON converts a decoded example into plain JSON values.
func toJSON(t *testing.T, where string, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%s: marshal example: %v", where, err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: unmarshal example: %v", where, err)
	}
	return out
}

type exampleChecker struct {
	t       *testing.T
	checked int
	// visited schemas per direction, so recursive schemas terminate.
	seen map[string]map[*openapi3.Schema]bool
}

func (c *exampleChecker) opts(response bool) []openapi3.SchemaValidationOption {
	dir := openapi3.VisitAsRequest()
	if response {
		dir = openapi3.VisitAsResponse()
	}
	return []openapi3.SchemaValidationOption{dir, openapi3.EnableFormatValidation(), openapi3.MultiErrors()}
}

func (c *exampleChecker) check(where string, schema *openapi3.Schema, value any, response bool) {
	c.t.Helper()
	c.checked++
	if schema == nil {
		c.t.Errorf("%s: example without a schema", where)
		return
	}
	if err := schema.VisitJSON(toJSON(c.t, where, value), c.opts(response)...); err != nil {
		c.t.Errorf("%s: example does not match its schema: %v", where, err)
	}
}

// schemaExamples checks the `example` of a schema and of every schema under it.
func (c *exampleChecker) schemaExamples(where string, ref *openapi3.SchemaRef, response bool) {
	if ref == nil || ref.Value == nil {
		return
	}
	s := ref.Value
	dir := "request"
	if response {
		dir = "response"
	}
	if c.seen[dir] == nil {
		c.seen[dir] = map[*openapi3.Schema]bool{}
	}
	if c.seen[dir][s] {
		return
	}
	c.seen[dir][s] = true
	if ref.Ref != "" {
		where = ref.Ref
	}
	if s.Example != nil {
		c.check(where+".example", s, s.Example, response)
	}
	for _, name := range sortedKeys(s.Properties) {
		c.schemaExamples(where+".properties."+name, s.Properties[name], response)
	}
	c.schemaExamples(where+".items", s.Items, response)
	if s.AdditionalProperties.Schema != nil {
		c.schemaExamples(where+".additionalProperties", s.AdditionalProperties.Schema, response)
	}
	for kw, list := range map[string]openapi3.SchemaRefs{"allOf": s.AllOf, "anyOf": s.AnyOf, "oneOf": s.OneOf} {
		for i, sub := range list {
			c.schemaExamples(fmt.Sprintf("%s.%s[%d]", where, kw, i), sub, response)
		}
	}
	c.schemaExamples(where+".not", s.Not, response)
}

func (c *exampleChecker) content(where string, content openapi3.Content, response bool) {
	for _, mt := range sortedKeys(content) {
		m := content[mt]
		w := where + ".content." + mt
		var schema *openapi3.Schema
		if m.Schema != nil {
			schema = m.Schema.Value
		}
		if m.Example != nil {
			c.check(w+".example", schema, m.Example, response)
		}
		for _, name := range sortedKeys(m.Examples) {
			if ex := m.Examples[name]; ex != nil && ex.Value != nil {
				c.check(w+".examples."+name, schema, ex.Value.Value, response)
			}
		}
		c.schemaExamples(w+".schema", m.Schema, response)
	}
}

func (c *exampleChecker) parameter(where string, p *openapi3.Parameter) {
	w := where + ".parameters." + p.In + "." + p.Name
	var schema *openapi3.Schema
	if p.Schema != nil {
		schema = p.Schema.Value
	}
	if p.Example != nil {
		c.check(w+".example", schema, p.Example, false)
	}
	for _, name := range sortedKeys(p.Examples) {
		if ex := p.Examples[name]; ex != nil && ex.Value != nil {
			c.check(w+".examples."+name, schema, ex.Value.Value, false)
		}
	}
	c.schemaExamples(w+".schema", p.Schema, false)
	c.content(w, p.Content, false)
}

func TestContractExamplesMatchSchemas(t *testing.T) {
	// Not loadContract: doc.Validate stops at the first bad example, while
	// this test reports every bad example with its path.
	doc := parseContract(t)
	c := &exampleChecker{t: t, seen: map[string]map[*openapi3.Schema]bool{}}
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for _, p := range item.Parameters {
			c.parameter("paths."+path, p.Value)
		}
		for method, op := range item.Operations() {
			where := "paths." + path + "." + strings.ToLower(method)
			for _, p := range op.Parameters {
				c.parameter(where, p.Value)
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				c.content(where+".requestBody", op.RequestBody.Value.Content, false)
			}
			for status, r := range op.Responses.Map() {
				if r.Value == nil {
					continue
				}
				w := where + ".responses." + status
				c.content(w, r.Value.Content, true)
				for _, name := range sortedKeys(r.Value.Headers) {
					h := r.Value.Headers[name]
					if h.Value != nil && h.Value.Example != nil {
						var schema *openapi3.Schema
						if h.Value.Schema != nil {
							schema = h.Value.Schema.Value
						}
						c.check(w+".headers."+name+".example", schema, h.Value.Example, true)
					}
				}
			}
		}
	}
	if c.checked < 50 {
		t.Errorf("only %d examples checked; expected the contract to be richly exemplified", c.checked)
	}
	t.Logf("%d examples checked", c.checked)
}

// TestContractWriteOnlyFieldsAbsentFromResponses double-checks §8 item 1 on the response examples.
func TestContractWriteOnlyFieldsAbsentFromResponses(t *testing.T) {
	doc := loadContract(t)
	hf := doc.Components.Schemas["HogFunction"].Value
	for _, f := range []string{"deleted", "template_id", "_create_in_folder"} {
		p := hf.Properties[f]
		if p == nil || !p.Value.WriteOnly {
			t.Errorf("HogFunction.%s must be writeOnly", f)
		}
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Value(path).Operations() {
			if !strings.Contains(path, "hog_functions") {
				continue
			}
			for status, r := range op.Responses.Map() {
				if !strings.HasPrefix(status, "2") {
					continue
				}
				for _, mt := range r.Value.Content {
					var values []any
					if mt.Example != nil {
						values = append(values, mt.Example)
					}
					for _, ex := range mt.Examples {
						values = append(values, ex.Value.Value)
					}
					for _, v := range values {
						for _, f := range []string{"deleted", "template_id", "_create_in_folder"} {
							if hasKey(toJSON(t, path, v), f) {
								t.Errorf("%s %s %s: response example contains write-only %q", method, path, status, f)
							}
						}
					}
				}
			}
		}
	}
}

// hasKey reports whether any object inside v has the key k.
func hasKey(v any, k string) bool {
	switch x := v.(type) {
	case map[string]any:
		for key, e := range x {
			if key == k || hasKey(e, k) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if hasKey(e, k) {
				return true
			}
		}
	}
	return false
}

var contractBehaviours = map[string]bool{
	"posthog.invocations":     true,
	"posthog.logs":            true,
	"posthog.metrics":         true,
	"posthog.metrics_totals":  true,
	"posthog.icons":           true,
	"posthog.icon":            true,
	"posthog.rearrange":       true,
	"posthog.access_controls": true,
	"posthog.members":         true,
}

// contractOperations is the number of operations of the embedded
// contract: PostHog's whole document (827) and the 36 it lacks that the
// overlay adds (alerts, access controls, project and environment settings).
const contractOperations = 863

func TestContractOperations(t *testing.T) {
	doc := loadContract(t)
	type want struct {
		method, path, op, behaviour string
	}
	ops := []want{
		{http.MethodGet, "hog_functions/", "hog_functions_list", ""},
		{http.MethodPost, "hog_functions/", "hog_functions_create", ""},
		{http.MethodGet, "hog_functions/{id}/", "hog_functions_retrieve", ""},
		{http.MethodPut, "hog_functions/{id}/", "hog_functions_update", ""},
		{http.MethodPatch, "hog_functions/{id}/", "hog_functions_partial_update", ""},
		{http.MethodDelete, "hog_functions/{id}/", "hog_functions_destroy", ""},
		{http.MethodPost, "hog_functions/{id}/invocations/", "hog_functions_invocations_create", "posthog.invocations"},
		{http.MethodGet, "hog_functions/{id}/logs/", "hog_functions_logs_retrieve", "posthog.logs"},
		{http.MethodGet, "hog_functions/{id}/metrics/", "hog_functions_metrics_retrieve", "posthog.metrics"},
		{http.MethodGet, "hog_functions/{id}/metrics/totals/", "hog_functions_metrics_totals_retrieve", "posthog.metrics_totals"},
		{http.MethodGet, "hog_functions/icon/", "hog_functions_icon_retrieve", "posthog.icon"},
		{http.MethodGet, "hog_functions/icons/", "hog_functions_icons_retrieve", "posthog.icons"},
		{http.MethodPatch, "hog_functions/rearrange/", "hog_functions_rearrange_partial_update", "posthog.rearrange"},
		{http.MethodGet, "insights/", "insights_list", ""},
		{http.MethodPost, "insights/", "insights_create", ""},
		{http.MethodGet, "insights/{id}/", "insights_retrieve", ""},
		{http.MethodPut, "insights/{id}/", "insights_update", ""},
		{http.MethodPatch, "insights/{id}/", "insights_partial_update", ""},
		{http.MethodDelete, "insights/{id}/", "insights_destroy", ""},
	}
	prefixes := map[string]string{"/api/environments/{project_id}/": "environments_", "/api/projects/{project_id}/": ""}
	for prefix, opPrefix := range prefixes {
		for _, w := range ops {
			path, opID := prefix+w.path, opPrefix+w.op
			t.Run(w.method+" "+path, func(t *testing.T) {
				item := doc.Paths.Value(path)
				if item == nil {
					t.Fatalf("path %s missing", path)
				}
				op := item.GetOperation(w.method)
				if op == nil {
					t.Fatalf("%s %s missing", w.method, path)
				}
				if op.OperationID != opID {
					t.Errorf("operationId = %q, want %q", op.OperationID, opID)
				}
				got, _ := op.Extensions["x-mock-behaviour"].(string)
				if got != w.behaviour {
					t.Errorf("x-mock-behaviour = %q, want %q", got, w.behaviour)
				}
				if op.Security == nil || len(*op.Security) == 0 {
					t.Errorf("no security requirement")
				}
				if _, ok := op.Extensions["x-required-scope"]; !ok {
					t.Errorf("no x-required-scope note")
				}
				if w.method == http.MethodDelete {
					r := op.Responses.Status(http.StatusMethodNotAllowed)
					if r == nil || len(r.Value.Content) != 0 {
						t.Errorf("DELETE must declare 405 without content")
					}
				}
				if op.RequestBody != nil {
					if op.Responses.Status(http.StatusUnsupportedMediaType) == nil {
						t.Errorf("operation with a body must declare 415")
					}
				}
				r429 := op.Responses.Status(http.StatusTooManyRequests)
				if r429 == nil || r429.Value.Headers["Retry-After"] == nil {
					t.Errorf("429 with Retry-After header missing")
				}
			})
		}
	}
	// Resources share their store under both prefixes.
	for prefix := range prefixes {
		for coll, name := range map[string]string{"hog_functions/": "hog_functions", "insights/": "insights"} {
			item := doc.Paths.Value(prefix + coll)
			res, _ := item.Extensions["x-mock-resource"].(map[string]any)
			if res == nil || res["name"] != name {
				t.Errorf("%s%s: x-mock-resource name = %v, want %s", prefix, coll, res, name)
			}
		}
	}

	// Every operation: unique operationId, 401 and 404 declared, known behaviour.
	ids := map[string]string{}
	count := 0
	for _, path := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Value(path).Operations() {
			count++
			where := method + " " + path
			if op.OperationID == "" {
				t.Errorf("%s: no operationId", where)
			} else if prev, dup := ids[op.OperationID]; dup {
				t.Errorf("%s: operationId %q already used by %s", where, op.OperationID, prev)
			}
			ids[op.OperationID] = where
			for _, status := range []int{http.StatusUnauthorized, http.StatusNotFound} {
				if op.Responses.Status(status) == nil {
					t.Errorf("%s: no %d response", where, status)
				}
			}
			if b, ok := op.Extensions["x-mock-behaviour"]; ok {
				name, _ := b.(string)
				if !contractBehaviours[name] {
					t.Errorf("%s: unknown x-mock-behaviour %v", where, b)
				}
			}
		}
	}
	// PostHog's whole document and what the overlay adds, of which the
	// hog-function and insight ones checked above are corrected in depth.
	if count != contractOperations {
		t.Errorf("%d operations, want %d", count, contractOperations)
	}
}

// collectDivergences walks the JSON form of the document for x-divergence notes.
func collectDivergences(v any, where string, out map[string]any) {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range sortedKeys(x) {
			if k == "x-divergence" {
				out[where] = x[k]
				continue
			}
			collectDivergences(x[k], where+"/"+k, out)
		}
	case []any:
		for i, e := range x {
			collectDivergences(e, fmt.Sprintf("%s/%d", where, i), out)
		}
	}
}

func TestContractDivergenceNotes(t *testing.T) {
	doc := loadContract(t)
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var raw any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	notes := map[string]any{}
	collectDivergences(raw, "#", notes)
	for where, n := range notes {
		s, ok := n.(string)
		if !ok || strings.TrimSpace(s) == "" {
			t.Errorf("%s: x-divergence must be a non-empty string, got %#v", where, n)
			continue
		}
		if !strings.Contains(s, "§") {
			t.Errorf("%s: x-divergence should cite a section of the reference: %q", where, s)
		}
	}
	if len(notes) < 20 {
		t.Errorf("%d x-divergence notes, want at least 20", len(notes))
	}
	// Each of the 25 items of §8 is cited at least once.
	text := string(Contract())
	for i := 1; i <= 25; i++ {
		if !strings.Contains(text, fmt.Sprintf("item %d:", i)) && !strings.Contains(text, fmt.Sprintf("item %d ", i)) {
			t.Errorf("no x-divergence cites §8 item %d", i)
		}
	}
	t.Logf("%d x-divergence notes", len(notes))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestContractMockExtensions(t *testing.T) {
	doc := loadContract(t)
	b, err := json.Marshal(doc.Extensions["x-mock-errors"])
	if err != nil {
		t.Fatal(err)
	}
	var errs struct {
		Body  map[string]string         `json:"body"`
		Kinds map[string]map[string]any `json:"kinds"`
		Codes map[string]string         `json:"codes"`
	}
	if err := json.Unmarshal(b, &errs); err != nil {
		t.Fatalf("x-mock-errors: %v", err)
	}
	for _, attr := range []string{"type", "code", "detail", "attr"} {
		if errs.Body[attr] != attr {
			t.Errorf("x-mock-errors.body.%s = %q", attr, errs.Body[attr])
		}
	}
	wantCodes := map[string]string{
		"required": "required", "enum": "invalid_choice", "maxLength": "max_length", "minLength": "min_length",
		"maximum": "max_value", "minimum": "min_value", "type": "invalid_input", "format": "invalid_input", "null": "null",
	}
	for k, v := range wantCodes {
		if errs.Codes[k] != v {
			t.Errorf("x-mock-errors.codes.%s = %q, want %q", k, errs.Codes[k], v)
		}
	}
	wantDetails := map[string]string{
		"not_found":          "Not found.",
		"endpoint_not_found": "Endpoint not found.",
		"not_authenticated":  "Authentication credentials were not provided.",
		"permission_denied":  "API key missing required scope '{scope}'",
	}
	for kind, detail := range wantDetails {
		if got := errs.Kinds[kind]["detail"]; got != detail {
			t.Errorf("x-mock-errors.kinds.%s.detail = %v, want %q", kind, got, detail)
		}
	}

	params := doc.Components.Parameters
	for _, name := range []string{"Limit", "Offset"} {
		if got := params[name].Value.Extensions["x-mock-on-invalid"]; got != "ignore" {
			t.Errorf("%s: x-mock-on-invalid = %v, want ignore", name, got)
		}
	}
	for _, name := range []string{"ProjectId", "EnvironmentProjectId"} {
		p := params[name].Value
		if p.Schema.Value.Pattern != `^(\d+|@current)$` {
			t.Errorf("%s: pattern = %q", name, p.Schema.Value.Pattern)
		}
		oi, _ := p.Extensions["x-mock-on-invalid"].(map[string]any)
		if oi == nil || oi["detail"] != "Project not found." {
			t.Errorf("%s: x-mock-on-invalid = %v", name, p.Extensions["x-mock-on-invalid"])
		}
	}
	if p := params["HogFunctionId"].Value; p.Schema.Value.Format != "uuid" || p.Extensions["x-mock-on-invalid"] != "not-found" {
		t.Errorf("HogFunctionId: format %q, x-mock-on-invalid %v", p.Schema.Value.Format, p.Extensions["x-mock-on-invalid"])
	}
	if p := params["InsightId"].Value; !p.Schema.Value.Type.Is(openapi3.TypeInteger) || p.Extensions["x-mock-on-invalid"] != "not-found" {
		t.Errorf("InsightId: type %v, x-mock-on-invalid %v", p.Schema.Value.Type, p.Extensions["x-mock-on-invalid"])
	}

	// Every x-mock-filter names a known operator.
	ops := map[string]bool{"eq": true, "in": true, "search": true, "contains": true, "contains-any": true, "none": true}
	for name, p := range params {
		f, ok := p.Value.Extensions["x-mock-filter"].(map[string]any)
		if !ok {
			continue
		}
		if op, _ := f["op"].(string); !ops[op] {
			t.Errorf("%s: unknown x-mock-filter op %v", name, f["op"])
		}
	}
}

// TestEmbeddedContractLoadsCleanWithoutSkipping: New skips kin-openapi's
// validation for the embedded contract (spec.LoadOptions.SkipValidation);
// that is sound only while validating it finds nothing.
func TestEmbeddedContractLoadsCleanWithoutSkipping(t *testing.T) {
	doc, err := spec.Load(Contract(), spec.LoadOptions{Behaviours: posthog.Names()})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Warnings) != 0 {
		t.Errorf("the embedded contract loads with warnings: %q", doc.Warnings)
	}
}

// TestContractSeededValuesArePlausible: the data the mock makes for the
// whole contract means what its names say: a rollout percentage is 0-100,
// a count is not negative, and nothing is updated before it was created.
func TestContractSeededValuesArePlausible(t *testing.T) {
	srv, err := New(Options{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]bool{"count": true, "click_count": true, "console_log_count": true, "row_count": true, "sample_count": true, "records_total_count": true, "recording_duration": true}
	checked := map[string]int{}
	var walk func(where string, v any)
	walk = func(where string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				n, isNum := e.(float64)
				switch {
				case k == "rollout_percentage" && isNum:
					checked[k]++
					if n < 0 || n > 100 {
						t.Errorf("%s.%s = %v, want 0-100", where, k, n)
					}
				case counts[k] && isNum:
					checked["count"]++
					if n < 0 {
						t.Errorf("%s.%s = %v, want >= 0", where, k, n)
					}
				}
				walk(where+"."+k, e)
			}
			created, _ := x["created_at"].(string)
			updated, _ := x["updated_at"].(string)
			if c, err1 := time.Parse(time.RFC3339Nano, created); err1 == nil {
				if u, err2 := time.Parse(time.RFC3339Nano, updated); err2 == nil {
					checked["created_at <= updated_at"]++
					if u.Before(c) {
						t.Errorf("%s: updated_at %s before created_at %s", where, updated, created)
					}
				}
			}
		case []any:
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", where, i), e)
			}
		}
	}
	doc := srv.docs[0].eng.Doc()
	for name, res := range doc.Resources {
		scope := map[string]string{}
		for _, p := range res.ScopeParams {
			scope[p] = "1"
		}
		for i, obj := range srv.List(name, scope) {
			walk(fmt.Sprintf("%s[%d]", name, i), obj)
		}
	}
	// The generated answers of operations without a resource, too.
	for _, path := range []string{"/api/projects/1/session_recordings/", "/api/environments/1/batch_exports/"} {
		r := httptest.NewRecorder()
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Authorization", "Bearer phx_test")
		srv.ServeHTTP(r, req)
		var v any
		if err := json.Unmarshal(r.Body.Bytes(), &v); err != nil {
			t.Fatalf("%s: %d %s", path, r.Code, r.Body)
		}
		walk(path, v)
	}
	for _, what := range []string{"rollout_percentage", "count", "created_at <= updated_at"} {
		if checked[what] == 0 {
			t.Errorf("no %s checked: the test no longer sees the data it is about", what)
		}
	}
	t.Logf("checked: %v", checked)
}
