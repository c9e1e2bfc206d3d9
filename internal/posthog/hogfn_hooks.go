package posthog

import (
	"maps"
	"strings"

	"github.com/mockserver-go/mockserver/plugin"
)

// fullFields and minimalFields are the Era-A serializers' keys (§5.1).
var (
	fullFields = []string{"id", "type", "name", "description", "created_at", "created_by", "updated_at", "enabled", "hog", "bytecode",
		"transpiled", "inputs_schema", "inputs", "filters", "masking", "mappings", "icon_url", "template", "status", "execution_order"}
	minimalFields = []string{"id", "type", "name", "description", "created_at", "created_by", "updated_at", "enabled", "hog", "filters",
		"icon_url", "template", "status", "execution_order"}
)

// compiledFields are the fields compile makes anew on every update.
var compiledFields = []string{"inputs_schema", "inputs", "filters", "masking", "bytecode", "transpiled"}

// hogCreate applies the create rules of §5.2 to a new hog function.
func hogCreate(c plugin.Call, fn, body map[string]any) error {
	if i := seedIndex(c); i >= 0 {
		keep := map[string]any{"id": fn["id"], "created_at": fn["created_at"], "updated_at": fn["updated_at"]}
		body = seedHogFunction(c, i)
		for k := range fn {
			delete(fn, k)
		}
		for k, v := range keep {
			fn[k] = v
		}
		for k, v := range body {
			fn[k] = v
		}
		fn["created_by"] = user(i)
	} else {
		fn["created_by"] = user(0)
	}
	defaults := map[string]any{"type": "destination", "description": "", "enabled": false, "name": nil, "icon_url": nil,
		"masking": nil, "mappings": nil, "execution_order": nil}
	for k, v := range defaults {
		if fn[k] == nil {
			fn[k] = v
		}
	}
	fn["template"] = nil
	delete(fn, "template_id")
	if tid := str(body["template_id"]); tid != "" {
		tpl, ok := template(tid)
		if !ok {
			return invalid("template_id", "No template found for id '"+tid+"'")
		}
		for field, from := range map[string]string{"name": "name", "description": "description", "icon_url": "icon_url", "inputs_schema": "inputs_schema", "hog": "code"} {
			if _, sent := body[field]; !sent {
				fn[field] = plugin.Clone(tpl[from])
			}
		}
		fn["template"], fn["template_id"] = tpl, tid
	}
	switch h, ok := fn["hog"].(string); {
	case !ok:
		return invalid("hog", "Required.")
	case strings.TrimSpace(h) == "":
		return plugin.Invalid("hog", "blank", "This field may not be blank.")
	}
	if err := compile(fn, true); err != nil {
		return err
	}
	fn["status"] = map[string]any{"state": float64(0), "tokens": float64(0)}
	if err := placeTransformation(c, fn, "", body); err != nil {
		return err
	}
	return nil
}

// hogUpdate applies the update rules of §5.4: type is fixed, template_id
// ignored, secrets kept, re-enable/undelete moves a transformation last.
func hogUpdate(c plugin.Call, old, fn, patch map[string]any) error {
	if t, ok := patch["type"]; ok && t != old["type"] {
		return invalid("type", "Cannot modify the type of an existing function")
	}
	fn["type"] = old["type"]
	if tid, ok := old["template_id"]; ok {
		fn["template_id"] = tid
	} else {
		delete(fn, "template_id") // as created: absent, not null
	}
	keepSecrets(old, fn)
	if _, ok := patch["filters"]; ok && fn["filters"] == nil {
		fn["filters"] = map[string]any{}
	}
	_, hogSent := patch["hog"]
	if err := compile(fn, hogSent); err != nil {
		return err
	}
	// What compile made anew but equal to the stored version stays the
	// stored value: the engine renders again only what is not the same.
	for _, k := range compiledFields {
		if v, ok := old[k]; ok && plugin.Equal(fn[k], v) {
			fn[k] = v
		}
	}
	id := str(old["id"])
	_, orderSent := patch["execution_order"]
	moveLast := false
	if fn["type"] == "transformation" && !orderSent {
		if patch["enabled"] == true && old["enabled"] != true {
			moveLast = true
		}
		if d, ok := patch["deleted"].(bool); ok && !d {
			if c.Collection().Deleted(id) {
				moveLast = true
			}
		}
	}
	if moveLast {
		fn["execution_order"] = nil
	}
	if err := placeTransformation(c, fn, id, patch); err != nil {
		return err
	}
	return nil
}

// placeTransformation numbers a transformation without an order (highest
// + 1) and enforces the limit on enabled transformations.
func placeTransformation(c plugin.Call, fn map[string]any, self string, body map[string]any) error {
	if fn["type"] != "transformation" {
		return nil
	}
	highest, enabled := 0.0, 0
	for _, o := range c.Collection().All() {
		if str(o["id"]) == self || o["type"] != "transformation" {
			continue
		}
		if n, ok := o["execution_order"].(float64); ok && n > highest {
			highest = n
		}
		if o["enabled"] == true {
			enabled++
		}
	}
	if fn["enabled"] == true && enabled >= maxEnabledTransforms && (self == "" || body["enabled"] == true) {
		return invalid("type", msgTooManyTransforms)
	}
	if fn["execution_order"] == nil {
		fn["execution_order"] = highest + 1
	}
	return nil
}

// keepSecrets restores stored secret inputs the client did not replace
// (omitted, or sent back as {"secret": true}).
func keepSecrets(old, fn map[string]any) {
	oldIn, in := obj(old["inputs"]), obj(fn["inputs"])
	copied := false // fn's inputs are shared with the stored version: copied before the first change
	for _, it := range list(fn["inputs_schema"]) {
		item := obj(it)
		key := str(item["key"])
		if item["secret"] != true || oldIn[key] == nil {
			continue
		}
		cur, sent := in[key]
		if m := obj(cur); !sent || m != nil && m["secret"] == true && m["value"] == nil {
			if !copied {
				in, copied = maps.Clone(in), true
				if in == nil {
					in = map[string]any{}
				}
				fn["inputs"] = in
			}
			in[key] = plugin.Clone(oldIn[key])
		}
	}
}

// hogView renders the full or minimal serializer, secrets hidden. A
// function with no field the serializer leaves out and no secret input to
// hide is its own view.
func hogView(_ plugin.Call, fn map[string]any, isList bool) map[string]any {
	fields, known := fullFields, fullSet
	if isList {
		fields, known = minimalFields, minimalSet
	}
	var inputs any
	masked := false
	if _, ok := fn["inputs"]; ok && !isList {
		inputs, masked = viewInputs(fn)
	}
	if !masked && onlyKeys(fn, known) {
		return fn
	}
	out := make(map[string]any, len(fields))
	for _, k := range fields {
		if v, ok := fn[k]; ok { // absent (e.g. arranged with Put): omitted, not null
			out[k] = v
		}
	}
	if masked {
		out["inputs"] = inputs
	}
	return out
}

// fullSet and minimalSet are fullFields and minimalFields as sets.
var fullSet, minimalSet = setOf(fullFields), setOf(minimalFields)

func setOf(keys []string) map[string]bool {
	out := make(map[string]bool, len(keys))
	for _, k := range keys {
		out[k] = true
	}
	return out
}

// onlyKeys reports whether every key of m is in known.
func onlyKeys(m map[string]any, known map[string]bool) bool {
	for k := range m {
		if !known[k] {
			return false
		}
	}
	return true
}

// viewInputs is a hog function's inputs as the full serializer shows them:
// secret ones as {"secret": true}; masked says whether that is a new map
// (else it is fn's inputs).
func viewInputs(fn map[string]any) (inputs any, masked bool) {
	var secret map[string]bool // made for the first secret input
	for _, it := range list(fn["inputs_schema"]) {
		if item := obj(it); item["secret"] == true {
			if secret == nil {
				secret = map[string]bool{}
			}
			secret[str(item["key"])] = true
		}
	}
	in := obj(fn["inputs"])
	if len(secret) == 0 || in == nil {
		return fn["inputs"], false
	}
	out := make(map[string]any, len(in))
	for k, v := range in {
		if secret[k] {
			v = map[string]any{"secret": true}
		}
		out[k] = v
	}
	return out, true
}
