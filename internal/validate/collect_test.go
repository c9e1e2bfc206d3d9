package validate

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// TestWalkAsKin checks that listing violations object by object and array
// by array (walk) finds what one kin-openapi visit of the whole value
// finds, in the same order: for every JSON request and response schema of
// the embedded contract and of PostHog's full document, with a wrong value
// of every type in every property, alone, together, inside arrays and
// inside objects.
func TestWalkAsKin(t *testing.T) {
	docs := []*spec.Doc{embeddedDoc(t)}
	data, err := os.ReadFile("../../testdata/posthog-openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	full, err := spec.Load(data, spec.LoadOptions{Location: "posthog-openapi.yaml", SkipValidation: true})
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs, full)
	wrong := []any{nil, true, 1.5, "x", []any{}, []any{"a", 2.0}, map[string]any{}, map[string]any{"k": "v"}}
	checked := 0
	for _, doc := range docs {
		v := New(doc)
		seen := map[*openapi3.Schema]bool{}
		for _, op := range doc.Operations {
			for _, sc := range []struct {
				s        *openapi3.Schema
				response bool
			}{{spec.JSONRequestSchema(op), false}, {spec.JSONResponseSchema(op, "200"), true}, {spec.JSONResponseSchema(op, "201"), true}} {
				if sc.s == nil || seen[sc.s] {
					continue
				}
				seen[sc.s] = true
				checked++
				for _, body := range wrongBodies(sc.s, wrong) {
					compareWalk(t, v, sc.s, body, sc.response, op.ID)
				}
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d schemas checked", checked)
	}
}

// wrongBodies are objects with wrong values in s's properties: each
// property gets the wrong values in turn, alone, in an array and in an
// object, and all of them together.
func wrongBodies(s *openapi3.Schema, wrong []any) []any {
	names := make([]string, 0, len(s.Properties)+1)
	for k := range s.Properties {
		names = append(names, k)
	}
	sort.Strings(names)
	names = append(names, "not_declared")
	var out []any
	all := map[string]any{}
	for i, k := range names {
		w, w2 := wrong[i%len(wrong)], wrong[(i+1)%len(wrong)]
		all[k] = w
		out = append(out, map[string]any{k: w}, map[string]any{k: w2}, map[string]any{k: []any{w, w2}}, map[string]any{k: map[string]any{"a": w, "b": []any{w2}}})
	}
	return append(out, all, []any{all, wrong[0]})
}

func compareWalk(t *testing.T, v *Validator, s *openapi3.Schema, value any, response bool, name string) {
	t.Helper()
	s, use2020 := v.route(s)
	if use2020 {
		return
	}
	whole := newCollector(1<<30, response)
	if err := s.VisitJSON(value, v.opts(response, false, true)...); err != nil {
		whole.addError("body", "", err)
	}
	split := newCollector(1<<30, response)
	if s.VisitJSON(value, v.opts(response, false, false)...) != nil {
		v.walk(split, s, value, "body", "")
	}
	if got, want := split.violations(), whole.violations(); !reflect.DeepEqual(got, want) {
		t.Fatalf("%s (response %v) %v:\nwalk  %v\nwhole %v", name, response, value, got, want)
	}
}

const boundDoc = `openapi: %s
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
                name: {type: string}
                count: {type: integer}
                items:
                  type: array
                  items:
                    type: object
                    required: [key]
                    additionalProperties: false
                    properties: {key: {type: string}}
      responses:
        "201": {description: ok}
`

// boundRequest validates a POST /things of body on the bound document of
// OpenAPI version ver.
func boundRequest(tb testing.TB, ver, body string) Result {
	tb.Helper()
	doc, err := spec.Load([]byte(fmt.Sprintf(boundDoc, ver)), spec.LoadOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	m, ok := doc.Match("POST", "/things")
	if !ok {
		tb.Fatal("no route")
	}
	r := httptest.NewRequest("POST", "/things", nil)
	r.Header.Set("Content-Type", "application/json")
	return New(doc).Request(Request{HTTP: r, Op: m.Op, PathParams: m.Params, Body: []byte(body)})
}

func arrayBody(n int) string {
	return `{"name":"x","items":[` + strings.Repeat("1,", n-1) + `1]}`
}

// TestRequestBoundsViolations: a body with a thousand wrong items lists
// MaxViolations of them and counts the others in one last entry.
func TestRequestBoundsViolations(t *testing.T) {
	t.Parallel()
	for _, ver := range []string{"3.0.3", "3.1.0"} {
		res := boundRequest(t, ver, arrayBody(1000))
		vs := res.Violations
		if len(vs) != MaxViolations+1 {
			t.Fatalf("%s: %d violations, want %d and one counting the rest", ver, len(vs), MaxViolations)
		}
		if vs[0].Field != "items__0" || vs[0].Code != "type" || vs[MaxViolations-1].Field != "items__99" {
			t.Errorf("%s: listed %v … %v, want items__0 … items__99", ver, vs[0], vs[MaxViolations-1])
		}
		last := vs[MaxViolations]
		if last.Code != "too_many_violations" || last.In != "body" || last.Got != "900 more" || !strings.Contains(last.Message, "900 more") {
			t.Errorf("%s: last entry %+v, want 900 more counted", ver, last)
		}
	}
}

// TestRequestClipsEchoes: a megabyte of digits in an integer field, a
// megabyte string in a field of another type, and a megabyte property
// name come back clipped in every violation.
func TestRequestClipsEchoes(t *testing.T) {
	t.Parallel()
	mb := 1 << 20
	digits := strings.Repeat("7", mb)
	tests := []struct{ name, body string }{
		{"digits", `{"name":"x","count":` + digits + `}`},
		{"string", `{"name":"x","count":"` + digits + `"}`},
		{"key", `{"name":"x","items":[{"key":"k","` + digits + `":1}],"` + digits + `":1}`},
		{"wrong type everywhere", `{"name":` + digits + `}`},
	}
	for _, ver := range []string{"3.0.3", "3.1.0"} {
		for _, tt := range tests {
			res := boundRequest(t, ver, tt.body)
			vs := res.Violations
			var vars map[string]string
			if res.Fatal != nil {
				vs, vars = res.Fatal.Violations, res.Fatal.Vars
			}
			if len(vs) == 0 {
				t.Errorf("%s %s: no violation", ver, tt.name)
			}
			for _, v := range vs {
				if n := len(v.String()); n > 5*problem.ClipLength*3 {
					t.Errorf("%s %s: a violation of %d bytes: %.300s", ver, tt.name, n, v.String())
				}
			}
			for k, x := range vars {
				if len(x) > problem.ClipLength*3 {
					t.Errorf("%s %s: variable %s of %d bytes", ver, tt.name, k, len(x))
				}
			}
		}
	}
}

// BenchmarkInvalidArray validates a body holding one array of n items
// that each break the item schema: linear in n, with MaxViolations listed,
// beside the cost of decoding the same body (the "decode" baseline).
func BenchmarkInvalidArray(b *testing.B) {
	for _, ver := range []string{"3.0.3", "3.1.0"} {
		for _, n := range []int{1_000, 10_000, 100_000, 1_000_000} {
			body := []byte(arrayBody(n))
			b.Run(ver+"/n="+strconv.Itoa(n), func(b *testing.B) {
				doc, err := spec.Load([]byte(fmt.Sprintf(boundDoc, ver)), spec.LoadOptions{})
				if err != nil {
					b.Fatal(err)
				}
				m, _ := doc.Match("POST", "/things")
				v := New(doc)
				r := httptest.NewRequest("POST", "/things", nil)
				r.Header.Set("Content-Type", "application/json")
				b.ReportAllocs()
				for b.Loop() {
					res := v.Request(Request{HTTP: r, Op: m.Op, PathParams: m.Params, Body: body})
					if len(res.Violations) != MaxViolations+1 {
						b.Fatalf("%d violations", len(res.Violations))
					}
				}
			})
		}
	}
	// The baselines: decoding the same bodies, which every request pays,
	// and listing every violation with one kin-openapi visit, as the
	// validator did before the bound (up to 100,000 items: a million take
	// about ten seconds).
	doc, err := spec.Load([]byte(fmt.Sprintf(boundDoc, "3.0.3")), spec.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	m, _ := doc.Match("POST", "/things")
	v, s := New(doc), spec.JSONRequestSchema(m.Op)
	for _, n := range []int{1_000, 10_000, 100_000, 1_000_000} {
		body := []byte(arrayBody(n))
		b.Run("decode/n="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var v any
				if err := json.Unmarshal(body, &v); err != nil {
					b.Fatal(err)
				}
			}
		})
		if n > 100_000 {
			continue
		}
		b.Run("unbounded/n="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var value any
				if err := json.Unmarshal(body, &value); err != nil {
					b.Fatal(err)
				}
				c := newCollector(1<<30, false)
				c.addError("body", "", s.VisitJSON(value, v.opts(false, false, true)...))
				if len(c.violations()) != n {
					b.Fatalf("%d violations", len(c.violations()))
				}
			}
		})
	}
}
