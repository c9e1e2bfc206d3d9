package validate

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/mockserver-go/mockserver/internal/spec"
)

// TestValidIntegerAsKin checks the integer shortcut (validInteger) against
// kin-openapi: for every query parameter of the contract, plus synthetic
// bounded ones, and a range of sent values, a value the shortcut accepts
// is one kin-openapi accepts (anything else goes to kin-openapi anyway).
func TestValidIntegerAsKin(t *testing.T) {
	doc := embeddedDoc(t)
	v := New(doc)
	f := func(x float64) *float64 { return &x }
	yes, no := true, false
	extra := []*spec.Param{
		{In: "query", Name: "b", Schema: &openapi3.Schema{Type: &openapi3.Types{"integer"}, Min: f(-2), Max: f(5)}},
		{In: "query", Name: "c", Schema: &openapi3.Schema{Type: &openapi3.Types{"integer"}, MultipleOf: f(2)}},
		{In: "query", Name: "d", Schema: &openapi3.Schema{Type: &openapi3.Types{"integer"}, Format: "int32"}},
		{In: "query", Name: "e", Schema: &openapi3.Schema{Type: &openapi3.Types{"integer"}, Enum: []any{1, 2}}},
		{In: "query", Name: "g", Schema: &openapi3.Schema{Type: &openapi3.Types{"integer", "null"}}},
		{In: "query", Name: "h", Schema: &openapi3.Schema{Type: &openapi3.Types{"integer"}, Min: f(0), ExclusiveMin: openapi3.ExclusiveBound{Bool: &yes}}},
		{In: "query", Name: "i", Schema: &openapi3.Schema{Type: &openapi3.Types{"integer"}}},
	}
	for _, p := range extra {
		p.P = &openapi3.Parameter{Name: p.Name, In: p.In, Schema: openapi3.NewSchemaRef("", p.Schema)}
		if p.Name == "i" {
			p.P.Explode = &no
		}
	}
	values := []string{"0", "1", "-1", "-2", "-3", "5", "6", "10", "100", "007", "+3", "1.0", "1e2", "0x10", "", " 1", "abc",
		"9223372036854775807", "9223372036854775808", "-9223372036854775809", "2147483648"}
	shortcut := 0
	check := func(op *spec.Operation, p *spec.Param) {
		for _, raw := range values {
			q := url.Values{p.Name: {raw}}
			if !v.validInteger(p, q) {
				continue
			}
			shortcut++
			r := httptest.NewRequest("GET", "/x?"+q.Encode(), nil)
			if err := kinValidateParam(v, doc, op, p, r, nil); err != nil {
				t.Errorf("%s %s=%q: the shortcut accepts it, kin-openapi says %v", op.ID, p.Name, raw, err)
			}
		}
	}
	var anyOp *spec.Operation
	for _, op := range doc.Operations {
		anyOp = op
		for _, p := range op.Params {
			check(op, p)
		}
	}
	for _, p := range extra {
		check(anyOp, p)
	}
	for _, name := range []string{"c", "d", "e", "g", "h", "i"} {
		for _, p := range extra {
			if p.Name == name && plainInteger(p) {
				t.Errorf("parameter %s takes the shortcut: its schema has more than bounds", name)
			}
		}
	}
	if shortcut == 0 {
		t.Fatal("no value took the shortcut")
	}
	t.Logf("%d values accepted by the shortcut, all accepted by kin-openapi", shortcut)
}

// TestValidPathStringAsKin checks the path string shortcut
// (validPathString) against kin-openapi: for every path parameter of the
// contract, plus synthetic ones, and a range of values, a value the
// shortcut accepts is one kin-openapi accepts (anything else goes to
// kin-openapi anyway, which also gives the findings).
func TestValidPathStringAsKin(t *testing.T) {
	doc := embeddedDoc(t)
	v := New(doc)
	f := func(x float64) *float64 { return &x }
	u := func(x uint64) *uint64 { return &x }
	str := func(s *openapi3.Schema) *openapi3.Schema { s.Type = &openapi3.Types{"string"}; return s }
	extra := []*spec.Param{
		{Name: "len", Schema: str(&openapi3.Schema{MinLength: 3, MaxLength: u(8)})},
		{Name: "enum", Schema: str(&openapi3.Schema{Enum: []any{"a", "b"}})},
		{Name: "pat", Schema: str(&openapi3.Schema{Pattern: `^[a-z]+$`})},
		{Name: "uuid", Schema: str(&openapi3.Schema{Format: "uuid"})},
		{Name: "email", Schema: str(&openapi3.Schema{Format: "email"})},
		{Name: "num", Schema: &openapi3.Schema{Type: &openapi3.Types{"number"}, Min: f(0)}},
		{Name: "label", Schema: str(&openapi3.Schema{Pattern: `^\.?[a-z]+$`})},
		{Name: "allof", Schema: &openapi3.Schema{AllOf: openapi3.SchemaRefs{openapi3.NewSchemaRef("", str(&openapi3.Schema{MaxLength: u(2)}))}}},
		{Name: "strnull", Schema: &openapi3.Schema{Type: &openapi3.Types{"string", "null"}, MaxLength: u(2)}},
	}
	for _, p := range extra {
		p.In = "path"
		p.P = &openapi3.Parameter{Name: p.Name, In: p.In, Required: true, Schema: openapi3.NewSchemaRef("", p.Schema)}
		if p.Name == "label" {
			p.P.Style = "label"
		}
	}
	values := []string{"", "1", "42", "-1", "@current", "@other", "abc", "ABC", "a", "ab", "abcdefghij", ".abc",
		"0d4cd9a4-4aa4-4b39-a4c1-9b0f9a0b4b2a", "0D4CD9A4-4AA4-4B39-A4C1-9B0F9A0B4B2A", "0d4cd9a4-4aa4-4b39-a4c1-9b0f9a0b4b2",
		"0d4cd9a44aa44b39a4c19b0f9a0b4b2a", "x@y.z", "not an email", "1.5", " 1", "é", "%20", "a/b"}
	shortcut, rejected := 0, 0
	check := func(op *spec.Operation, p *spec.Param) {
		for _, raw := range values {
			pp := map[string]string{p.Name: raw}
			if !v.validPathString(p, pp) {
				rejected++
				continue
			}
			shortcut++
			if err := kinValidateParam(v, doc, op, p, httptest.NewRequest("GET", "/x", nil), pp); err != nil {
				t.Errorf("%s %s=%q: the shortcut accepts it, kin-openapi says %v", op.ID, p.Name, raw, err)
			}
		}
	}
	var anyOp *spec.Operation
	for _, op := range doc.Operations {
		anyOp = op
		for _, p := range op.Params {
			if p.In == "path" {
				check(op, p)
			}
		}
	}
	for _, p := range extra {
		check(anyOp, p)
	}
	for _, p := range extra {
		switch p.Name {
		case "num", "label", "allof", "strnull":
			if v.validPathString(p, map[string]string{p.Name: "1"}) {
				t.Errorf("parameter %s takes the shortcut: kin-openapi decodes it otherwise", p.Name)
			}
		}
	}
	if shortcut == 0 || rejected == 0 {
		t.Fatalf("%d values took the shortcut, %d did not: want both", shortcut, rejected)
	}
	t.Logf("%d values accepted by the shortcut, all accepted by kin-openapi; %d left to kin-openapi", shortcut, rejected)
}

// kinValidateParam is kin-openapi's verdict on p in r (with pathParams),
// validated as the validator has kin-openapi validate parameters.
func kinValidateParam(v *Validator, doc *spec.Doc, op *spec.Operation, p *spec.Param, r *http.Request, pathParams map[string]string) error {
	input := &openapi3filter.RequestValidationInput{Request: r, PathParams: pathParams,
		Route:   &routers.Route{Spec: doc.T, Path: op.Path, PathItem: op.PathItem, Method: op.Method, Operation: op.Op},
		Options: v.kinOptions()}
	return openapi3filter.ValidateParameter(context.Background(), input, kinParam(p))
}
