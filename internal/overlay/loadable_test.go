package overlay

import (
	"encoding/json"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

func TestEncodeLoadable(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, yaml, want string }{
		{"key order kept", "b: 1\na: 2\n", "\"b\": 1\n\"a\": 2\n"},
		{"scalars", "s: text\ni: 42\nf: 1.5\nt: true\nn: null\ne: ~\nq: '42'\n",
			"\"s\": \"text\"\n\"i\": 42\n\"f\": 1.5\n\"t\": true\n\"n\": null\n\"e\": null\n\"q\": \"42\"\n"},
		{"nesting", "a:\n  b: [1, {c: d}]\n  e: {}\n  f: []\n",
			"\"a\":\n  \"b\":\n    - 1\n    -\n      \"c\": \"d\"\n  \"e\": {}\n  \"f\": []\n"},
		{"response codes are names", "responses:\n  200: {description: OK}\n", "\"responses\":\n  \"200\":\n    \"description\": \"OK\"\n"},
		{"escapes", "s: \"q \\\" b \\\\ n \\n t \\t bell \\a nel \\N é <b>\"\n", "\"s\": \"q \\\" b \\\\ n \\n t \\t bell \\u0007 nel \\u0085 é <b>\"\n"},
		{"an int beyond int64 stays a number", "max: 18446744073709551615\n", "\"max\": 18446744073709551615\n"},
		{"what JSON cannot hold is a string", "d: 2024-01-02\ninf: .inf\n", "\"d\": \"2024-01-02\"\n\"inf\": \".inf\"\n"},
		{"aliases written out", "a: &x {k: v}\nb: *x\n", "\"a\":\n  \"k\": \"v\"\n\"b\":\n  \"k\": \"v\"\n"},
		{"empty document", "", "null\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var n yaml.Node
			if err := yaml.Unmarshal([]byte(tt.yaml), &n); err != nil {
				t.Fatal(err)
			}
			got, err := EncodeLoadable(&n)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			// What it writes reads back as the same values.
			var back yaml.Node
			if err := yaml.Unmarshal(got, &back); err != nil {
				t.Fatalf("does not parse: %v\n%s", err, got)
			}
			if strings.Contains(tt.name, "JSON cannot hold") {
				return
			}
			if a, b := asJSON(t, &n), asJSON(t, &back); a != b {
				t.Errorf("reads back as %s, was %s", b, a)
			}
		})
	}
}

// TestApplyLoadableMatchesApply checks that both encodings of one result
// hold the same values.
func TestApplyLoadableMatchesApply(t *testing.T) {
	t.Parallel()
	ov := overlayOf("- target: $.paths.*.get\n  update: {x-safe: true}\n")
	y, _, err := Apply([]byte(pets), ov)
	if err != nil {
		t.Fatal(err)
	}
	l, _, err := ApplyLoadable([]byte(pets), ov)
	if err != nil {
		t.Fatal(err)
	}
	var yn, ln yaml.Node
	if err := yaml.Unmarshal(y, &yn); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(l, &ln); err != nil {
		t.Fatal(err)
	}
	if a, b := asJSON(t, &yn), asJSON(t, &ln); a != b {
		t.Errorf("YAML result %s\nloadable result %s", a, b)
	}
}

func asJSON(t *testing.T, n *yaml.Node) string {
	t.Helper()
	b, err := json.Marshal(Plain(n))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
