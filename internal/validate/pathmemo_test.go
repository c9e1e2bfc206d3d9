package validate

import (
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/mockserver-go/mockserver/internal/spec"
)

// The remembered path values answer what kin-openapi answers: a validator
// that asks kin-openapi every time (a new one per request) finds the same
// violations and invalid parameters, for every path parameter of the
// contract, valid and invalid values, first and later requests.
func TestPathMemoAsKin(t *testing.T) {
	doc := embeddedDoc(t)
	v := New(doc)
	values := []string{"1", "2", "@current", "@other", "abc", "-1", "1.5", "0190e5a2-6f1c-7b3a-9d4e-2c8f1a5b7e90",
		"0190E5A2-6F1C-7B3A-9D4E-2C8F1A5B7E90", "not-a-uuid", " 1", "1 ", "%31", "a/b", "ünï", "9999999999999999999999"}
	remembered, invalid := 0, 0
	for _, op := range doc.Operations {
		var names []string
		for _, p := range op.Params {
			if p.In == "path" {
				names = append(names, p.Name)
			}
		}
		if len(names) == 0 {
			continue
		}
		for round := range 2 {
			for _, val := range values {
				params := map[string]string{}
				for _, n := range names {
					params[n] = val
				}
				req := func(v *Validator) Result {
					return v.Request(Request{HTTP: httptest.NewRequest(op.Method, "/x", nil), Op: op, PathParams: params})
				}
				got, want := req(v), req(New(doc))
				if !reflect.DeepEqual(got.Violations, want.Violations) || !reflect.DeepEqual(got.Invalid, want.Invalid) {
					t.Fatalf("%s round %d, %v: violations %+v (invalid %v), kin-openapi's %+v (invalid %v)",
						op.ID, round, params, got.Violations, got.Invalid, want.Violations, want.Invalid)
				}
				if round == 1 {
					for _, p := range op.Params {
						switch {
						case v.paths.known(p, params):
							remembered++
						case p.In == "path" && want.Invalid[p.In+":"+p.Name] == nil:
							t.Errorf("%s %s=%q: valid but not remembered", op.ID, p.Name, val)
						}
					}
				}
				invalid += len(want.Invalid)
			}
		}
	}
	if remembered == 0 || invalid == 0 {
		t.Fatalf("remembered %d, invalid %d: the test needs both", remembered, invalid)
	}
}

// The memo stops growing at maxValidPaths.
func TestPathMemoBounded(t *testing.T) {
	var m pathMemo
	p := &spec.Param{In: "path", Name: "id"}
	for i := range maxValidPaths + 10 {
		m.remember(p, map[string]string{"id": string(rune('a'+i%26)) + string(rune(i))})
	}
	if n := m.n.Load(); n != maxValidPaths {
		t.Fatalf("%d values kept, want %d", n, maxValidPaths)
	}
	if m.known(&spec.Param{In: "query", Name: "id"}, map[string]string{"id": "a"}) {
		t.Fatal("a query parameter is never known")
	}
}
