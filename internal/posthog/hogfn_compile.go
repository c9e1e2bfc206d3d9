package posthog

import (
	"encoding/json"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/mockserver-go/mockserver/plugin"
)

const (
	maxHogBytes             = 100 * 1024
	maxEnabledTransforms    = 20
	msgHogTooLarge          = "HOG code exceeds maximum size of 100KB. Please simplify your code or contact support if you need this limit increased."
	msgTooManyTransforms    = "Maximum of 20 enabled transformation functions allowed per team. Please contact support if you need this limit increased, or disable some existing transformations."
	msgMappingsDestinations = "Mappings are only allowed for destinations."
)

var siteTypes = map[string]bool{"site_destination": true, "site_app": true}

var destinationTypes = map[string]bool{"destination": true, "site_destination": true, "internal_destination": true}

// filterKeys are the keys of filters that survive validation (§5.2).
var filterKeys = map[string]bool{"source": true, "actions": true, "events": true, "properties": true, "bytecode": true,
	"transpiled": true, "filter_test_accounts": true, "bytecode_error": true}

func invalid(attr, detail string) error { return plugin.Invalid(attr, "invalid_input", detail) }

// compile validates a hog function and fills what the server computes:
// trimmed strings, bytecode/transpiled, inputs_schema defaults, inputs
// (kept, typed, ordered, compiled), filters and masking bytecode. hogSent
// says whether the hog program must be (re)compiled.
func compile(fn map[string]any, hogSent bool) error {
	for _, k := range []string{"hog", "name", "description", "icon_url"} {
		if s, ok := fn[k].(string); ok {
			if t := strings.TrimSpace(s); len(t) != len(s) {
				fn[k] = t
			}
		}
	}
	typ := str(fn["type"])
	site := siteTypes[typ]
	hog := str(fn["hog"])
	if len(hog) > maxHogBytes {
		return invalid("hog", msgHogTooLarge)
	}
	if hogSent || fn["bytecode"] == nil && fn["transpiled"] == nil {
		if site {
			fn["bytecode"], fn["transpiled"] = nil, transpile(hog)
		} else {
			fn["bytecode"], fn["transpiled"] = hogBytecode(hog), nil
		}
	}
	schema, made := withFlags(list(fn["inputs_schema"]))
	if made {
		fn["inputs_schema"] = schema
	}
	inputs, err := compileInputs(schema, obj(fn["inputs"]), site)
	if err != nil {
		return err
	}
	fn["inputs"] = inputs
	fn["filters"] = compileFilters(obj(fn["filters"]), site)
	if m := obj(fn["masking"]); m != nil {
		masking := make(map[string]any, len(m)+1)
		for k, v := range m {
			masking[k] = v
		}
		masking["bytecode"] = []any{"_H", float64(1), float64(32), str(m["hash"]), float64(2), "sha256Hex", float64(1), float64(35)}
		fn["masking"] = masking
	}
	if fn["mappings"] != nil && !destinationTypes[typ] {
		return invalid("mappings", msgMappingsDestinations)
	}
	return nil
}

// withFlags is an inputs schema whose items all have their required, secret
// and hidden flags (false when absent), and whether it is a new one: schema
// itself is kept when no item lacks a flag. Items that lack one are copied,
// not modified: they may be shared with a stored version of the function.
func withFlags(schema []any) ([]any, bool) {
	if schema != nil && !slices.ContainsFunc(schema, lacksFlag) {
		return schema, false
	}
	out := make([]any, len(schema))
	for i, it := range schema {
		out[i] = it
		if !lacksFlag(it) {
			continue
		}
		m := obj(it)
		item := make(map[string]any, len(m)+3)
		for k, v := range m {
			item[k] = v
		}
		for _, k := range []string{"required", "secret", "hidden"} {
			if _, ok := item[k]; !ok {
				item[k] = false
			}
		}
		out[i] = item
	}
	return out, true
}

func lacksFlag(item any) bool {
	m := obj(item)
	_, r := m["required"]
	_, s := m["secret"]
	_, h := m["hidden"]
	return m != nil && !(r && s && h)
}

func compileInputs(schema []any, in map[string]any, site bool) (map[string]any, error) {
	if len(schema) == 0 && in != nil && len(in) == 0 {
		return in, nil // nothing to keep, and nothing kept: in may be the stored map
	}
	out := map[string]any{}
	order := 0
	for _, it := range schema {
		item := obj(it)
		key := str(item["key"])
		if key == "" {
			continue
		}
		input := obj(in[key])
		val, has := input["value"]
		if !has || val == nil || val == "" {
			if item["required"] == true {
				return nil, invalid("inputs__"+key, "This field is required.")
			}
			continue
		}
		if msg := typeMismatch(str(item["type"]), val); msg != "" {
			return nil, invalid("inputs__"+key, msg)
		}
		kept := map[string]any{"value": plugin.Clone(val)}
		tmpl := str(input["templating"])
		if tmpl == "hog" || tmpl == "liquid" {
			kept["templating"] = tmpl
		}
		switch t := str(item["type"]); {
		case site:
			kept["transpiled"] = map[string]any{"lang": "ts", "code": jsLiteral(val), "stl": []any{}}
		case tmpl != "liquid" && (t == "string" || t == "dictionary" || t == "json" || t == "email"):
			kept["bytecode"] = valueBytecode(val)
		}
		kept["order"] = float64(order)
		order++
		out[key] = kept
	}
	return out, nil
}

func typeMismatch(typ string, v any) string {
	switch typ {
	case "string":
		if _, ok := v.(string); !ok {
			return "Value must be a string."
		}
	case "number":
		if _, ok := v.(float64); !ok {
			return "Value must be a number."
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return "Value must be a boolean."
		}
	case "dictionary":
		if _, ok := v.(map[string]any); !ok {
			return "Value must be a dictionary."
		}
	case "integration":
		if f, ok := v.(float64); !ok || f != float64(int64(f)) {
			return "Value must be an Integration ID."
		}
	}
	return ""
}

func compileFilters(f map[string]any, site bool) map[string]any {
	out := make(map[string]any, len(f)+2) // room for source and bytecode
	for k, v := range f {
		if filterKeys[k] && k != "bytecode" && k != "transpiled" && k != "bytecode_error" {
			out[k] = v
		}
	}
	if _, ok := out["source"]; !ok {
		out["source"] = "events"
	}
	if site {
		out["transpiled"] = map[string]any{"lang": "ts", "code": filterJS(out), "stl": []any{}}
		return out
	}
	events := list(out["events"])
	bc := make([]any, 0, 4+7*len(events))
	bc = append(bc, "_H", float64(1))
	for _, e := range events {
		bc = append(bc, float64(32), str(obj(e)["id"]), float64(32), "event", float64(1), float64(1), float64(11))
	}
	switch {
	case len(events) == 0:
		bc = append(bc, float64(29))
	case len(events) > 1:
		bc = append(bc, float64(4), float64(len(events)))
	}
	out["bytecode"] = bc
	return out
}

var (
	inputRef = regexp.MustCompile(`inputs\.([A-Za-z_][A-Za-z0-9_]*)`)
	callRef  = regexp.MustCompile(`\b([A-Za-z_][A-Za-z0-9_]*)\(`)
)

var hogKeywords = map[string]bool{"if": true, "while": true, "for": true, "fun": true, "return": true, "not": true, "and": true, "or": true}

// hogBytecode is a plausible stand-in for compiled Hog: the real header
// ("_H", version 1), loads of the inputs used, the calls made, a return.
func hogBytecode(hog string) []any {
	bc := []any{"_H", float64(1)}
	for _, m := range inputRef.FindAllStringSubmatch(hog, -1) {
		bc = append(bc, float64(32), m[1], float64(32), "inputs", float64(1), float64(2))
	}
	for _, m := range callRef.FindAllStringSubmatch(hog, -1) {
		if !hogKeywords[m[1]] {
			bc = append(bc, float64(2), m[1], float64(1))
		}
	}
	return append(bc, float64(35))
}

func valueBytecode(v any) any {
	if m, ok := v.(map[string]any); ok {
		out := make(map[string]any, len(m))
		for k, x := range m {
			out[k] = valueBytecode(x)
		}
		return out
	}
	if s, ok := v.(string); ok {
		return []any{"_H", float64(1), float64(32), s}
	}
	b, _ := json.Marshal(v)
	return []any{"_H", float64(1), float64(32), string(b)}
}

func transpile(hog string) string {
	return "(function() {\n    function onLoad({ inputs, posthog }) {\n        // transpiled from Hog\n        " +
		strings.ReplaceAll(hog, "\n", "\n        ") + "\n    }\n    return { onLoad }\n})"
}

func jsLiteral(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func filterJS(f map[string]any) string {
	var names []string
	for _, e := range list(f["events"]) {
		names = append(names, jsLiteral(str(obj(e)["id"])))
	}
	if len(names) == 0 {
		return "true"
	}
	sort.Strings(names)
	return "[" + strings.Join(names, ", ") + "].includes(event.event)"
}
