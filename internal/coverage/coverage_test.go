package coverage

import (
	"reflect"
	"testing"

	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/spec"
)

func TestStatusHit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key  string
		seen map[string]int
		want bool
	}{
		{"200", map[string]int{"200": 1}, true},
		{"200", map[string]int{"201": 1}, false},
		{"200", nil, false},
		{"4XX", map[string]int{"404": 2}, true},
		{"4xx", map[string]int{"429": 1}, true},
		{"4XX", map[string]int{"500": 1, "200": 3}, false},
		{"4XX", map[string]int{"404": 0}, false},
		{"5XX", map[string]int{"5XX": 1}, true},
	}
	for _, tt := range tests {
		if got := statusHit(tt.key, tt.seen); got != tt.want {
			t.Errorf("statusHit(%q, %v) = %v, want %v", tt.key, tt.seen, got, tt.want)
		}
	}
}

// ranges declares statuses by range and default, and parameters in every
// place: the coverage counts what the contract declares, nothing else.
const ranges = `openapi: 3.0.3
info: {title: Ranges, version: "1"}
paths:
  /items/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    get:
      operationId: item_get
      parameters:
        - {name: fields, in: query, schema: {type: string}}
        - {name: X-Trace, in: header, schema: {type: string}}
        - {name: session, in: cookie, schema: {type: string}}
      responses:
        "200": {description: ok}
        "4XX": {description: client error}
        default: {description: anything else}
  /ping:
    get:
      operationId: ping
      responses:
        "204": {description: pong}
`

func TestTally(t *testing.T) {
	t.Parallel()
	doc, err := spec.Load([]byte(ranges), spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := journal.Coverage{
		Calls:    map[string]int{"item_get": 4, "ping": 1},
		Statuses: map[string]map[string]int{"item_get": {"200": 1, "404": 2, "503": 1}, "ping": {"200": 1}},
		Params:   map[string]map[string]int{"item_get": {"path:id": 4, "query:fields": 1, "query:extra": 2}},
	}
	ops, cov := tally(doc, c)
	if len(ops) != 2 {
		t.Fatalf("%d operations", len(ops))
	}
	item, ping := ops[0], ops[1]
	tests := []struct {
		name      string
		got, want any
	}{
		{"item_get statuses never", item.StatusesNever, []string(nil)},
		// 503 goes through default: declared; ping's 200 has no declaration.
		{"item_get undeclared", item.Undeclared, []string(nil)},
		{"ping undeclared", ping.Undeclared, []string{"200"}},
		{"ping statuses never", ping.StatusesNever, []string{"204"}},
		// Path parameters are implied by the operation; a parameter the
		// contract lacks is still reported as sent.
		{"item_get params", item.Params, map[string]int{"query:fields": 1, "query:extra": 2}},
		// Cookies are not counted.
		{"item_get params never", item.ParamsNever, []string{"header:X-Trace"}},
		{"ping params", ping.Params, map[string]int(nil)},
		{"operations", cov.Operations.Never, []string{}},
		{"statuses (default is not a status to cover)", [2]int{cov.Statuses.Covered, cov.Statuses.Total}, [2]int{2, 3}},
		{"statuses never", cov.Statuses.Never, []string{"ping 204"}},
		{"statuses percent", cov.Statuses.Percent, 66.7},
		{"params", [2]int{cov.Params.Covered, cov.Params.Total}, [2]int{1, 2}},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s = %#v, want %#v", tt.name, tt.got, tt.want)
		}
	}
	// The report's counts are its own: a later journal write must not
	// change them.
	c.Statuses["item_get"]["200"] = 99
	if item.Statuses["200"] != 1 {
		t.Errorf("the report shares the journal's counts")
	}
}
