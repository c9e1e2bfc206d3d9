package posthog

import (
	"maps"
	"testing"

	"github.com/mockserver-go/mockserver/internal/engine"
	"github.com/mockserver-go/mockserver/internal/store"
)

// compiledFunction is a hog function as compile makes it, with every
// derived field in use: flagged and secret inputs, templated and
// dictionary inputs, filters with events and a dropped key, masking.
func compiledFunction(t *testing.T, typ string) map[string]any {
	t.Helper()
	fn := map[string]any{
		"id": "f1", "type": typ, "name": " n ", "hog": "fetch(inputs.url, inputs.body)",
		"inputs_schema": []any{
			map[string]any{"key": "url", "type": "string", "required": true},
			map[string]any{"key": "token", "type": "string", "secret": true},
			map[string]any{"key": "body", "type": "dictionary", "required": false, "secret": false, "hidden": false},
			map[string]any{"key": "unset", "type": "string"},
		},
		"inputs": map[string]any{
			"url":   map[string]any{"value": "https://example.com/{event.uuid}", "templating": "liquid"},
			"token": map[string]any{"value": "s3cret"},
			"body":  map[string]any{"value": map[string]any{"event": "{event}", "n": 1.0}},
		},
		"filters": map[string]any{"events": []any{map[string]any{"id": "$pageview"}, map[string]any{"id": "$exit"}},
			"bytecode_error": "stale", "junk": true},
		"masking":  map[string]any{"ttl": 60.0, "hash": "{person.id}"},
		"mappings": nil,
	}
	if err := compile(fn, true, nil); err != nil {
		t.Fatal(err)
	}
	return fn
}

// A compile given the version it compiled before keeps the derived fields
// whose sources are the very same values (no new ones are made), and they
// equal what a full compile of the new version makes.
func TestCompileFromCompiledVersionEqualsFullCompile(t *testing.T) {
	for _, typ := range []string{"destination", "site_destination"} {
		prev := compiledFunction(t, typ)

		// The engine's update: a shallow copy, the client's fields merged.
		skipped := maps.Clone(prev)
		skipped["name"], skipped["enabled"] = "renamed", true
		full := maps.Clone(skipped)
		if err := compile(skipped, false, prev); err != nil {
			t.Fatal(err)
		}
		if err := compile(full, false, nil); err != nil {
			t.Fatal(err)
		}
		for _, k := range compiledFields {
			if !engine.EqualJSON(skipped[k], full[k]) {
				t.Errorf("%s: %s = %v after a compile from the compiled version, %v after a full one", typ, k, skipped[k], full[k])
			}
			if !store.Same(skipped[k], prev[k]) {
				t.Errorf("%s: %s was made anew though its sources did not change", typ, k)
			}
		}
		if !engine.EqualJSON(skipped, full) {
			t.Errorf("%s: compile from the compiled version = %v, full compile = %v", typ, skipped, full)
		}
	}
}

// A source that changed makes its derived fields anew, as a full compile
// would; the others are kept.
func TestCompileFromCompiledVersionRedoesChangedSources(t *testing.T) {
	prev := compiledFunction(t, "destination")
	for _, tt := range []struct {
		field string
		value any
		redo  []string // derived fields made anew
	}{
		{"filters", map[string]any{"events": []any{map[string]any{"id": "signup"}}}, []string{"filters"}},
		{"inputs", map[string]any{"url": map[string]any{"value": "https://other.test"}}, []string{"inputs", "inputs_schema"}},
		{"inputs_schema", []any{map[string]any{"key": "url", "type": "string"}}, []string{"inputs", "inputs_schema"}},
		{"masking", map[string]any{"ttl": 10.0, "hash": "{event.uuid}"}, []string{"masking"}},
	} {
		fn := maps.Clone(prev)
		fn[tt.field] = tt.value
		full := maps.Clone(fn)
		if err := compile(fn, false, prev); err != nil {
			t.Fatal(err)
		}
		if err := compile(full, false, nil); err != nil {
			t.Fatal(err)
		}
		if !engine.EqualJSON(fn, full) {
			t.Errorf("%s changed: compile from the compiled version = %v, full compile = %v", tt.field, fn, full)
		}
		for _, k := range []string{"inputs_schema", "inputs", "filters", "masking"} {
			redone := false
			for _, r := range tt.redo {
				redone = redone || r == k
			}
			if !redone && !store.Same(fn[k], prev[k]) {
				t.Errorf("%s changed: %s was made anew", tt.field, k)
			}
		}
	}

	// A missing required input is still refused when inputs change.
	fn := maps.Clone(prev)
	fn["inputs"] = map[string]any{}
	if err := compile(fn, false, prev); err == nil {
		t.Error("a required input removed: no error")
	}
}
