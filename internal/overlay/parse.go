package overlay

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/theory/jsonpath"
	"go.yaml.in/yaml/v4"
)

// File is one overlay document and the name its errors and warnings
// give it (a file name, or where it came from).
type File struct {
	Name string
	Data []byte
}

// Error is a malformed overlay, or an action that cannot be applied.
type Error struct {
	File   string // File.Name
	Action int    // index in actions (from 0); -1 for the overlay as a whole
	Target string // the action's target, when it has one
	Err    error
}

var _ error = &Error{}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("overlay " + e.File)
	if e.Action >= 0 {
		fmt.Fprintf(&b, ": actions[%d]", e.Action)
		if e.Target != "" {
			fmt.Fprintf(&b, " (target %s)", e.Target)
		}
	}
	b.WriteString(": " + e.Err.Error())
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// overlay is a parsed overlay document.
type overlay struct {
	name    string
	actions []action
}

// action is one parsed Action Object.
type action struct {
	target string
	path   *jsonpath.Path
	update *yaml.Node // nil when the action has none
	remove bool
}

var supportedVersion = regexp.MustCompile(`^1\.0\.\d+$`)

// parse reads and checks an overlay document against the Overlay 1.0
// schema: the fields it defines with their types, x- extensions, nothing
// else.
func parse(f File) (*overlay, error) {
	fail := func(format string, args ...any) error {
		return &Error{File: f.Name, Action: -1, Err: fmt.Errorf(format, args...)}
	}
	var docNode yaml.Node
	if err := yaml.Unmarshal(f.Data, &docNode); err != nil {
		return nil, fail("not YAML or JSON: %w", err)
	}
	if len(docNode.Content) == 0 {
		return nil, fail("empty document")
	}
	root := deref(docNode.Content[0])
	if root.Kind != yaml.MappingNode {
		return nil, fail("not an object")
	}
	if err := checkAliases(root); err != nil {
		return nil, fail("%w", err)
	}
	o := &overlay{name: f.Name}
	var version, actions *yaml.Node
	for i := 0; i < len(root.Content); i += 2 {
		k, v := root.Content[i].Value, deref(root.Content[i+1])
		switch {
		case k == "overlay":
			version = v
		case k == "info":
			if err := checkInfo(v); err != nil {
				return nil, fail("info: %w", err)
			}
		case k == "extends":
			if !isString(v) {
				return nil, fail("extends: not a string")
			}
		case k == "actions":
			actions = v
		case strings.HasPrefix(k, "x-"):
		default:
			return nil, fail("unknown field %q (Overlay 1.0 has overlay, info, extends, actions and x- extensions)", k)
		}
	}
	switch {
	case version == nil:
		return nil, fail("no overlay field: not an Overlay document")
	case !isString(version) || !supportedVersion.MatchString(version.Value):
		return nil, fail("overlay: version %q is not supported (1.0.x is)", version.Value)
	case actions == nil:
		return nil, fail("no actions")
	case actions.Kind != yaml.SequenceNode:
		return nil, fail("actions: not an array")
	case len(actions.Content) == 0:
		return nil, fail("actions: empty (Overlay 1.0 requires at least one)")
	}
	for i, n := range actions.Content {
		a, err := parseAction(deref(n))
		if err != nil {
			return nil, &Error{File: f.Name, Action: i, Target: a.target, Err: err}
		}
		o.actions = append(o.actions, a)
	}
	return o, nil
}

func checkInfo(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return errors.New("not an object")
	}
	var title, version bool
	for i := 0; i < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, deref(n.Content[i+1])
		switch {
		case k == "title" || k == "version":
			if !isString(v) {
				return fmt.Errorf("%s: not a string", k)
			}
			title, version = title || k == "title", version || k == "version"
		case k == "description" || strings.HasPrefix(k, "x-"):
		default:
			return fmt.Errorf("unknown field %q", k)
		}
	}
	if !title || !version {
		return errors.New("title and version are required")
	}
	return nil
}

func parseAction(n *yaml.Node) (action, error) {
	var a action
	if n.Kind != yaml.MappingNode {
		return a, errors.New("not an object")
	}
	var hasTarget bool
	for i := 0; i < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, deref(n.Content[i+1])
		switch {
		case k == "target":
			if !isString(v) {
				return a, errors.New("target: not a string")
			}
			a.target, hasTarget = v.Value, true
		case k == "description":
			if !isString(v) {
				return a, errors.New("description: not a string")
			}
		case k == "update":
			a.update = v
		case k == "remove":
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" {
				return a, fmt.Errorf("remove: %q is not true or false", v.Value)
			}
			a.remove = v.Value == "true"
		case strings.HasPrefix(k, "x-"):
		default:
			return a, fmt.Errorf("unknown field %q (an action has target, description, update, remove and x- extensions)", k)
		}
	}
	if !hasTarget {
		return a, errors.New("no target")
	}
	p, err := jsonpath.Parse(a.target)
	if err != nil {
		return a, fmt.Errorf("target is not an RFC 9535 JSONPath: %w", err)
	}
	a.path = p
	if !a.remove && a.update == nil {
		return a, errors.New("neither update nor remove: true")
	}
	return a, nil
}

func isString(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str"
}

// deref follows an alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}
