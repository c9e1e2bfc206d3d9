package validate

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// versionDoc is one document written for OpenAPI 3.0 and 3.1: %[1]s is the
// version, %[2]s a nullable string, %[3]s an exclusive minimum of 0 and
// %[4]s extra keywords of the body schema.
const versionDoc = `openapi: %[1]s
info: {title: t, version: "1"}
paths:
  /things:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer, minimum: 1}}
        - {name: kind, in: query, schema: {type: string, enum: [a, b]}}
      responses:
        "200": {description: ok}
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [id, name, status]
              %[4]s
              properties:
                id: {type: integer, readOnly: true}
                secret: {type: string, writeOnly: true}
                name: {type: string, minLength: 2, maxLength: 5, pattern: "^[a-z]+$"}
                status: {type: string, enum: [open, closed]}
                note: %[2]s
                count: {type: integer, minimum: 1, maximum: 10, multipleOf: 2}
                ratio: {type: number, %[3]s, exclusiveMaximum: 1}
                email: {type: string, format: email}
                when: {type: string, format: date-time}
                tags: {type: array, items: {type: string}, minItems: 1, maxItems: 2, uniqueItems: true}
                labels: {type: object, minProperties: 1, maxProperties: 2, additionalProperties: {type: integer}}
                owner:
                  type: object
                  required: [login]
                  properties:
                    login: {type: string}
                    team: {type: object, required: [slug], properties: {slug: {type: string}}}
                pet:
                  oneOf:
                    - {type: object, required: [bark], properties: {bark: {type: boolean}}, additionalProperties: false}
                    - {type: object, required: [meow], properties: {meow: {type: boolean}}, additionalProperties: false}
                shape:
                  oneOf:
                    - {type: object, properties: {side: {type: number}}}
                    - {type: object, properties: {radius: {type: number}}}
                any:
                  anyOf:
                    - {type: integer}
                    - {type: boolean}
                both:
                  allOf:
                    - {type: object, required: [a], properties: {a: {type: string}}}
                    - {type: object, required: [b], properties: {b: {type: integer}}}
                other: {not: {type: string}}
      responses:
        "201": {description: ok}
`

// versions are the same document as OpenAPI 3.0, as 3.1, and as 3.1 with a
// keyword (propertyNames, which admits every name here) that only the JSON
// Schema 2020-12 validator knows, so that kin-openapi validates with it.
var versions = []struct{ name, doc string }{
	{"3.0", fmt.Sprintf(versionDoc, "3.0.3", "{type: string, nullable: true}", "minimum: 0, exclusiveMinimum: true", "")},
	{"3.1", fmt.Sprintf(versionDoc, "3.1.0", "{type: [string, \"null\"]}", "exclusiveMinimum: 0", "")},
	{"3.1 (2020-12 validator)", fmt.Sprintf(versionDoc, "3.1.0", "{type: [string, \"null\"]}", "exclusiveMinimum: 0", "propertyNames: {minLength: 1}")},
}

// TestViolationsAcrossVersions: every kind of violation carries the same
// field, code, expected, got and message whether the document is OpenAPI
// 3.0 or 3.1, and whichever of kin-openapi's validators checks it.
func TestViolationsAcrossVersions(t *testing.T) {
	t.Parallel()
	ok := `"name":"ab","status":"open"`
	v := func(field, code, expected, got, message string) problem.Violation {
		return problem.Violation{In: "body", Field: field, Code: code, Expected: expected, Got: got, Message: message}
	}
	req := func(field string) problem.Violation {
		return v(field, "required", "a value", "none", "This field is required.")
	}
	tests := []struct {
		name, body string
		want       []problem.Violation
	}{
		{"valid", `{` + ok + `,"note":null,"count":4,"ratio":0.5,"tags":["a"],"pet":{"bark":true},"any":true,"both":{"a":"x","b":1}}`, nil},
		{"required", `{}`, []problem.Violation{req("name"), req("status")}},
		{"readOnly required is not required in a request", `{` + ok + `,"id":3}`, nil},
		{"type", `{"name":1,"status":"open"}`, []problem.Violation{v("name", "type", "string", "1", "Value must be a string.")}},
		{"type integer", `{` + ok + `,"labels":{"a":2.5}}`, []problem.Violation{v("labels__a", "type", "integer", "2.5", "Value must be an integer.")}},
		{"type nullable", `{` + ok + `,"note":3}`, []problem.Violation{v("note", "type", "string or null", "3", "Value must be a string.")}},
		{"null", `{"name":null,"status":"open"}`, []problem.Violation{v("name", "null", "string", "null", "Value is not nullable.")}},
		{"enum", `{"name":"ab","status":"x"}`, []problem.Violation{v("status", "enum", `one of ["open","closed"]`, `"x"`, `Value is not one of the allowed values ["open","closed"].`)}},
		{"minLength", `{"name":"a","status":"open"}`, []problem.Violation{v("name", "minLength", "at least 2 characters", `"a"`, "Minimum string length is 2.")}},
		{"maxLength", `{"name":"abcdefg","status":"open"}`, []problem.Violation{v("name", "maxLength", "at most 5 characters", `"abcdefg"`, "Maximum string length is 5.")}},
		{"pattern", `{"name":"AB","status":"open"}`, []problem.Violation{v("name", "pattern", "a string matching ^[a-z]+$", `"AB"`, `String doesn't match the regular expression "^[a-z]+$".`)}},
		{"minimum", `{` + ok + `,"count":0}`, []problem.Violation{v("count", "minimum", "at least 1", "0", "Number must be at least 1.")}},
		{"maximum", `{` + ok + `,"count":12}`, []problem.Violation{v("count", "maximum", "at most 10", "12", "Number must be at most 10.")}},
		{"multipleOf", `{` + ok + `,"count":3}`, []problem.Violation{v("count", "multipleOf", "a multiple of 2", "3", "Number must be a multiple of 2.")}},
		{"exclusiveMinimum", `{` + ok + `,"ratio":0}`, []problem.Violation{v("ratio", "exclusiveMinimum", "more than 0", "0", "Number must be more than 0.")}},
		{"format email", `{` + ok + `,"email":"nope"}`, []problem.Violation{v("email", "format", "a string in format email", `"nope"`, "The value is not a valid email.")}},
		{"format date-time", `{` + ok + `,"when":"x"}`, []problem.Violation{v("when", "format", "a string in format date-time", `"x"`, "The value is not a valid date-time.")}},
		{"minItems", `{` + ok + `,"tags":[]}`, []problem.Violation{v("tags", "minItems", "at least 1 items", "[]", "Minimum number of items is 1.")}},
		{"maxItems", `{` + ok + `,"tags":["a","b","c"]}`, []problem.Violation{v("tags", "maxItems", "at most 2 items", `["a","b","c"]`, "Maximum number of items is 2.")}},
		{"uniqueItems", `{` + ok + `,"tags":["a","a"]}`, []problem.Violation{v("tags", "uniqueItems", "unique items", `["a","a"]`, "Duplicate items found.")}},
		{"items", `{` + ok + `,"tags":[1,"a"]}`, []problem.Violation{v("tags__0", "type", "string", "1", "Value must be a string.")}},
		{"minProperties", `{` + ok + `,"labels":{}}`, []problem.Violation{v("labels", "minProperties", "at least 1 properties", "{}", "There must be at least 1 properties.")}},
		{"maxProperties", `{` + ok + `,"labels":{"a":1,"b":2,"c":3}}`, []problem.Violation{v("labels", "maxProperties", "at most 2 properties", `{"a":1,"b":2,"c":3}`, "There must be at most 2 properties.")}},
		{"additionalProperties schema", `{` + ok + `,"labels":{"a":"x"}}`, []problem.Violation{v("labels__a", "type", "integer", `"x"`, "Value must be an integer.")}},
		{"additionalProperties false", `{` + ok + `,"extra":1}`, []problem.Violation{v("extra", "additionalProperties", "no properties beyond the declared ones", "1", `Property "extra" is unsupported.`)}},
		{"nested required", `{` + ok + `,"owner":{}}`, []problem.Violation{req("owner__login")}},
		{"deeper nested", `{` + ok + `,"owner":{"login":"l","team":{"slug":5}}}`, []problem.Violation{v("owner__team__slug", "type", "string", "5", "Value must be a string.")}},
		{"oneOf none", `{` + ok + `,"pet":{}}`, []problem.Violation{req("pet__bark"), req("pet__meow")}},
		{"oneOf ambiguous", `{` + ok + `,"shape":{}}`, []problem.Violation{{In: "body", Field: "shape", Code: "ambiguous_oneOf", Expected: "exactly one oneOf branch",
			Got: "{}", Message: `Value matches more than one schema from "oneOf".`, Tolerated: true}}},
		{"anyOf", `{` + ok + `,"any":"s"}`, []problem.Violation{v("any", "anyOf", "a value matching an anyOf branch", `"s"`, `Doesn't match any schema from "anyOf".`)}},
		{"allOf", `{` + ok + `,"both":{"a":1}}`, []problem.Violation{v("both__a", "type", "string", "1", "Value must be a string."), req("both__b")}},
		{"not", `{` + ok + `,"other":"s"}`, []problem.Violation{v("other", "not", `a value the "not" schema rejects`, `"s"`, `Doesn't match schema "not".`)}},
	}
	for _, ver := range versions {
		doc, err := spec.Load([]byte(ver.doc), spec.LoadOptions{})
		if err != nil {
			t.Fatalf("%s: %v", ver.name, err)
		}
		val := New(doc)
		m, _ := doc.Match("POST", "/things")
		for _, tt := range tests {
			r := httptest.NewRequest("POST", "/things", nil)
			r.Header.Set("Content-Type", "application/json")
			res := val.Request(Request{HTTP: r, Op: m.Op, PathParams: m.Params, Body: []byte(tt.body)})
			if res.Fatal != nil {
				t.Fatalf("%s %s: %+v", ver.name, tt.name, res.Fatal)
			}
			if !reflect.DeepEqual(res.Violations, tt.want) {
				t.Errorf("%s %s:\n got  %+v\n want %+v", ver.name, tt.name, res.Violations, tt.want)
			}
		}
	}
}

// TestDirectionAcrossVersions: readOnly fields sent in a request and
// writeOnly fields in a response read the same in 3.0 and 3.1.
func TestDirectionAcrossVersions(t *testing.T) {
	t.Parallel()
	for _, ver := range versions {
		doc, err := spec.Load([]byte(ver.doc), spec.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		val := New(doc)
		m, _ := doc.Match("POST", "/things")
		r := httptest.NewRequest("POST", "/things", nil)
		r.Header.Set("Content-Type", "application/json")
		res := val.Request(Request{HTTP: r, Op: m.Op, PathParams: m.Params, Body: []byte(`{"id":3,"name":"ab","status":"open"}`)})
		if len(res.Violations) != 0 || !reflect.DeepEqual(res.ReadOnlySent, []string{"id"}) {
			t.Errorf("%s: readOnly id sent: violations %v, readOnly sent %v; want none and [id]", ver.name, res.Violations, res.ReadOnlySent)
		}
		s := spec.JSONRequestSchema(m.Op)
		got := val.Schema(s, map[string]any{"id": 1.0, "name": "ab", "status": "open", "secret": "s"}, true, "response", "")
		want := []problem.Violation{{In: "response", Field: "secret", Code: "writeOnly", Expected: "not in a response (writeOnly)", Got: `"s"`,
			Message: `WriteOnly property "secret" in response.`}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: writeOnly in a response:\n got  %+v\n want %+v", ver.name, got, want)
		}
		if got := val.Schema(s, map[string]any{"name": "ab", "status": "open"}, true, "response", ""); len(got) != 1 || got[0].Field != "id" || got[0].Code != "required" {
			t.Errorf("%s: a response without its readOnly id: %+v, want id required", ver.name, got)
		}
	}
}

// TestParamViolationsAcrossVersions: query parameters too.
func TestParamViolationsAcrossVersions(t *testing.T) {
	t.Parallel()
	want := map[string][]problem.Violation{
		"limit=0": {{In: "query", Field: "limit", Code: "minimum", Expected: "at least 1", Got: "0", Message: "Number must be at least 1."}},
		"kind=c": {{In: "query", Field: "kind", Code: "enum", Expected: `one of ["a","b"]`, Got: `"c"`,
			Message: `Value is not one of the allowed values ["a","b"].`}},
	}
	for _, ver := range versions[:2] {
		doc, err := spec.Load([]byte(ver.doc), spec.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		val := New(doc)
		m, _ := doc.Match("GET", "/things")
		for q, w := range want {
			r := httptest.NewRequest("GET", "/things?"+q, nil)
			res := val.Request(Request{HTTP: r, Op: m.Op, PathParams: m.Params})
			if !reflect.DeepEqual(res.Violations, w) {
				t.Errorf("%s ?%s:\n got  %+v\n want %+v", ver.name, q, res.Violations, w)
			}
			for _, x := range res.Violations {
				if strings.Contains(x.Message, "at '") || strings.Contains(x.Message, "Error at") {
					t.Errorf("%s ?%s: the message repeats the location: %q", ver.name, q, x.Message)
				}
			}
		}
	}
}

// TestRouteAs2020: a 3.1 schema checked with kin-openapi's 3.0 validator
// (route) gets the verdict of its JSON Schema 2020-12 validator, "nullable"
// (not a 3.1 keyword) and "const" included, and a value far from valid
// keeps the bound.
func TestRouteAs2020(t *testing.T) {
	t.Parallel()
	doc31 := strings.Replace(versions[1].doc, `note: {type: [string, "null"]}`, `note: {type: string, nullable: true}
                kind: {const: dog}`, 1)
	doc, err := spec.Load([]byte(doc31), spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	val := New(doc)
	m, _ := doc.Match("POST", "/things")
	s := spec.JSONRequestSchema(m.Op)
	if _, use2020 := val.route(s); use2020 {
		t.Fatal("the schema uses no 2020-12 keyword, yet is routed to that validator")
	}
	// Each body sends the readOnly id, which kin-openapi's 2020-12
	// validator requires in a request too (OpenAPI does not).
	bodies := []string{`{}`, `{"note":null}`, `{"note":"n"}`, `{"name":null}`, `{"ratio":0}`, `{"ratio":0.5}`, `{"shape":{}}`,
		`{"pet":{"bark":true}}`, `{"pet":{}}`, `{"tags":["a","a"]}`, `{"both":{"a":"x","b":1}}`, `{"both":{"a":"x"}}`, `{"other":1}`,
		`{"other":"s"}`, `{"x":1}`, `{"labels":{"a":1}}`, `{"any":2.5}`, `{"kind":"dog"}`, `{"kind":"cat"}`, `{"kind":null}`}
	for _, b := range bodies {
		var value map[string]any
		if err := json.Unmarshal([]byte(b), &value); err != nil {
			t.Fatal(err)
		}
		value["id"] = 1.0
		if _, ok := value["name"]; !ok {
			value["name"], value["status"] = "ab", "open"
		} else {
			value["status"] = "open"
		}
		want := s.VisitJSON(value, openapi3.EnableJSONSchema2020()) == nil
		got := len(val.Schema(s, value, false, "body", "")) == 0
		if got != want {
			t.Errorf("%s: valid %v, kin-openapi's 2020-12 validator says %v", b, got, want)
		}
	}
	note := val.Schema(s, map[string]any{"name": "ab", "status": "open", "note": nil}, false, "body", "")
	if len(note) != 1 || note[0].Field != "note" || note[0].Code != "null" {
		t.Errorf("null where 3.1 ignores nullable: %+v, want note null", note)
	}
	items := make([]any, 5000)
	for i := range items {
		items[i] = 1.0
	}
	vs := val.Schema(s, map[string]any{"name": "ab", "status": "open", "note": nil, "tags": items}, false, "body", "")
	if len(vs) != MaxViolations+1 || vs[MaxViolations].Code != "too_many_violations" {
		t.Errorf("%d violations, want %d and a count", len(vs), MaxViolations+1)
	}
}
