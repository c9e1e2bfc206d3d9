package spec

import (
	"reflect"
	"strings"
	"testing"
)

const secretsDoc = `openapi: 3.0.3
info: {title: s, version: "1"}
components:
  securitySchemes:
    header: {type: apiKey, in: header, name: X-Key}
    query: {type: apiKey, in: query, name: key}
    bearer:
      type: http
      scheme: bearer
      x-mock-credential-sources: [{in: body, name: api_token}, {in: header, name: X-Token}]
paths:
  /a: {get: {responses: {'200': {description: ok}}}}
`

// x-mock-secrets is read with its defaults, and the places the security
// schemes read credentials from are secrets too.
func TestSecrets(t *testing.T) {
	t.Parallel()
	d, err := Load([]byte(secretsDoc+`x-mock-secrets:
  prefixes: [tok_]
  patterns: ['sk-[0-9]+']
  headers: [X-Vendor]
  fields: [license, key]
  flagged: [{list: schema, values: inputs}]
`), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := d.Secrets
	if !reflect.DeepEqual(s.Headers, []string{"X-Vendor", "X-Token", "X-Key"}) {
		t.Errorf("headers %v", s.Headers)
	}
	if !reflect.DeepEqual(s.Fields, []string{"license", "key", "api_token"}) {
		t.Errorf("fields %v", s.Fields)
	}
	if len(s.Patterns) != 1 || !reflect.DeepEqual(s.Prefixes, []string{"tok_"}) {
		t.Errorf("patterns %v, prefixes %v", s.Patterns, s.Prefixes)
	}
	if want := []FlaggedSecret{{List: "schema", Values: "inputs", Key: "key", Flag: "secret"}}; !reflect.DeepEqual(s.Flagged, want) {
		t.Errorf("flagged %v", s.Flagged)
	}
}

// A malformed declaration is a start-up error naming where it is.
func TestSecretsBadValues(t *testing.T) {
	t.Parallel()
	for ext, want := range map[string]string{
		"patterns: ['sk-[']":        "x-mock-secrets: patterns[0]",
		"patterns: ['a*']":          "x-mock-secrets: patterns[0]: \"a*\" matches the empty string",
		"prefixes: ['']":            "x-mock-secrets: prefixes[0]: empty prefix",
		"flagged: [{list: schema}]": "x-mock-secrets: flagged[0]: list and values are required",
		"field: [license]":          "x-mock-secrets",
		"headers: X-One":            "x-mock-secrets",
	} {
		_, err := Load([]byte(secretsDoc+"x-mock-secrets:\n  "+ext+"\n"), LoadOptions{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error with %q", ext, err, want)
		}
	}
}
