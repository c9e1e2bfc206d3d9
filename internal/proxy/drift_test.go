package proxy

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func schema(t *testing.T, js string) *openapi3.Schema {
	t.Helper()
	var s openapi3.Schema
	if err := json.Unmarshal([]byte(js), &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

func TestUndocumentedFields(t *testing.T) {
	cases := []struct {
		name, schema, value string
		want                []string
	}{
		{"plain object", `{"type":"object","properties":{"a":{"type":"string"}}}`, `{"a":"x","b":1}`, []string{"b"}},
		{"allowed by additionalProperties true is still drift", `{"type":"object","additionalProperties":true,"properties":{"a":{}}}`, `{"a":1,"b":2}`, []string{"b"}},
		{"closed object left to the schema check", `{"type":"object","additionalProperties":false,"properties":{"a":{}}}`, `{"a":1,"b":2}`, nil},
		{"map of objects", `{"type":"object","additionalProperties":{"type":"object","properties":{"v":{}}}}`, `{"k1":{"v":1},"k2":{"v":2,"w":3}}`, []string{"k2__w"}},
		{"free-form object", `{"type":"object"}`, `{"anything":1}`, nil},
		{"allOf and oneOf branches", `{"allOf":[{"properties":{"a":{}}}],"oneOf":[{"properties":{"b":{}}},{"properties":{"c":{}}}]}`, `{"a":1,"b":2,"c":3,"d":4}`, []string{"d"}},
		{"arrays fold indices", `{"type":"array","items":{"properties":{"a":{}}}}`, `[{"a":1,"x":1},{"a":2,"x":2}]`, []string{"0__x"}},
		{"nested", `{"properties":{"o":{"properties":{"p":{}}}}}`, `{"o":{"p":1,"q":2}}`, []string{"o__q"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var v any
			if err := json.Unmarshal([]byte(tc.value), &v); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, x := range undocumentedFields(schema(t, tc.schema), v) {
				if x.Code != "undocumented_field" || x.In != "response" {
					t.Errorf("violation = %+v", x)
				}
				got = append(got, x.Field)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("fields = %v, want %v", got, tc.want)
			}
		})
	}
}
