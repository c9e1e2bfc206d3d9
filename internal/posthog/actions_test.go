package posthog_test

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver"
)

func TestInvocationsLogsMetricsTellOneStory(t *testing.T) {
	now := clock
	m := newMock(t, mockserver.Options{EmptyState: true, Now: func() time.Time { return now }})
	fn := m.createHog(map[string]any{"hog": "fetch(inputs.url, {'method': 'POST'})", "filters": map[string]any{"events": []any{map[string]any{"id": "$pageview"}}},
		"inputs_schema": []any{map[string]any{"key": "url", "type": "string"}}, "inputs": map[string]any{"url": map[string]any{"value": "https://hooks.example.com/x"}}})
	id := fn["id"].(string)
	inv := hf + id + "/invocations/"
	m.do("POST", inv, map[string]any{"globals": map[string]any{}}).want(t, 400)
	if got := string(m.do("POST", inv, map[string]any{}).want(t, 400).raw); got != `{"configuration":["This field is required."]}` {
		t.Errorf("raw serializer error %s", got)
	}
	run := func(event string) map[string]any {
		now = now.Add(time.Minute)
		return m.do("POST", inv, map[string]any{"configuration": fn, "globals": map[string]any{"event": map[string]any{"event": event}}}).want(t, 200).obj()
	}
	ok := run("$pageview")
	if ok["status"] != "success" || ok["result"] != nil {
		t.Fatalf("run %v", ok)
	}
	lines := ok["logs"].([]any)
	if lines[0].(map[string]any)["message"] != "Async function 'fetch' was mocked with arguments:" ||
		!strings.HasPrefix(lines[1].(map[string]any)["message"].(string), "fetch('https://hooks.example.com/x', {") {
		t.Errorf("logs %v", lines)
	}
	if skipped := run("$autocapture"); skipped["status"] != "skipped" {
		t.Errorf("unmatched event: %v", skipped["status"])
	}
	run("$pageview")
	tr := m.do("POST", hf+"new/invocations/", map[string]any{"configuration": map[string]any{"type": "transformation", "hog": "return event"},
		"globals": map[string]any{"event": map[string]any{"event": "$pageview", "properties": map[string]any{"a": 1}}}}).want(t, 200).obj()
	if tr["result"].(map[string]any)["event"] != "$pageview" {
		t.Errorf("transformation result %v", tr["result"])
	}
	m.do("POST", hf+"new/invocations/", map[string]any{"configuration": map[string]any{"type": "site_app", "hog": "x"},
		"globals": map[string]any{"event": map[string]any{"event": "e"}}}).want(t, 400)

	logs := m.do("GET", hf+id+"/logs/", nil).want(t, 200).obj()
	res := logs["results"].([]any)
	if logs["count"] != float64(len(res)) || len(res) != 6 { // 3 lines per run, none for the skipped run
		t.Fatalf("logs count %v len %d", logs["count"], len(res))
	}
	first := res[0].(map[string]any)
	if first["level"] != "DEBUG" || first["log_source_id"] != id || first["timestamp"].(string) < res[len(res)-1].(map[string]any)["timestamp"].(string) {
		t.Errorf("newest first, upper-case: %v", first)
	}
	if n := m.do("GET", hf+id+"/logs/?level=info&limit=3", nil).want(t, 200).obj()["count"]; n != 3.0 {
		t.Errorf("level+limit count %v", n)
	}
	if n := m.do("GET", hf+id+"/logs/?search=MOCKED", nil).want(t, 200).obj()["count"]; n != 2.0 {
		t.Errorf("search count %v", n)
	}
	inst := first["instance_id"].(string)
	if n := m.do("GET", hf+id+"/logs/?instance_id="+inst, nil).want(t, 200).obj()["count"]; n != 3.0 {
		t.Errorf("instance_id count %v", n)
	}
	m.do("GET", hf+id+"/logs/?limit=1000", nil).wantError(t, 400, "validation_error", "max_value", "Ensure this value is less than or equal to 500.", "limit")

	totals := m.do("GET", hf+id+"/metrics/totals/", nil).want(t, 200).obj()["totals"].(map[string]any)
	if totals["success"] != 2.0 || totals["other"] != 1.0 {
		t.Errorf("totals %v", totals)
	}
	byName := m.do("GET", hf+id+"/metrics/totals/?breakdown_by=name", nil).want(t, 200).obj()["totals"].(map[string]any)
	if byName["succeeded"] != 2.0 || byName["filtered"] != 1.0 {
		t.Errorf("totals by name %v", byName)
	}
	met := m.do("GET", hf+id+"/metrics/", nil).want(t, 200).obj()
	labels := met["labels"].([]any)
	if len(labels) != 8 || labels[7] != "2025-06-10" {
		t.Errorf("labels %v", labels)
	}
	sum := 0.0
	for _, s := range met["series"].([]any) {
		for _, v := range s.(map[string]any)["values"].([]any) {
			sum += v.(float64)
		}
	}
	if sum != 3 {
		t.Errorf("series add up to %v, want 3 (as totals)", sum)
	}
	hours := m.do("GET", hf+id+"/metrics/?interval=hour&after=-2h", nil).want(t, 200).obj()["labels"].([]any)
	if len(hours) != 3 || hours[0] != "2025-06-10T07:00" {
		t.Errorf("hour labels %v", hours)
	}
	m.do("GET", hf+id+"/metrics/?interval=month", nil).wantError(t, 400, "validation_error", "invalid_choice", `"month" is not a valid choice.`, "interval")
	m.do("GET", hf+"0197a3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d/logs/", nil).wantError(t, 404, "invalid_request", "not_found", "Not found.", nil)
}

func TestIcons(t *testing.T) {
	m := newMock(t, mockserver.Options{EmptyState: true})
	if got := m.do("GET", hf+"icons/", nil).want(t, 200).arr(); len(got) != 0 {
		t.Errorf("no query: %v", got)
	}
	got := m.do("GET", hf+"icons/?query=stripe", nil).want(t, 200).arr()
	if len(got) == 0 || got[0].(map[string]any)["url"] != "/api/projects/@current/hog_functions/icon/?id=stripe.com" {
		t.Errorf("icons %v", got)
	}
	r := m.do("GET", hf+"icon/?id=stripe.com", nil).want(t, 200)
	if r.header.Get("Content-Type") != "image/png" {
		t.Errorf("content type %q", r.header.Get("Content-Type"))
	}
	if _, err := png.Decode(bytes.NewReader(r.raw)); err != nil {
		t.Errorf("not a PNG: %v", err)
	}
	m.do("GET", hf+"icon/", nil).wantError(t, 400, "validation_error", "invalid_input", "id is required", nil)
}
