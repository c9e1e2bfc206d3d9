package mockserver_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
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
