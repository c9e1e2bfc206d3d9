package render

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"

	"github.com/mockserver-go/mockserver/internal/spec"
)

func TestEncoderFollowsSchemaOrder(t *testing.T) {
	t.Parallel()
	doc, err := spec.Load([]byte(`
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /t: {get: {responses: {"200": {description: ok}}}}
components:
  schemas:
    T:
      type: object
      properties:
        zeta: {type: string}
        alpha: {type: integer}
        mid:
          type: object
          properties:
            b: {type: string}
            a: {type: string}
`), spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := doc.T.Components.Schemas["T"].Value
	v := map[string]any{"alpha": 1.0, "zeta": "z", "extra2": true, "extra1": nil, "mid": map[string]any{"a": "1", "b": "2"}}
	got := string(NewEncoder(doc).Encode(v, s))
	want := `{"zeta":"z","alpha":1,"mid":{"b":"2","a":"1"},"extra1":null,"extra2":true}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestEncoderMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	e := NewEncoder(&spec.Doc{})
	for _, v := range []any{
		"plain", "quote\" backslash\\ newline\n tab\t ctl\x01", "unicode é ✓ 𝄞", "bad utf8 \xff\xfe", "line sep \u2028",
		0.0, 1.0, -3.0, 1.5, 1e21, 1e-7, 123456789012.0, math.MaxInt32 * 1.0, 0.1,
		true, false, nil, []any{1.0, "a", nil}, map[string]any{"b": 1.0, "a": []any{}},
	} {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got := e.Encode(v, nil)
		// encoding/json escapes <, > and & for HTML; we do not.
		var a, b any
		if err := json.Unmarshal(got, &a); err != nil {
			t.Errorf("%#v: invalid JSON %s", v, got)
			continue
		}
		_ = json.Unmarshal(want, &b)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%#v: got %s, want %s", v, got, want)
		}
	}
	if got := string(e.Encode(math.Inf(1), nil)); got != "null" {
		t.Errorf("Inf encoded as %s", got)
	}
}
