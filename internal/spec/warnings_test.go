package spec

import (
	"os"
	"strings"
	"testing"
)

func TestWarningRoundTrip(t *testing.T) {
	t.Parallel()
	for _, w := range []Warning{
		{Kind: KindInvalidExample, Where: `schema "Thing"`, Detail: `Error at "/id": value must be an integer`},
		{Kind: KindDuplicateOperation, Where: "GET /things/{id}", Detail: `"listThings" is already used by GET /things`},
		{Kind: KindInvalidDocument, Detail: "when schema type is 'array', schema 'items' must be non-null"},
		{Detail: "Swagger 2.0: converted to OpenAPI 3"},
	} {
		if got := ParseWarning(w.String()); got != w {
			t.Errorf("ParseWarning(%q) = %+v, want %+v", w.String(), got, w)
		}
	}
}

func TestValidationWarning(t *testing.T) {
	t.Parallel()
	dump := "\nSchema:\n  {\n    \"type\": \"string\"\n  }\n\nValue:\n  7\n"
	tests := []struct {
		msg  string
		want Warning
	}{
		{`invalid components: schema "Thing": invalid example: value must be a string` + dump,
			Warning{KindInvalidExample, `schema "Thing"`, "value must be a string"}},
		{`invalid paths: invalid path /things: invalid operation POST: invalid example: Error at "/a": no` + dump + ` | Error at "/b": nope` + dump,
			Warning{KindInvalidExample, "POST /things", `Error at "/a": no | Error at "/b": nope`}},
		{`invalid paths: invalid path /x: parameter "int32" schema is invalid: invalid default: value must be an integer` + dump,
			Warning{KindInvalidDefault, `/x parameter "int32"`, "value must be an integer"}},
		{`invalid webhooks: webhook "newBooking": invalid operation POST: invalid example: readOnly property "id" in request` + dump,
			Warning{KindInvalidExample, `POST webhook "newBooking"`, `readOnly property "id" in request`}},
		{`invalid paths: invalid path /a: invalid operation POST: when schema type is 'array', schema 'items' must be non-null`,
			Warning{KindInvalidDocument, "POST /a", "when schema type is 'array', schema 'items' must be non-null"}},
		{`invalid info: must be an object`, Warning{KindInvalidDocument, "", "invalid info: must be an object"}},
	}
	for _, tc := range tests {
		if got := validationWarning(tc.msg); got != tc.want {
			t.Errorf("validationWarning(%q)\n got %+v\nwant %+v", tc.msg, got, tc.want)
		}
	}
}

func TestLoadWarningsHaveKindsAndNoDumps(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../testdata/corpus/dirty/warnings.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, err := Load(data, LoadOptions{Location: "warnings.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, s := range d.Warnings {
		if strings.Contains(s, "\n") || strings.Contains(s, "Schema:") {
			t.Errorf("a warning of more than one line: %q", s)
		}
		kinds[ParseWarning(s).Kind]++
	}
	if kinds[KindExampleMismatch] != 3 || kinds[KindDuplicateOperation] != 1 || kinds[""] != 0 {
		t.Errorf("kinds %v of warnings:\n%s", kinds, strings.Join(d.Warnings, "\n"))
	}
}
