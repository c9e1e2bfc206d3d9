package spec

import (
	"strings"
	"testing"
)

// Shapes of real-world documents (docs/corpus.md) that the loader reads
// as they mean.

func TestSiblingMediaTypeSharesItsSchema(t *testing.T) {
	t.Parallel()
	d, err := Load([]byte(`{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
"paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok", "content": {
  "application/json": {"example": {"when": "2025-10-15T13:53:36Z"}},
  "application/json; charset=utf-8": {"schema": {"type": "object", "properties": {"when": {"type": "string", "format": "date"}}}},
  "application/xml": {}}}}}}}}`), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	op, _ := d.Operation("a")
	r, _ := op.Response("200")
	if m := r.Content["application/json"]; m.Schema == nil || m.Schema.Value.Properties["when"] == nil {
		t.Fatalf("application/json did not take its sibling's schema: %+v", m.Schema)
	}
	if r.Content["application/xml"].Schema != nil {
		t.Error("application/xml took a JSON sibling's schema")
	}
	var found bool
	for _, w := range d.Warnings {
		if pw := ParseWarning(w); pw.Kind == KindExampleMismatch && strings.Contains(pw.Where, "application~1json/example") {
			found = true
		}
	}
	if !found {
		t.Errorf("the example, now under a schema it fails, is not warned about: %q", d.Warnings)
	}
}

func TestIgnoredHeaderParameters(t *testing.T) {
	t.Parallel()
	d, err := Load([]byte(`{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
"paths": {"/a": {"get": {"operationId": "a", "parameters": [
  {"name": "Authorization", "in": "header", "required": true, "schema": {"type": "string"}},
  {"name": "accept", "in": "header", "schema": {"type": "string"}},
  {"name": "Content-Type", "in": "header", "schema": {"type": "string"}},
  {"name": "Authorization", "in": "query", "schema": {"type": "string"}},
  {"name": "X-Trace", "in": "header", "schema": {"type": "string"}}],
  "responses": {"200": {"description": "ok"}}}}}}`), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	op, _ := d.Operation("a")
	var got []string
	for _, p := range op.Params {
		got = append(got, p.In+":"+p.Name)
	}
	if strings.Join(got, " ") != "query:Authorization header:X-Trace" {
		t.Errorf("params = %v, want the query Authorization and X-Trace only", got)
	}
}

func TestDeepObjectArrayReadAsForm(t *testing.T) {
	t.Parallel()
	d, err := Load([]byte(`{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
"paths": {"/a": {"get": {"operationId": "a", "parameters": [
  {"name": "expand", "in": "query", "style": "deepObject", "explode": true, "schema": {"type": "array", "items": {"type": "string"}}},
  {"name": "filter", "in": "query", "style": "deepObject", "explode": true, "schema": {"type": "object", "properties": {"a": {"type": "string"}}}}],
  "responses": {"200": {"description": "ok"}}}}}}`), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	op, _ := d.Operation("a")
	if p := op.Param("query", "expand"); p.P.Style != "form" || p.P.Explode == nil || !*p.P.Explode {
		t.Errorf("expand: style %q, want form exploded", p.P.Style)
	}
	if p := op.Param("query", "filter"); p.P.Style != "deepObject" {
		t.Errorf("filter (an object): style %q, want deepObject kept", p.P.Style)
	}
	if w := strings.Join(d.Warnings, "\n"); !strings.Contains(w, KindParameterStyle+" at GET /a parameter expand") {
		t.Errorf("no parameter style warning naming expand:\n%s", w)
	}
}

func TestResourceWithFormatExtension(t *testing.T) {
	t.Parallel()
	d, err := Load([]byte(`{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
"paths": {
  "/Accounts/{AccountSid}/Messages.json": {"get": {"operationId": "list", "parameters": [{"name": "AccountSid", "in": "path", "required": true, "schema": {"type": "string"}}],
    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"page": {"type": "integer"}, "messages": {"type": "array", "items": {"$ref": "#/components/schemas/Message"}}}}}}}}}},
  "/Accounts/{AccountSid}/Messages/{Sid}.json": {"get": {"operationId": "read", "parameters": [
    {"name": "AccountSid", "in": "path", "required": true, "schema": {"type": "string"}},
    {"name": "Sid", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^MM[0-9a-f]{32}$", "minLength": 34, "maxLength": 34}}],
    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Message"}}}}}}}},
"components": {"schemas": {"Message": {"type": "object", "properties": {"sid": {"type": "string"}, "body": {"type": "string"}}}}}}`), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	read, _ := d.Operation("read")
	res := read.Resource
	if res == nil || read.Role != RoleRead {
		t.Fatalf("the item at {Sid}.json is no resource's read (warnings %q)", d.Warnings)
	}
	if res.IDParam != "Sid" || len(res.ScopeParams) != 1 || res.ScopeParams[0] != "AccountSid" {
		t.Errorf("id param %q, scope %v; want Sid under AccountSid", res.IDParam, res.ScopeParams)
	}
	if res.IDSchema == nil || res.IDSchema.Pattern == "" {
		t.Errorf("the id parameter's pattern is not kept for new ids: %+v", res.IDSchema)
	}
}

func TestSplitExtension(t *testing.T) {
	t.Parallel()
	for seg, want := range map[string][2]string{
		"{Sid}.json":    {"{Sid}", ".json"},
		"{id}":          {"{id}", ""},
		"v1.2":          {"v1.2", ""},
		"{a}.{b}":       {"{a}.{b}", ""},
		".{hidden}":     {".{hidden}", ""},
		"{name}.tar.gz": {"{name}.tar.gz", ""},
	} {
		if base, ext := splitExtension(seg); base != want[0] || ext != want[1] {
			t.Errorf("splitExtension(%q) = %q, %q; want %q, %q", seg, base, ext, want[0], want[1])
		}
	}
}

func TestIDSchemaOnlyWhereUUIDsDoNotFit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		param string
		kept  bool
	}{
		{`{"type": "string"}`, false},
		{`{"type": "string", "maxLength": 5000}`, false},
		{`{"type": "string", "maxLength": 34}`, true},
		{`{"type": "string", "pattern": "^AD[0-9a-f]{32}$"}`, true},
		{`{"type": "string", "enum": ["a", "b"]}`, true},
		{`{"type": "string", "format": "uuid"}`, false}, // a uuid resource: ids are uuids already
		{`{"type": "integer"}`, false},
	} {
		doc := strings.Replace(string(pairDoc(thingArr, thingRef, "", "")), `"name": "id", "in": "path", "required": true, "schema": {"type": "string"}`,
			`"name": "id", "in": "path", "required": true, "schema": `+tc.param, 1)
		d, err := Load([]byte(doc), LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		read, _ := d.Operation("read")
		if got := read.Resource.IDSchema != nil; got != tc.kept {
			t.Errorf("id parameter %s: IDSchema kept %v, want %v", tc.param, got, tc.kept)
		}
	}
}
