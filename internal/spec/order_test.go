package spec

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// schemaOrders is PropertyOrder for every schema reachable in d (nested and
// inline ones included), in kin-openapi's walk order, keyed by pointer.
// It also fails the test for a property whose position d does not know.
func schemaOrders(t *testing.T, d *Doc) (ptrs []string, orders [][]string) {
	t.Helper()
	err := d.T.WalkSchemas(func(ptr string, ref *openapi3.SchemaRef) error {
		ptrs = append(ptrs, ptr)
		orders = append(orders, d.PropertyOrder(ref.Value))
		if d.keys != nil {
			for name, p := range ref.Value.Properties {
				if _, ok := d.keys[p]; !ok {
					t.Errorf("%s: no position noted for property %q", ptr, name)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ptrs, orders
}

// compareWithOrigins loads data the default way and with kin-openapi's
// origins (as a document allowing external refs is), and fails unless
// every schema has the same property order both ways. It reports whether
// the default load took the fast way (no origins).
func compareWithOrigins(t *testing.T, data []byte) (fast bool) {
	t.Helper()
	d, err := Load(data, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	o, err := Load(data, LoadOptions{AllowExternalRefs: true})
	if err != nil {
		t.Fatal(err)
	}
	if o.keys != nil {
		t.Fatal("a load allowing external refs must read positions from origins")
	}
	if !slices.Equal(d.Warnings, o.Warnings) {
		t.Errorf("warnings differ:\n%q\nwith origins:\n%q", d.Warnings, o.Warnings)
	}
	ptrs, got := schemaOrders(t, d)
	optrs, want := schemaOrders(t, o)
	if !slices.Equal(ptrs, optrs) {
		t.Fatalf("the two loads have different schemas (%d, %d)", len(ptrs), len(optrs))
	}
	ordered := 0
	for i := range got {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("%s: order %v, with origins %v", ptrs[i], got[i], want[i])
		}
		if len(want[i]) > 1 && !slices.IsSorted(want[i]) {
			ordered++
		}
	}
	t.Logf("%d schemas, %d with properties out of alphabetical order, fast=%v", len(got), ordered, d.keys != nil)
	return d.keys != nil
}

func TestPropertyOrderWithoutOrigins(t *testing.T) {
	t.Parallel()
	files := []string{"../../openapi.yaml", "../../testdata/posthog-openapi.yaml"}
	err := filepath.WalkDir("../../testdata/corpus", func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && (strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".yaml")) {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// Documents loaded with origins, and why.
	withOrigins := map[string]string{
		"testdata/corpus/3.0/circular-paths.json": "a $ref into paths",
	}
	for _, f := range files {
		name := strings.TrimPrefix(f, "../../")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Load(data, LoadOptions{}); err != nil {
				t.Skipf("does not load: %v", err) // the dirty corpus's refused documents
			}
			fast := compareWithOrigins(t, data)
			if why, ok := withOrigins[name]; fast == ok {
				t.Errorf("loaded without origins = %v, want %v (%s)", fast, !ok, why)
			}
		})
	}
}

// TestPropertyOrderWithoutOriginsLayout covers the places a schema can be
// written that the real documents may not use, each with its properties
// out of alphabetical order.
func TestPropertyOrderWithoutOriginsLayout(t *testing.T) {
	t.Parallel()
	const doc = `
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: object, properties: {z1: {type: string}, a1: {type: string}}}}
    post:
      parameters:
        - name: q
          in: query
          content: {application/json: {schema: {type: object, properties: {z2: {type: string}, a2: {type: string}}}}}
      requestBody:
        content:
          multipart/form-data:
            schema: {type: object, properties: {z3: {type: string}, a3: {type: string}}}
            encoding:
              z3:
                headers:
                  X-E: {schema: {type: object, properties: {z4: {type: string}, a4: {type: string}}}}
      callbacks:
        done:
          '{$request.body#/url}':
            post:
              requestBody: {content: {application/json: {schema: {type: object, properties: {z5: {type: string}, a5: {type: string}}}}}}
              responses: {"200": {description: ok}}
      responses:
        "200":
          description: ok
          headers:
            X-H: {schema: {type: object, properties: {z6: {type: string}, a6: {type: string}}}}
          content:
            application/json:
              schema:
                type: object
                properties:
                  zz: {type: array, prefixItems: [{type: object, properties: {z7: {type: string}, a7: {type: string}}}], items: {type: object, properties: {z8: {type: string}, a8: {type: string}}}}
                  aa:
                    if: {type: object, properties: {z9: {type: string}, a9: {type: string}}}
                    then: {type: object, properties: {z10: {type: string}, a10: {type: string}}}
                    else: {type: object, properties: {z11: {type: string}, a11: {type: string}}}
                  mm:
                    type: object
                    patternProperties: {"^x": {type: object, properties: {z12: {type: string}, a12: {type: string}}}}
                    dependentSchemas: {mm: {type: object, properties: {z13: {type: string}, a13: {type: string}}}}
                    propertyNames: {type: string}
                    unevaluatedProperties: {type: object, properties: {z14: {type: string}, a14: {type: string}}}
                    additionalProperties: {type: object, properties: {z15: {type: string}, a15: {type: string}}}
                  bb: {type: array, contains: {type: object, properties: {z16: {type: string}, a16: {type: string}}}}
                  cc: {not: {type: object, properties: {z17: {type: string}, a17: {type: string}}}}
                  dd: {anyOf: [{$ref: '#/components/schemas/B'}, {type: object, properties: {z18: {type: string}, a18: {type: string}}}]}
                  ee: {$defs: {D: {type: object, properties: {z19: {type: string}, a19: {type: string}}}}}
                  ff: {type: string, contentMediaType: application/json, contentSchema: {type: object, properties: {z20: {type: string}, a20: {type: string}}}}
        default: {$ref: '#/components/responses/E'}
webhooks:
  ping:
    post:
      requestBody: {$ref: '#/components/requestBodies/P'}
      responses: {"200": {description: ok}}
components:
  schemas:
    B:
      allOf:
        - {type: object, properties: {z21: {type: string}, a21: {type: string}}}
        - {$ref: '#/components/schemas/C'}
    C: {type: object, properties: {z22: {type: string}, a22: {type: string}}}
  parameters:
    P: {name: p, in: query, schema: {type: object, properties: {z23: {type: string}, a23: {type: string}}}}
  headers:
    H: {schema: {type: object, properties: {z24: {type: string}, a24: {type: string}}}}
  requestBodies:
    P: {content: {application/json: {schema: {type: object, properties: {z25: {type: string}, a25: {type: string}}}}}}
  responses:
    E: {description: e, content: {application/json: {schema: {type: object, properties: {z26: {type: string}, a26: {type: string}}}}}}
  callbacks:
    K:
      '{$request.body#/url}':
        post:
          requestBody: {content: {application/json: {schema: {type: object, properties: {z27: {type: string}, a27: {type: string}}}}}}
          responses: {"200": {description: ok}}
`
	if !compareWithOrigins(t, []byte(doc)) {
		t.Fatal("loaded with origins; want the node-tree walk")
	}
	// WalkSchemas does not reach encoding headers.
	d, err := Load([]byte(doc), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	enc := d.T.Paths.Value("/a/{id}").Post.RequestBody.Value.Content["multipart/form-data"].Encoding["z3"]
	if got := d.PropertyOrder(enc.Headers["X-E"].Value.Schema.Value); !slices.Equal(got, []string{"z4", "a4"}) {
		t.Errorf("encoding header schema order = %v, want [z4 a4]", got)
	}
	if got := d.PropertyOrder(d.T.Components.Schemas["B"].Value); !slices.Equal(got, []string{"z21", "a21", "z22", "a22"}) {
		t.Errorf("allOf order = %v, want [z21 a21 z22 a22]", got)
	}
}

// TestPropertyOrderWithoutOriginsFallsBack: documents the node-tree walk
// cannot follow exactly are loaded with origins, and order as before.
func TestPropertyOrderWithoutOriginsFallsBack(t *testing.T) {
	t.Parallel()
	const head = "openapi: 3.1.0\ninfo: {title: t, version: \"1\"}\npaths:\n  /a: {get: {responses: {\"200\": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}}}}\n"
	for name, doc := range map[string]string{
		"alias": head + `components:
  schemas:
    A: {type: object, properties: {z: &s {type: object, properties: {y: {type: string}, b: {type: string}}}, a: *s}}
`,
		"merge key": head + `components:
  schemas:
    Base: &base {z: {type: string}, y: {type: string}}
    A: {type: object, properties: {<<: *base, a: {type: string}}}
`,
		"$ref with schema siblings": head + `components:
  schemas:
    C: {type: object, properties: {z: {type: string}, c: {type: string}}}
    A: {$ref: '#/components/schemas/C', properties: {y: {type: string}, b: {type: string}}}
`,
		"$ref outside components": head + `components:
  schemas:
    A: {type: object, properties: {z: {$ref: '#/x-defs/Z'}, a: {type: string}}}
x-defs:
  Z: {type: object, properties: {y: {type: string}, b: {type: string}}}
`,
		"json with a duplicate key": `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
 "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}}},
 "components": {"schemas": {"A": {"type": "object", "properties": {"z": {"type": "string"}, "a": {"type": "string"}, "z": {"type": "integer"}}}}}}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if compareWithOrigins(t, []byte(doc)) {
				t.Error("took the node-tree walk; want a load with origins")
			}
		})
	}
}
