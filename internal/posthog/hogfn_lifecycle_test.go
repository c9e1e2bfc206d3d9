package posthog_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
)

func TestHogFunctionUpdateRules(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	fn := m.createHog(map[string]any{"hog": "fetch(inputs.url)", "name": "a"})
	id := fn["id"].(string)
	m.do("PATCH", hf+id+"/", map[string]any{"type": "transformation"}).
		wantError(t, 400, "validation_error", "invalid_input", "Cannot modify the type of an existing function", "type")
	up := m.do("PATCH", hf+id, map[string]any{"template_id": "template-slack", "name": " b "}).want(t, 200).obj()
	if up["template"] != nil || up["name"] != "b" {
		t.Errorf("template_id must be ignored on update and name trimmed: %v %v", up["template"], up["name"])
	}
}

func TestHogFunctionSoftDeleteAndDelete405(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	a := m.createHog(map[string]any{"type": "transformation", "hog": "return event", "enabled": true})
	b := m.createHog(map[string]any{"type": "transformation", "hog": "return event", "enabled": true})
	id := a["id"].(string)
	r := m.do("PATCH", hf+id+"/", map[string]any{"deleted": true}).want(t, 200)
	if strings.Contains(string(r.raw), `"deleted"`) {
		t.Error("deleted returned")
	}
	m.do("GET", hf+id+"/", nil).wantError(t, 404, "invalid_request", "not_found", "Not found.", nil)
	m.do("PATCH", hf+id+"/", map[string]any{"deleted": true}).wantError(t, 404, "invalid_request", "not_found", "Not found.", nil)
	if n := m.do("GET", hf, nil).want(t, 200).obj()["count"]; n != 1.0 {
		t.Errorf("count after soft delete %v", n)
	}
	back := m.do("PATCH", hf+id+"/", map[string]any{"deleted": false}).want(t, 200).obj()
	if back["execution_order"] != b["execution_order"].(float64)+1 {
		t.Errorf("undeleted transformation should move last: %v (other %v)", back["execution_order"], b["execution_order"])
	}
	// re-enabling moves last too
	m.do("PATCH", hf+b["id"].(string)+"/", map[string]any{"enabled": false}).want(t, 200)
	re := m.do("PATCH", hf+b["id"].(string)+"/", map[string]any{"enabled": true}).want(t, 200).obj()
	if re["execution_order"] != back["execution_order"].(float64)+1 {
		t.Errorf("re-enabled transformation order %v", re["execution_order"])
	}
	for _, target := range []string{id, "0197a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d"} {
		d := m.do("DELETE", hf+target+"/", nil).want(t, 405)
		if len(d.raw) != 0 || d.header.Get("Content-Type") != "" {
			t.Errorf("DELETE body %q type %q", d.raw, d.header.Get("Content-Type"))
		}
		if d.header.Get("Allow") != "GET, PUT, PATCH, DELETE, HEAD" {
			t.Errorf("Allow %q", d.header.Get("Allow"))
		}
	}
	m.do("DELETE", hf+id+"/", nil, "Authorization", "").
		wantError(t, 401, "authentication_error", "not_authenticated", "Authentication credentials were not provided.", nil)
}

func TestHogFunctionListShapeOrderAndFilters(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	d1 := m.createHog(map[string]any{"hog": "x", "name": "Slack alerts", "filters": map[string]any{"filter_test_accounts": true}})
	t1 := m.createHog(map[string]any{"type": "transformation", "hog": "return event", "name": "GeoIP", "enabled": true})
	t2 := m.createHog(map[string]any{"type": "transformation", "hog": "return event", "name": "Drop bots", "execution_order": 0})
	r := m.do("GET", hf, nil).want(t, 200)
	res := r.obj()["results"].([]any)
	var ids []string
	for _, x := range res {
		ids = append(ids, x.(map[string]any)["id"].(string))
	}
	if strings.Join(ids, ",") != strings.Join([]string{t2["id"].(string), t1["id"].(string), d1["id"].(string)}, ",") {
		t.Errorf("order %v", ids)
	}
	first := res[0].(map[string]any)
	if len(first) != 14 || first["bytecode"] != nil || first["inputs"] != nil {
		t.Errorf("minimal object has %d keys: %v", len(first), first)
	}
	count := func(q string) any {
		return m.do("GET", hf+"?"+q, nil).want(t, 200).obj()["count"]
	}
	tests := map[string]float64{"type=destination,transformation": 3, "type=transformation": 2, "type=nope": 0,
		"enabled=true": 1, "enabled=true,false": 3, "search=slack%20ALERTS": 1, "search=geo": 1,
		"id=" + d1["id"].(string): 1, "created_by=1": 3, "created_by=2": 0,
		"filters=" + url.QueryEscape(`{"filter_test_accounts":true}`):                             1,
		"filter_groups=" + url.QueryEscape(`[{"filter_test_accounts":true},{"source":"events"}]`): 3}
	for q, want := range tests {
		if got := count(q); got != want {
			t.Errorf("%s: count %v, want %v", q, got, want)
		}
	}
	m.do("GET", hf+"?filters=nope", nil).wantError(t, 400, "validation_error", "invalid_input", "Invalid filters", "filters")
	m.do("GET", hf+"?id=nope", nil).wantError(t, 400, "validation_error", "invalid_input", "Enter a valid UUID.", "id")
}

func TestHogFunctionSeedsAreRealistic(t *testing.T) {
	m := newMock(t, mockserver.Options{Seed: 7})
	res := m.do("GET", hf, nil).want(t, 200).obj()["results"].([]any)
	if len(res) != 3 {
		t.Fatalf("%d seeded", len(res))
	}
	var names []string
	for _, x := range res {
		names = append(names, x.(map[string]any)["name"].(string))
	}
	joined := strings.Join(names, ",")
	if !strings.Contains(joined, "Webhook to Slack") || !strings.Contains(joined, "GeoIP") {
		t.Errorf("seeded names %v", names)
	}
	for _, x := range res {
		id := x.(map[string]any)["id"].(string)
		fn := m.do("GET", hf+id+"/", nil).want(t, 200).obj()
		if !strings.Contains(fn["hog"].(string), "fetch(") && fn["type"] != "transformation" {
			t.Errorf("seeded destination without fetch: %v", fn["hog"])
		}
	}
}

func TestRearrange(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	a := m.createHog(map[string]any{"type": "transformation", "hog": "return event"})
	b := m.createHog(map[string]any{"type": "transformation", "hog": "return event"})
	d := m.createHog(map[string]any{"hog": "fetch(inputs.url)"})
	const ra = hf + "rearrange/"
	m.do("PATCH", ra, map[string]any{"orders": map[string]any{}}).wantError(t, 400, "validation_error", "invalid_input", "No orders provided", nil)
	m.do("PATCH", ra, map[string]any{}).wantError(t, 400, "validation_error", "invalid_input", "No orders provided", nil)
	m.do("PATCH", ra, map[string]any{"orders": map[string]any{d["id"].(string): 1}}).
		wantError(t, 400, "validation_error", "invalid_input", "HogFunction with id "+d["id"].(string)+" does not exist", nil)
	arr := m.do("PATCH", ra, map[string]any{"orders": map[string]any{a["id"].(string): 5, b["id"].(string): 2}}).want(t, 200).arr()
	if len(arr) != 2 || arr[0].(map[string]any)["id"] != b["id"] || arr[1].(map[string]any)["execution_order"] != 5.0 {
		t.Fatalf("rearranged %v", arr)
	}
	if _, ok := arr[0].(map[string]any)["bytecode"]; !ok {
		t.Error("rearrange answers full objects")
	}
}
