package spec

import (
	"errors"
	"os"
	"slices"
	"testing"
)

func TestLoadSwagger2(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../testdata/specs/petstore-swagger2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, err := Load(data, LoadOptions{Location: "petstore-swagger2.yaml"})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if !slices.Contains(d.Warnings, Swagger2Notice) {
		t.Errorf("warnings %q lack %q", d.Warnings, Swagger2Notice)
	}
	if d.T.OpenAPI != "3.0.3" || d.Title != "Petstore (Swagger 2.0)" {
		t.Errorf("openapi %q title %q", d.T.OpenAPI, d.Title)
	}
	if len(d.Operations) != 3 {
		t.Errorf("%d operations, want 3", len(d.Operations))
	}
	m, ok := d.Match("POST", "/pets")
	if !ok || m.Op == nil || m.Op.Role != RoleCreate || JSONRequestSchema(m.Op) == nil {
		t.Fatalf("POST /pets: %+v %v: want the create operation with a JSON body", m, ok)
	}
	if m, ok := d.Match("GET", "/pets/7"); !ok || m.Op == nil || m.Op.Role != RoleRead || m.Params["petId"] != "7" {
		t.Errorf("GET /pets/7: %+v %v", m, ok)
	}
}

func TestSwaggerVersion(t *testing.T) {
	t.Parallel()
	tests := []struct{ doc, want string }{
		{"swagger: \"2.0\"\ninfo: {}\n", "2.0"},
		{`{"info":{},"swagger":"2.0"}`, "2.0"},
		{"swagger: 1.2\n", "1.2"},
		{"openapi: 3.0.3\ninfo: {description: made with swagger-ui}\n", ""},
		{"openapi: 3.0.3\ninfo: {description: \"swagger: not a key\"}\n", ""},
		{"openapi: 3.0.3\n", ""},
		{`{"openapi":"3.0.3","info":{"x-origin":[{"format":"swagger","url":"https://x.test/swagger.json"}]}}`, ""},
		{"{\"swagger\" :\n \"2.0\"}", "2.0"},
	}
	for _, tt := range tests {
		if got := swaggerVersion([]byte(tt.doc)); got != tt.want {
			t.Errorf("swaggerVersion(%q) = %q, want %q", tt.doc, got, tt.want)
		}
	}
}

func TestLoadSwaggerOtherVersion(t *testing.T) {
	t.Parallel()
	_, err := Load([]byte("swagger: \"1.2\"\npaths: {}\n"), LoadOptions{})
	var le *LoadError
	if !errors.As(err, &le) || le.Where != "swagger" {
		t.Fatalf("err = %v, want a LoadError at swagger", err)
	}
}
