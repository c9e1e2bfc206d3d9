package validate

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/internal/spec"
)

// embeddedDoc loads the embedded contract (skipping kin-openapi's
// validation of it: the contract's own tests do that).
func embeddedDoc(tb testing.TB) *spec.Doc {
	tb.Helper()
	data, err := os.ReadFile("../../openapi.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := spec.Load(data, spec.LoadOptions{Location: "openapi.yaml", SkipValidation: true, Behaviours: behaviourNames()})
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

// BenchmarkRequest validates the load test's requests: parameters, content
// type and body.
func BenchmarkRequest(b *testing.B) {
	doc := embeddedDoc(b)
	v := New(doc)
	const hog = "/api/environments/1/hog_functions/0190e5a2-6f1c-7b3a-9d4e-2c8f1a5b7e90/"
	cases := []struct {
		name, method, path, body string
		violations               int
	}{
		{"get", http.MethodGet, hog, "", 0},
		{"patch", http.MethodPatch, hog, `{"name":"n","enabled":true}`, 0},
		{"patch_invalid", http.MethodPatch, hog, `{"enabled":"notabool"}`, 1},
		{"list", http.MethodGet, "/api/environments/1/insights/?limit=10&offset=0", "", 0},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			m, ok := doc.Match(tc.method, strings.SplitN(tc.path, "?", 2)[0])
			if !ok || m.Op == nil {
				b.Fatal("no route")
			}
			r := httptest.NewRequest(tc.method, tc.path, nil)
			r.Header.Set("Content-Type", "application/json")
			body := []byte(tc.body)
			if res := v.Request(Request{HTTP: r, Op: m.Op, PathParams: m.Params, Body: body}); len(res.Violations) != tc.violations || res.Fatal != nil {
				b.Fatalf("violations %v fatal %v", res.Violations, res.Fatal)
			}
			b.ReportAllocs()
			for b.Loop() {
				v.Request(Request{HTTP: r, Op: m.Op, PathParams: m.Params, Body: bytes.Clone(body)})
			}
		})
	}
}

// BenchmarkSchema validates a full hog function as a response (what the
// engine's self-check does for every answer).
func BenchmarkSchema(b *testing.B) {
	doc := embeddedDoc(b)
	v := New(doc)
	s := doc.T.Components.Schemas["HogFunction"].Value
	obj := map[string]any{"id": "0190e5a2-6f1c-7b3a-9d4e-2c8f1a5b7e90", "type": "destination", "name": "n", "description": "",
		"created_at": "2024-07-18T09:12:44.123456Z", "updated_at": "2024-07-18T09:12:44.123456Z", "enabled": true,
		"deleted": false, "hog": "return event", "bytecode": []any{"_H", 1.0}, "inputs_schema": []any{}, "inputs": map[string]any{},
		"filters": map[string]any{}, "masking": nil, "mappings": nil, "icon_url": nil, "template": nil, "execution_order": nil}
	b.ReportAllocs()
	for b.Loop() {
		_ = v.Schema(s, obj, true, "response", "")
	}
}

const byVersionDoc = `openapi: %s
info: {title: t, version: "1"}
paths:
  /things:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string, maxLength: 40}
                count: {type: integer, minimum: 0}
                tags: {type: array, items: {type: string}}
                owner: {type: object, properties: {login: {type: string}, id: {type: integer}}}
      responses:
        "201": {description: ok}
`

// BenchmarkRequestByVersion validates the same valid request on the same
// document written as OpenAPI 3.0 and 3.1: the same cost (a 3.1 schema
// without 2020-12-only keywords is not compiled for kin-openapi's 2020-12
// validator on every call).
func BenchmarkRequestByVersion(b *testing.B) {
	for _, ver := range []string{"3.0.3", "3.1.0"} {
		b.Run(ver, func(b *testing.B) {
			doc, err := spec.Load([]byte(fmt.Sprintf(byVersionDoc, ver)), spec.LoadOptions{})
			if err != nil {
				b.Fatal(err)
			}
			m, _ := doc.Match("POST", "/things")
			v := New(doc)
			r := httptest.NewRequest("POST", "/things", nil)
			r.Header.Set("Content-Type", "application/json")
			body := []byte(`{"name":"n","count":3,"tags":["a","b"],"owner":{"login":"l","id":1}}`)
			b.ReportAllocs()
			for b.Loop() {
				if res := v.Request(Request{HTTP: r, Op: m.Op, PathParams: m.Params, Body: body}); len(res.Violations) != 0 {
					b.Fatal(res.Violations)
				}
			}
		})
	}
}
