package overlay

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

const pets = `openapi: 3.0.3
info:
  title: Pets
  version: "1"
paths:
  /pets:
    get:
      tags: [pets]
      parameters:
      - name: limit
        in: query
      - name: dummy
        in: query
      responses:
        200:
          description: OK
    post:
      deprecated: true
      responses:
        201:
          description: Created
  /pets/{id}:
    get:
      parameters:
      - name: dummy
        in: query
      responses:
        200:
          description: OK
components:
`

// overlayOf wraps actions (YAML, indented as a list under actions:) in
// an Overlay 1.0 document.
func overlayOf(actions string) File {
	return File{Name: "test.overlay.yaml", Data: []byte("overlay: 1.0.0\ninfo:\n  title: test\n  version: 1.0.0\nactions:\n" + actions)}
}

func TestApply(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		actions string
		want    string // the whole result, or with a leading "~" a substring of it
		warns   int
	}{{
		name: "update merges recursively and adds new properties at the end",
		actions: `- target: $.info
  update: {title: Pets 2, x-mock-note: {why: test}}
`,
		want: "~info:\n  title: Pets 2\n  version: \"1\"\n  x-mock-note:\n    why: test\npaths:",
	}, {
		name: "update of the root reaches nested objects",
		actions: `- target: $
  update:
    paths:
      /pets:
        get: {summary: List pets}
`,
		want: "~      responses:\n        200:\n          description: OK\n      summary: List pets\n    post:",
	}, {
		name: "a primitive replaces a primitive of another type",
		actions: `- target: $.paths['/pets'].post
  update: {deprecated: no-longer}
`,
		want: "~      deprecated: no-longer\n",
	}, {
		name: "an array property is concatenated",
		actions: `- target: $.paths['/pets'].get
  update: {tags: [animals]}
`,
		want: "~      tags: [pets, animals]\n",
	}, {
		name: "an update of an array appends one entry",
		actions: `- target: $.paths['/pets'].get.parameters
  update: {name: offset, in: query}
`,
		want: "~      - name: dummy\n        in: query\n      - name: offset\n        in: query\n      responses:",
	}, {
		name: "an array update of an array is one entry, as Overlay 1.0 says",
		actions: `- target: $.paths['/pets'].get.tags
  update: [a, b]
`,
		want: "~      tags: [pets, [a, b]]\n",
	}, {
		name: "a descendant filter updates every match",
		actions: `- target: $..[?@.description]
  update: {x-described: true}
`,
		want: "~        200:\n          description: OK\n          x-described: true\n    post:",
	}, {
		name: "a null property is filled and a null update leaves an object alone",
		actions: `- target: $
  update:
    components: {schemas: {Pet: {type: object}}}
    info:
`,
		want: "~info:\n  title: Pets\n  version: \"1\"\npaths:",
	}, {
		name: "remove by filter removes every match, array entries included",
		actions: `- target: $.paths.*.get.parameters[?@.name == 'dummy']
  remove: true
`,
		want: "~      parameters:\n      - name: limit\n        in: query\n      responses:",
	}, {
		name: "remove of a property",
		actions: `- target: $.paths['/pets'].post
  remove: true
`,
		want: "~          description: OK\n  /pets/{id}:",
	}, {
		name: "remove of several entries of one array",
		actions: `- target: $.paths['/pets'].get.parameters[0,1]
  remove: true
`,
		want: "~      parameters: []\n",
	}, {
		name: "a wildcard target updates every operation, each independently",
		actions: `- target: $.paths.*.*
  update: {x-safe: true}
- target: $.paths['/pets'].get
  update: {x-safe: false}
`,
		want: "~      x-safe: false\n    post:\n      deprecated: true\n      responses:\n        201:\n          description: Created\n      x-safe: true\n",
	}, {
		name: "a response code is a name, as in JSON",
		actions: `- target: $.paths['/pets'].get.responses['200']
  update: {description: Fine}
`,
		want: "~        200:\n          description: Fine\n    post:",
	}, {
		name: "an action sees the result of the previous one",
		actions: `- target: $.paths
  update: {/owners: {get: {responses: {200: {description: OK}}}}}
- target: $.paths['/owners'].get
  update: {operationId: listOwners}
- target: $.paths[?@.get.operationId == 'listOwners']
  update: {x-owned: true}
`,
		want: "~  /owners:\n    get:\n      responses:\n        200:\n          description: OK\n      operationId: listOwners\n    x-owned: true\n",
	}, {
		name: "a target that selects nothing is a warning",
		actions: `- target: $.paths['/nowhere']
  update: {x-a: 1}
- target: $.paths['/nowhere']
  remove: true
`,
		want:  pets,
		warns: 2,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, warns, err := Apply([]byte(pets), overlayOf(tt.actions))
			if err != nil {
				t.Fatal(err)
			}
			got := string(out)
			if want, ok := strings.CutPrefix(tt.want, "~"); ok {
				if !strings.Contains(got, want) {
					t.Errorf("result lacks\n%s\ngot:\n%s", want, got)
				}
			} else if want := reencode(t, tt.want); got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
			if len(warns) != tt.warns {
				t.Errorf("warnings %q, want %d", warns, tt.warns)
			}
		})
	}
}

func TestApplyWarningNamesTheAction(t *testing.T) {
	t.Parallel()
	_, warns, err := Apply([]byte(pets), overlayOf("- target: $.info\n  update: {x-a: 1}\n- target: $.nothing\n  remove: true\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := "overlay test.overlay.yaml: actions[1] (target $.nothing) selects nothing"
	if len(warns) != 1 || warns[0] != want {
		t.Errorf("warnings %q, want [%q]", warns, want)
	}
}

func TestApplyInOrderAcrossOverlays(t *testing.T) {
	t.Parallel()
	first := overlayOf("- target: $.info\n  update: {title: first}\n")
	second := overlayOf("- target: $.info\n  update: {title: second}\n")
	out, _, err := Apply([]byte(pets), first, second)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "title: second") {
		t.Errorf("the later overlay does not win:\n%s", out)
	}
}

func TestApplyJSONDocument(t *testing.T) {
	t.Parallel()
	doc := `{"openapi": "3.0.3", "paths": {"/a": {"get": {"responses": {"200": {"description": "OK"}}}}}}`
	out, _, err := Apply([]byte(doc), overlayOf("- target: $.paths['/a'].get.responses['200']\n  update: {description: Fine}\n"))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct{ Description string }
		}
	}
	if err := yaml.Unmarshal(out, &v); err != nil {
		t.Fatal(err)
	}
	if got := v.Paths["/a"]["get"].Responses["200"].Description; got != "Fine" {
		t.Errorf("description %q, want Fine in\n%s", got, out)
	}
}

func TestApplyErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		overlay string // a whole document, or with a leading "-" actions only
		action  int
		want    string
	}{
		{"not yaml", "overlay: [", -1, "overlay test.overlay.yaml: not YAML or JSON"},
		{"no overlay field", "info: {title: t, version: v}\nactions: []\n", -1, "no overlay field"},
		{"another version", "overlay: 1.1.0\ninfo: {title: t, version: v}\nactions: [{target: $, remove: true}]\n", -1, `version "1.1.0" is not supported`},
		{"no info title", "overlay: 1.0.0\ninfo: {version: v}\nactions: [{target: $.a, remove: true}]\n", -1, "info: title and version are required"},
		{"unknown field", "overlay: 1.0.0\ninfo: {title: t, version: v}\nactions: [{target: $.a, remove: true}]\nactoins: []\n", -1, `unknown field "actoins"`},
		{"no actions", "overlay: 1.0.0\ninfo: {title: t, version: v}\nactions: []\n", -1, "actions: empty"},
		{"no target", "- update: {a: 1}\n", 0, "actions[0]: no target"},
		{"bad jsonpath", "- target: $.paths[?@.x ==]\n  remove: true\n", 0, "(target $.paths[?@.x ==]): target is not an RFC 9535 JSONPath"},
		{"legacy jsonpath", "- target: $.paths[?(@.x)]..a[-1:]\n  remove: yes\n", 0, `remove: "yes" is not true or false`},
		{"nothing to do", "- target: $.info\n", 0, "neither update nor remove: true"},
		{"unknown action field", "- target: $.info\n  updte: {a: 1}\n", 0, `unknown field "updte"`},
		{"update of a primitive", "- target: $.info\n  update: {x: 1}\n- target: $.info.title\n  update: {x: 1}\n", 1,
			"overlay test.overlay.yaml: actions[1] (target $.info.title): at $['info']['title']: update: the target is a string; Overlay 1.0 targets objects or arrays"},
		{"object update of an object with a string", "- target: $.info\n  update: x\n", 0, "the target is an object but the update is a string"},
		{"incompatible property", "- target: $.paths['/pets']\n  update: {get: [a]}\n", 0, "property get: cannot merge an array into an object"},
		{"incompatible nested property", "- target: $.paths['/pets']\n  update: {get: {tags: x}}\n", 0, "property get.tags: cannot merge a string into an array"},
		{"remove the root", "- target: $\n  remove: true\n", 0, "the root of the document cannot be removed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := File{Name: "test.overlay.yaml", Data: []byte(tt.overlay)}
			if strings.HasPrefix(tt.overlay, "-") {
				f = overlayOf(tt.overlay)
			}
			_, _, err := Apply([]byte(pets), f)
			var oe *Error
			if !errors.As(err, &oe) {
				t.Fatalf("error %v, want an *Error", err)
			}
			if oe.File != "test.overlay.yaml" || oe.Action != tt.action {
				t.Errorf("error names %q action %d, want action %d", oe.File, oe.Action, tt.action)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q lacks %q", err, tt.want)
			}
		})
	}
}

func TestApplyBadDocument(t *testing.T) {
	t.Parallel()
	laughs := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 'b'; i <= 'j'; i++ {
		laughs += fmt.Sprintf("%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	tests := []struct{ name, doc, want string }{
		{"not yaml", "a: [", "the document is not YAML or JSON"},
		{"an alias inside its anchor", "a: &x\n  b: *x\n", `the document: the alias to anchor "x" refers to a node that contains it`},
		{"aliases of aliases", laughs, "the document: its aliases expand to more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := Apply([]byte(tt.doc), overlayOf("- target: $\n  update: {z: 1}\n"))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestApplyOverlayWithAnAliasCycle(t *testing.T) {
	t.Parallel()
	_, _, err := Apply([]byte(pets), File{Name: "o.yaml", Data: []byte("overlay: 1.0.0\ninfo: {title: t, version: v}\nx-loop: &l {a: *l}\nactions: [{target: $, update: {z: 1}}]\n")})
	if err == nil || !strings.Contains(err.Error(), `overlay o.yaml: the alias to anchor "l"`) {
		t.Errorf("error %v", err)
	}
}

func TestApplyWithoutOverlaysKeepsTheDocument(t *testing.T) {
	t.Parallel()
	out, warns, err := Apply([]byte(pets))
	if err != nil || len(warns) != 0 || string(out) != pets {
		t.Errorf("Apply with no overlays changed the document: %v %q", err, warns)
	}
}

func TestApplyUpdateIsCopiedPerTarget(t *testing.T) {
	t.Parallel()
	// One update merged into two targets, then changed in one of them:
	// the other must not see the change.
	out, _, err := Apply([]byte(pets), overlayOf(`- target: $.paths.*.get
  update: {x-meta: {a: 1}}
- target: $.paths['/pets'].get['x-meta']
  update: {b: 2}
`))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(out), "b: 2"); n != 1 {
		t.Errorf("b: 2 appears %d times, want once:\n%s", n, out)
	}
}

func TestApplyAliasInOverlay(t *testing.T) {
	t.Parallel()
	f := File{Name: "a.yaml", Data: []byte(`overlay: 1.0.0
info: {title: t, version: v}
x-shared: &ok {description: OK}
actions:
- target: $.paths['/pets'].get.responses
  update: {404: *ok}
`)}
	out, _, err := Apply([]byte(pets), f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "404:\n          description: OK") || strings.Contains(string(out), "*ok") {
		t.Errorf("alias not expanded:\n%s", out)
	}
}

// reencode returns doc as Encode writes it.
func reencode(t *testing.T, doc string) string {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
		t.Fatal(err)
	}
	out, err := Encode(&n)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
