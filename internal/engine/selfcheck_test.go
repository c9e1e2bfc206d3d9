package engine

import (
	"testing"

	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/plugin"
)

// An answer without a body is still checked for its status: an undeclared
// one is recorded (and is a 500 with StrictResponses).
func TestSelfCheckEmptyBodyStatus(t *testing.T) {
	doc := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /jobs:
    post:
      x-mock-behaviour: test.accept
      responses: {'200': {description: ok}}
  /done:
    post:
      x-mock-behaviour: test.done
      responses: {'204': {description: done}}
`
	d, err := spec.Load([]byte(doc), spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	behaviours := map[string]plugin.Behaviour{
		"test.accept": func(plugin.Call) (*plugin.Response, error) { return &plugin.Response{Status: 202}, nil },
		"test.done":   func(plugin.Call) (*plugin.Response, error) { return &plugin.Response{Status: 204}, nil },
	}
	for _, strict := range []bool{false, true} {
		e, err := New(Config{Doc: d, SelfCheck: true, StrictResponses: strict, Behaviours: behaviours})
		if err != nil {
			t.Fatal(err)
		}
		resp, ex := send(e, "POST", "/jobs", "")
		if len(ex.Violations) != 1 || ex.Violations[0].Code != "undeclared_status" || ex.Violations[0].Got != "202" {
			t.Errorf("strict=%v: violations %+v", strict, ex.Violations)
		}
		if want := map[bool]int{false: 202, true: 500}[strict]; resp.Status != want {
			t.Errorf("strict=%v: status %d, want %d", strict, resp.Status, want)
		}
		resp, ex = send(e, "POST", "/done", "")
		if resp.Status != 204 || len(ex.Violations) != 0 {
			t.Errorf("declared empty answer: %d %+v", resp.Status, ex.Violations)
		}
	}
}
