package main

import (
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/internal/spec"
)

func TestPrintWarnings(t *testing.T) {
	t.Parallel()
	ex := func(where, detail string) string {
		return spec.Warning{Kind: spec.KindInvalidExample, Where: where, Detail: detail}.String()
	}
	dup := spec.Warning{Kind: spec.KindDuplicateOperation, Where: "GET /b", Detail: `"list" is already used by GET /a`}.String()
	warnings := []string{ex(`schema "A"`, "value must be a string"), dup, ex("GET /a", "value must be an object"), "Swagger 2.0: converted to OpenAPI 3",
		ex(`schema "B"`, strings.Repeat("x", 300))}
	tests := []struct {
		name     string
		warnings []string
		names    []string
		all      bool
		want     string
	}{
		{"a line per kind", warnings, nil, false, `warning: invalid example ×3, the first at schema "A": value must be a string
warning: duplicate operationId at GET /b: "list" is already used by GET /a
warning: Swagger 2.0: converted to OpenAPI 3
warning: 5 warnings in all; --warnings lists each
`},
		{"all", warnings[:2], nil, true, "warning: " + warnings[0] + "\nwarning: " + dup + "\n"},
		{"one of a kind is said whole, clipped", warnings[4:], nil, false,
			`warning: invalid example at schema "B": ` + strings.Repeat("x", 200) + "…\n"},
		{"several documents", []string{"pets: " + ex(`schema "A"`, "no"), "pets: " + ex(`schema "B"`, "no"), "shop: " + dup}, []string{"pets", "shop"}, false,
			`warning: invalid example ×2, the first at pets schema "A": no
warning: duplicate operationId at shop GET /b: "list" is already used by GET /a
warning: 3 warnings in all; --warnings lists each
`},
		{"none", nil, nil, false, ""},
	}
	for _, tc := range tests {
		var b strings.Builder
		printWarnings(&b, tc.warnings, tc.names, tc.all)
		if b.String() != tc.want {
			t.Errorf("%s:\n%s\nwant:\n%s", tc.name, b.String(), tc.want)
		}
	}
}
