package spec

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// LoadOptions tune Load.
type LoadOptions struct {
	// AllowExternalRefs lets $refs reach other files or URLs. Off by default:
	// a document is read only from the bytes given.
	AllowExternalRefs bool
	// Location is the document's file path, used to resolve relative
	// external refs when they are allowed and in messages.
	Location string
	// Behaviours are the names x-mock-behaviour may use, and Hooks those
	// x-mock-resource.hooks may use; a name outside its set is a load
	// error wrapping ErrUnknownBehaviour or ErrUnknownHooks. Nil Hooks: hooks use the names
	// of Behaviours. Nil Behaviours accepts any name.
	Behaviours, Hooks map[string]bool
	// SkipValidation skips kin-openapi's validation of the document (about
	// a fifth of the load time) for a document known to pass it, such as
	// the embedded contract, whose tests validate it. Validation problems
	// (and examples that fail their schemas) would otherwise only be
	// warnings.
	SkipValidation bool
}

// LoadError says why a document cannot be used at all.
type LoadError struct {
	Where string
	Err   error
}

func (e *LoadError) Error() string {
	if e.Where == "" {
		return "openapi document: " + e.Err.Error()
	}
	return "openapi document: " + e.Where + ": " + e.Err.Error()
}

func (e *LoadError) Unwrap() error { return e.Err }

var _ error = (*LoadError)(nil)

// ErrUnknownBehaviour and ErrUnknownHooks are wrapped by the error of a
// document naming a behaviour outside LoadOptions.Behaviours, or hooks
// outside LoadOptions.Hooks.
var (
	ErrUnknownBehaviour = errors.New("unknown behaviour")
	ErrUnknownHooks     = errors.New("unknown hooks")
)

// ErrNoOperations is returned for a document that declares no operation.
var ErrNoOperations = errors.New("the document declares no operations")

// Load parses and indexes a document (OpenAPI 3.0 or 3.1, YAML or JSON; a
// Swagger 2.0 document is converted to OpenAPI 3.0 first and loads with
// Swagger2Notice among its warnings). Problems that leave the document
// usable (invalid examples, duplicate operation ids, typeless schemas)
// become Warnings; problems that do not are a *LoadError.
func Load(data []byte, opts LoadOptions) (*Doc, error) {
	var notices []string
	converted := false
	switch v := swaggerVersion(data); {
	case v == "2.0":
		out, err := fromSwagger2(data)
		if err != nil {
			return nil, &LoadError{Where: opts.Location, Err: err}
		}
		data, notices, converted = out, []string{Swagger2Notice}, true
	case v != "":
		return nil, &LoadError{Where: "swagger", Err: fmt.Errorf("version %q is not supported (expected 2.0, or an OpenAPI 3.0 or 3.1 document)", v)}
	}
	t, keys, err := read(data, opts, converted)
	if err != nil {
		where := opts.Location
		if at := refLocation(data, err); at != "" {
			where = strings.TrimPrefix(where+": "+at, ": ")
		}
		return nil, &LoadError{Where: where, Err: err}
	}
	return loaded(t, keys, notices, opts)
}

// loaded indexes a document kin-openapi has read (or LoadSnapshot).
func loaded(t *openapi3.T, keys propertyKeys, notices []string, opts LoadOptions) (*Doc, error) {
	if t.OpenAPI == "" || !strings.HasPrefix(t.OpenAPI, "3.") {
		return nil, &LoadError{Where: "openapi", Err: fmt.Errorf("version %q is not supported (expected 3.0 or 3.1)", t.OpenAPI)}
	}
	d := &Doc{T: t, keys: keys, Warnings: notices}
	registerFormats(t)
	if t.Info != nil {
		d.Title, d.Version = t.Info.Title, t.Info.Version
	}
	d.shareSiblingSchemas()
	if !opts.SkipValidation {
		d.validate()
		d.checkExamples()
	}
	d.completeDiscriminators()
	if err := d.index(opts); err != nil {
		return nil, err
	}
	if len(d.Operations) == 0 {
		return nil, &LoadError{Where: "paths", Err: ErrNoOperations}
	}
	return d, nil
}

// read decodes and resolves the document. Without external refs it is
// decoded without origins, a third of the work, and its key tree read
// besides for the property order (keys.go); a document that walk cannot
// follow is decoded again with origins, and keys is then nil.
// ownJSON: data is JSON this package wrote (a converted Swagger 2.0
// document), decoded as JSON straight away: kin-openapi's loader parses
// YAML first, and a converted document has nothing for a YAML parse to
// find (no duplicate keys, no positions worth reporting), only its cost.
func read(data []byte, opts LoadOptions, ownJSON bool) (*openapi3.T, propertyKeys, error) {
	if opts.AllowExternalRefs {
		t, err := decode(data, opts, true)
		return t, nil, err
	}
	tree, parsed := keyTreeLater(data)
	if parsed {
		if t, root := decodeOnce(data); t != nil {
			return t, propertyKeysOf(t, root), nil
		}
		tree = parseLater(data)
	}
	var t *openapi3.T
	var err error
	if ownJSON {
		t, err = decodeJSON(data)
	} else {
		t, err = decode(data, opts, false)
	}
	if err != nil {
		return nil, nil, err
	}
	root := tree()
	if root == nil {
		t, err = decode(data, opts, true)
		return t, nil, err
	}
	return t, propertyKeysOf(t, root), nil
}

// keyTreeLater returns the function that reads data's key tree. JSON,
// and YAML in overlay's loadable layout, are scanned (jsonKeyTree,
// loadableKeyTree), many times faster than parsed as YAML: JSON after
// kin-openapi's decode, whose own tree is garbage by then, YAML at once (a
// document written by people is refused at its first line). Other YAML
// needs a parse: parsed is then true and the function nil, and read
// decodes it from one parse (decodeOnce).
func keyTreeLater(data []byte) (tree func() *keyNode, parsed bool) {
	if mayBeJSON(data) {
		return func() *keyNode {
			if root := jsonKeyTree(data); root != nil {
				return root
			}
			return yamlKeyTree(data)
		}, false
	}
	if root := loadableKeyTree(data); root != nil {
		return func() *keyNode { return root }, false
	}
	return nil, true
}

// parseLater parses data's key tree as YAML (yamlKeyTree) on another
// goroutine, during kin-openapi's decode: for YAML that decodeOnce leaves
// to kin-openapi, which on an idle machine makes the second parse nearly
// free.
func parseLater(data []byte) func() *keyNode {
	tree := make(chan *keyNode, 1)
	go func() { tree <- yamlKeyTree(data) }()
	return func() *keyNode { return <-tree }
}

// decode runs kin-openapi's loader, with origins (file positions on every
// object) if asked.
func decode(data []byte, opts LoadOptions, origins bool) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.IncludeOrigin = origins
	loader.IsExternalRefsAllowed = opts.AllowExternalRefs
	loader.Context = context.Background()
	if opts.AllowExternalRefs && opts.Location != "" {
		return loader.LoadFromDataWithPath(data, &url.URL{Path: opts.Location})
	}
	return loader.LoadFromData(data)
}

// decodeJSON decodes a JSON document with kin-openapi's types and
// resolves its references, as its loader does after its parse.
func decodeJSON(data []byte) (*openapi3.T, error) {
	t := &openapi3.T{}
	if err := json.Unmarshal(data, t); err != nil {
		return nil, err
	}
	loader := openapi3.NewLoader()
	loader.Context = context.Background()
	if err := loader.ResolveRefsIn(t, nil); err != nil {
		return nil, err
	}
	return t, nil
}

// validate runs kin-openapi's validation. A dirty document still loads:
// each failure becomes a warning, and the stricter checks are retried off
// one at a time so the warning says which kind of problem it is.
func (d *Doc) validate() {
	ctx := context.Background()
	// Examples are checked by checkExamples, as the mock serves them (with
	// formats, by direction), once each and without kin-openapi's dumps.
	err := d.T.Validate(ctx, openapi3.EnableMultiError(), openapi3.DisableExamplesValidation())
	if err == nil {
		return
	}
	var me openapi3.MultiError
	if errors.As(err, &me) {
		for _, e := range me {
			d.addWarning(validationWarning(e.Error()))
		}
		return
	}
	d.addWarning(validationWarning(err.Error()))
}

// hookNames is the set x-mock-resource.hooks names are checked against.
func (o LoadOptions) hookNames() map[string]bool {
	if o.Hooks != nil {
		return o.Hooks
	}
	return o.Behaviours
}
