package posthog

import (
	"maps"
	"testing"

	"github.com/mockserver-go/mockserver/plugin"
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
	if err := compile(fn, true); err != nil {
		t.Fatal(err)
	}
	return fn
}

// Compiling a compiled function again changes nothing (an update that
// touches none of its sources keeps every derived field), for both kinds
// of output (bytecode and transpiled).
func TestCompileIsIdempotent(t *testing.T) {
	for _, typ := range []string{"destination", "site_destination"} {
		compiled := compiledFunction(t, typ)
		again := maps.Clone(compiled)
		if err := compile(again, false); err != nil {
			t.Fatal(err)
		}
		for _, k := range compiledFields {
			if !plugin.Equal(again[k], compiled[k]) {
				t.Errorf("%s: %s = %v compiled again, %v before", typ, k, again[k], compiled[k])
			}
		}
		if !plugin.Equal(again, compiled) {
			t.Errorf("%s: compiled again = %v, before = %v", typ, again, compiled)
		}
	}
}

// A source that changed gives its derived fields anew; the others stay
// equal.
func TestCompileRedoesChangedSources(t *testing.T) {
	prev := compiledFunction(t, "destination")
	for _, tt := range []struct {
		field string
		value any
		redo  []string // derived fields that change
	}{
		{"filters", map[string]any{"events": []any{map[string]any{"id": "signup"}}}, []string{"filters"}},
		{"inputs", map[string]any{"url": map[string]any{"value": "https://other.test"}}, []string{"inputs"}},
		{"inputs_schema", []any{map[string]any{"key": "url", "type": "string"}}, []string{"inputs", "inputs_schema"}},
		{"masking", map[string]any{"ttl": 10.0, "hash": "{event.uuid}"}, []string{"masking"}},
	} {
		fn := maps.Clone(prev)
		fn[tt.field] = tt.value
		if err := compile(fn, false); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"inputs_schema", "inputs", "filters", "masking"} {
			redone := false
			for _, r := range tt.redo {
				redone = redone || r == k
			}
			if changed := !plugin.Equal(fn[k], prev[k]); changed != redone {
				t.Errorf("%s changed: %s changed = %v, want %v (%v -> %v)", tt.field, k, changed, redone, prev[k], fn[k])
			}
		}
	}

	// A missing required input is refused when inputs change.
	fn := maps.Clone(prev)
	fn["inputs"] = map[string]any{}
	if err := compile(fn, false); err == nil {
		t.Error("a required input removed: no error")
	}
}
