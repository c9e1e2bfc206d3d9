package resource

import (
	"reflect"
	"testing"

	"github.com/mockserver-go/mockserver/internal/render"
	"github.com/mockserver-go/mockserver/internal/spec/spectest"
)

const listPlanDoc = `
openapi: 3.0.3
info: {title: lists, version: "1"}
paths:
  /envelope:
    get:
      operationId: envelope
      responses:
        "200":
          description: A page.
          content:
            application/json:
              schema:
                type: object
                properties:
                  total: {type: integer}
                  prev: {type: string, nullable: true}
                  next: {type: string, nullable: true}
                  has_more: {type: boolean}
                  items: {type: array, items: {type: object}}
                  cursor: {type: string}
  /bare:
    get:
      operationId: bare
      responses:
        2XX:
          description: A bare array.
          content:
            application/json:
              schema: {type: array, items: {type: string}}
  /bounded:
    get:
      operationId: bounded
      responses:
        "200":
          description: An envelope whose items the self-check cannot split.
          content:
            application/json:
              schema:
                type: object
                properties:
                  results: {type: array, maxItems: 5, items: {type: object}}
  /xml:
    get:
      operationId: xml
      responses:
        "200":
          description: Only XML.
          content:
            application/xml:
              schema: {type: array, items: {type: string}}
`

func TestListPlan(t *testing.T) {
	t.Parallel()
	doc := spectest.Parse(t, listPlanDoc)
	checkable := 0
	e := New(Config{Doc: doc, Enc: render.NewEncoder(doc), DeltaCheckable: func(*schemaT) bool { checkable++; return true }})
	type field struct {
		Name string
		Kind EnvKind
	}
	for _, tc := range []struct {
		op        string
		code      int
		prop      string
		fields    []field
		checkable bool
		plainJSON bool
		envSchema bool
	}{
		{"envelope", 200, "items", []field{{"total", EnvCount}, {"prev", EnvPrevious}, {"next", EnvNext}, {"has_more", EnvHasMore}, {"cursor", EnvOther}}, true, true, true},
		{"bare", 200, "", nil, true, true, true},
		{"bounded", 200, "results", []field{}, false, true, true},
		{"xml", 200, "", nil, false, false, false},
	} {
		t.Run(tc.op, func(t *testing.T) {
			op, ok := doc.Operation(tc.op)
			if !ok {
				t.Fatalf("no operation %s", tc.op)
			}
			p := e.ListPlan(op)
			if p != e.ListPlan(op) {
				t.Error("ListPlan worked out twice for one operation")
			}
			fields := []field{}
			for _, f := range p.Fields {
				fields = append(fields, field{f.Name, f.Kind})
				if f.Seed != tc.op+"/"+f.Name || f.Schema == nil {
					t.Errorf("field %s: seed %q, schema %v; want %q and its schema", f.Name, f.Seed, f.Schema, tc.op+"/"+f.Name)
				}
			}
			if tc.fields == nil {
				tc.fields = []field{}
			}
			if p.Code != tc.code || p.Prop != tc.prop || !reflect.DeepEqual(fields, tc.fields) {
				t.Errorf("plan = code %d, items in %q, fields %v; want %d, %q, %v", p.Code, p.Prop, fields, tc.code, tc.prop, tc.fields)
			}
			if p.Checkable != tc.checkable || p.PlainJSON != tc.plainJSON || (p.EnvSchema != nil) != tc.envSchema {
				t.Errorf("plan = checkable %v, plain JSON %v, envelope schema %v; want %v, %v, %v",
					p.Checkable, p.PlainJSON, p.EnvSchema != nil, tc.checkable, tc.plainJSON, tc.envSchema)
			}
		})
	}
	if checkable != 3 {
		t.Errorf("DeltaCheckable asked %d times, want once per operation with a JSON answer (3)", checkable)
	}
	op, _ := doc.Operation("envelope")
	if p := New(Config{Doc: doc, Enc: render.NewEncoder(doc)}).ListPlan(op); p.EnvSchema != nil {
		t.Error("without Config.DeltaCheckable an envelope is checked in full, but the plan has an envelope schema")
	}
}
