package spec

import (
	"regexp"
	"strings"
)

// Kinds of warnings. A command counts warnings by kind (a dirty document
// can have hundreds of the same one), so a kind names a class of problem,
// never an instance.
const (
	KindInvalidExample     = "invalid example"
	KindInvalidDefault     = "invalid default"
	KindInvalidDocument    = "invalid OpenAPI"
	KindDuplicateOperation = "duplicate operationId"
	// KindNotAResource: a collection path and its item path whose shapes
	// disagree, so that neither keeps state.
	KindNotAResource = "not a resource"
	// KindExampleMismatch: an example that fails its own schema, located
	// by JSON pointer (examples.go). The engine never serves one.
	KindExampleMismatch = "example does not match its schema"
	// KindParameterStyle: a parameter style its schema cannot take
	// (deepObject for an array), read as the nearest style that can.
	KindParameterStyle = "parameter style"
)

// Warning is a problem of a document that did not stop it loading.
// Doc.Warnings holds warnings in their string form, "kind at where:
// detail", which ParseWarning reads back: strings keep the public API and
// the reload log as they are, and this file is the one place that knows
// the form.
type Warning struct {
	Kind   string // one of the Kind… constants; "" when the string had no known kind
	Where  string // where in the document: `schema "Pet"`, `GET /pets`; may be empty
	Detail string
}

func (w Warning) String() string {
	switch {
	case w.Kind == "":
		return w.Detail
	case w.Where == "":
		return w.Kind + ": " + w.Detail
	}
	return w.Kind + " at " + w.Where + ": " + w.Detail
}

// ParseWarning reads a warning's string form back. A string that does not
// start with a known kind is a Warning with only a Detail.
func ParseWarning(s string) Warning {
	for _, kind := range [...]string{KindInvalidExample, KindInvalidDefault, KindInvalidDocument, KindDuplicateOperation, KindNotAResource, KindExampleMismatch, KindParameterStyle} {
		rest, ok := strings.CutPrefix(s, kind)
		if !ok {
			continue
		}
		if detail, ok := strings.CutPrefix(rest, ": "); ok {
			return Warning{Kind: kind, Detail: detail}
		}
		if at, ok := strings.CutPrefix(rest, " at "); ok {
			if where, detail, ok := strings.Cut(at, ": "); ok {
				return Warning{Kind: kind, Where: where, Detail: detail}
			}
		}
	}
	return Warning{Detail: s}
}

func (d *Doc) addWarning(w Warning) { d.Warnings = append(d.Warnings, w.String()) }

// kinPrefix matches one level of kin-openapi's validation message: the
// section, path, operation or named component the rest is about.
var kinPrefix = regexp.MustCompile(`^(?:invalid (components|paths|webhooks)|invalid path (\S+)|invalid operation (\w+)|(schema|parameter|response|requestBody|header|securityScheme|example|link|callback|webhook) ("[^"]*")(?: schema is invalid)?): `)

// validationWarning turns one of kin-openapi's validation failures into a
// warning: where from the message's leading "invalid paths: invalid path
// /x: invalid operation GET: " levels, the kind from what follows them,
// and no dump of the schema and the value (hundreds of lines each for a
// large document).
func validationWarning(msg string) Warning {
	msg = withoutDumps(msg)
	var path, method string
	var where []string
	for {
		m := kinPrefix.FindStringSubmatch(msg)
		if m == nil {
			break
		}
		msg = msg[len(m[0]):]
		switch {
		case m[2] != "":
			path = m[2]
		case m[3] != "":
			method = m[3]
		case m[4] != "":
			where = append(where, m[4]+" "+m[5])
		}
	}
	if path != "" || method != "" {
		where = append([]string{strings.TrimSpace(method + " " + path)}, where...)
	}
	w := Warning{Kind: KindInvalidDocument, Where: strings.Join(where, " "), Detail: msg}
	for _, kind := range [...]string{KindInvalidExample, KindInvalidDefault} {
		if detail, ok := strings.CutPrefix(msg, kind+": "); ok {
			w.Kind, w.Detail = kind, detail
		}
	}
	return w
}

// withoutDumps removes the "\nSchema:\n  {…}\n\nValue:\n  …\n" blocks
// kin-openapi appends to each schema error, keeping the reasons (several
// errors are joined by " | ") on one line.
func withoutDumps(msg string) string {
	if !strings.Contains(msg, "\nSchema:\n") {
		return msg
	}
	var b strings.Builder
	skipping := false
	for i, line := range strings.Split(msg, "\n") {
		switch {
		case line == "Schema:":
			skipping = true
		case skipping && (line == "" || line == "Value:" || strings.HasPrefix(line, "  ")):
		default:
			skipping = false
			if i > 0 && !strings.HasPrefix(line, " |") {
				b.WriteByte(' ')
			}
			b.WriteString(line)
		}
	}
	return strings.TrimSpace(b.String())
}
