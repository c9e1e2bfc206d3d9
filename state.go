package mockserver

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/mockserver-go/mockserver/internal/engine"
	"github.com/mockserver-go/mockserver/internal/safefile"
	"github.com/mockserver-go/mockserver/internal/store"
)

// Resources lists the contract's resource names (collections with items);
// with several documents, qualified by the document's name ("shop:pets").
func (s *Server) Resources() []string {
	var out []string
	for _, d := range s.docs {
		for _, n := range d.eng.ResourceNames() {
			out = append(out, d.qualify(n, ":"))
		}
	}
	return out
}

// Put stores an object in a resource's collection under the given scope
// (e.g. {"project_id": "1"}), replacing any object with the same id. A
// missing id is assigned, and required fields the object lacks (server-set
// ones such as created_at) are generated, deterministically from the seed;
// the result is validated against the contract. It returns the stored
// object. An invalid object is an error naming each field. With several
// documents, name the resource "document:resource", or by its name alone
// when one document only has it.
func (s *Server) Put(resource string, scope map[string]string, obj map[string]any) (map[string]any, error) {
	d, local := s.lookup(resource, hasResource)
	if d == nil {
		return nil, fmt.Errorf("mockserver: put %s: %w (known: %s)", resource, ErrUnknownResource, strings.Join(s.Resources(), ", "))
	}
	return d.put(local, scope, obj)
}

// put is Put on the document.
func (d *document) put(resource string, scope map[string]string, obj map[string]any) (map[string]any, error) {
	if !hasResource(d, resource) {
		return nil, fmt.Errorf("mockserver: put %s: %w (known: %s)", resource, ErrUnknownResource, strings.Join(d.eng.ResourceNames(), ", "))
	}
	out, err := d.eng.Put(resource, scope, obj)
	if err != nil {
		return nil, fmt.Errorf("mockserver: put %s: %w", resource, err)
	}
	return out, nil
}

// Get returns a stored object (including soft-deleted ones, with hidden
// reporting that) by resource, scope and id; ok is false when there is
// none, or when the store (StoreURL) fails.
func (s *Server) Get(resource string, scope map[string]string, id string) (obj map[string]any, hidden, ok bool) {
	d, local := s.lookup(resource, hasResource)
	if d == nil {
		return nil, false, false
	}
	rec, err := d.eng.Object(context.Background(), d.eng.Doc().Resources[local], scope, id)
	if err != nil { // not found, or the store failed
		return nil, false, false
	}
	return store.CloneObject(rec.Object()), rec.Hidden, true
}

// List returns the visible objects of a resource under a scope, in
// creation order; nil when the store (StoreURL) fails.
func (s *Server) List(resource string, scope map[string]string) []map[string]any {
	d, local := s.lookup(resource, hasResource)
	if d == nil {
		return nil
	}
	recs, err := d.eng.Objects(context.Background(), d.eng.Doc().Resources[local], scope)
	if err != nil { // the store failed
		return nil
	}
	out := make([]map[string]any, len(recs))
	for i, r := range recs {
		out[i] = store.CloneObject(r.Object())
	}
	return out
}

func hasResource(d *document, name string) bool { return d.eng.Doc().Resources[name] != nil }

// lookup finds the document that has a resource or an operation (has
// says whether a document does) and its name there. With several
// documents the name is "document:name", or a name only one document has;
// nil when none or several have it.
func (s *Server) lookup(name string, has func(*document, string) bool) (*document, string) {
	if !s.named() {
		if has(s.docs[0], name) {
			return s.docs[0], name
		}
		return nil, name
	}
	if doc, local, ok := strings.Cut(name, ":"); ok {
		for _, d := range s.docs {
			if d.name == doc && has(d, local) {
				return d, local
			}
		}
	}
	var found *document
	for _, d := range s.docs {
		if has(d, name) {
			if found != nil {
				return nil, name
			}
			found = d
		}
	}
	return found, name
}

// fixtureFile is the format of a --fixtures file (JSON or YAML).
type fixtureFile struct {
	Resource string            `json:"resource" yaml:"resource"`
	Scope    map[string]string `json:"scope" yaml:"scope"`
	Objects  []map[string]any  `json:"objects" yaml:"objects"`
}

// maxFixtureFile bounds each fixtures file.
const maxFixtureFile = 64 << 20

// loadFixtures reads every .json/.yaml/.yml file of dir: regular files
// inside it only (see package safefile). A bad file is an error naming the
// file, the object and the field.
//
// The objects are loaded collection by collection, each only if it does
// not exist yet (Engine.Load): with a store shared by several replicas
// (StoreURL), the first replica to start loads them and the others find
// them there, as with seeding; a state kept in the store is not
// overwritten.
func (d *document) loadFixtures(dir string) error {
	files, err := safefile.ReadDir(dir, []string{".json", ".yaml", ".yml"}, maxFixtureFile)
	if err != nil {
		return fmt.Errorf("mockserver: fixtures: %w", err)
	}
	// The objects of one collection, from every file that has some, in
	// the order of the files and of the objects in each.
	type source struct {
		path  string
		index int
	}
	type collection struct {
		resource string
		scope    map[string]string
		objs     []map[string]any
		from     []source
	}
	var cols []*collection
	byKey := map[string]*collection{}
	for _, f := range files {
		ff, err := d.readFixtureFile(f.Path, f.Data)
		if err != nil {
			return err
		}
		res := d.eng.Doc().Resources[ff.Resource]
		if res == nil {
			return fmt.Errorf("mockserver: fixtures %s: resource %q: %w (known: %s)", f.Path, ff.Resource, ErrUnknownResource, strings.Join(d.eng.ResourceNames(), ", "))
		}
		key := engine.ScopeKey(res, ff.Scope)
		c := byKey[key]
		if c == nil {
			c = &collection{resource: ff.Resource, scope: ff.Scope}
			byKey[key] = c
			cols = append(cols, c)
		}
		for i, obj := range ff.Objects {
			c.objs = append(c.objs, obj)
			c.from = append(c.from, source{f.Path, i})
		}
	}
	for _, c := range cols {
		if failed, err := d.eng.Load(c.resource, c.scope, c.objs); err != nil {
			if failed < 0 {
				return fmt.Errorf("mockserver: fixtures of %s: %w", c.resource, err)
			}
			return fmt.Errorf("mockserver: fixtures %s: objects[%d]: mockserver: put %s: %w", c.from[failed].path, c.from[failed].index, c.resource, err)
		}
	}
	return nil
}

// readFixtureFile decodes a fixtures file (path names it in errors).
func (d *document) readFixtureFile(path string, data []byte) (*fixtureFile, error) {
	var err error
	var ff fixtureFile
	if strings.HasSuffix(path, ".json") {
		dec := json.NewDecoder(strings.NewReader(string(data)))
		dec.DisallowUnknownFields()
		err = dec.Decode(&ff)
	} else {
		var raw any
		if err = yaml.Unmarshal(data, &raw); err == nil {
			var b []byte
			if b, err = json.Marshal(store.Normalize(raw)); err == nil {
				dec := json.NewDecoder(strings.NewReader(string(b)))
				dec.DisallowUnknownFields()
				err = dec.Decode(&ff)
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("mockserver: fixtures %s: %w (want {resource, scope, objects})", path, err)
	}
	if ff.Resource == "" {
		return nil, fmt.Errorf("mockserver: fixtures %s: resource is required (one of %s)", path, strings.Join(d.eng.ResourceNames(), ", "))
	}
	return &ff, nil
}
