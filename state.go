package mockserver

import (
	"encoding/json"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/safefile"
	"github.com/mockserver-go/mockserver/internal/store"
)

// Resources lists the contract's resource names (collections with items).
func (s *Server) Resources() []string { return s.eng.ResourceNames() }

// Put stores an object in a resource's collection under the given scope
// (e.g. {"project_id": "1"}), replacing any object with the same id. A
// missing id is assigned, and required fields the object lacks (server-set
// ones such as created_at) are generated, deterministically from the seed;
// the result is validated against the contract. It returns the stored
// object. An invalid object is an error naming each field.
func (s *Server) Put(resource string, scope map[string]string, obj map[string]any) (map[string]any, error) {
	if _, ok := s.eng.Doc().Resources[resource]; !ok {
		return nil, fmt.Errorf("mockserver: put %s: %w (known: %s)", resource, ErrUnknownResource, strings.Join(s.Resources(), ", "))
	}
	norm, err := normalize(obj)
	if err != nil {
		return nil, fmt.Errorf("mockserver: put %s: %w", resource, err)
	}
	s.fillRequired(resource, norm)
	out, err := s.eng.Put(resource, scope, norm)
	if err != nil {
		return nil, fmt.Errorf("mockserver: put %s: %w", resource, err)
	}
	return out, nil
}

// fillRequired adds the resource schema's required properties that obj
// lacks, generated as a response would show them.
func (s *Server) fillRequired(resource string, obj map[string]any) {
	res := s.eng.Doc().Resources[resource]
	if res == nil || res.Schema == nil {
		return
	}
	var missing []string
	for _, name := range res.Schema.Required {
		if _, ok := obj[name]; !ok && name != res.IDField {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		return
	}
	key := "put/" + resource + "/" + fmt.Sprint(obj[res.IDField])
	gen, _ := s.eng.Generator().Value(res.Schema, key, fixtures.Response).(map[string]any)
	for _, name := range missing {
		if v, ok := gen[name]; ok {
			obj[name] = v
		}
	}
}

// Get returns a stored object (including soft-deleted ones, with hidden
// reporting that) by resource, scope and id.
func (s *Server) Get(resource string, scope map[string]string, id string) (obj map[string]any, hidden, ok bool) {
	res := s.eng.Doc().Resources[resource]
	if res == nil {
		return nil, false, false
	}
	rec, ok := s.eng.CollectionFor(res, scope).GetAny(id)
	if !ok {
		return nil, false, false
	}
	return store.CloneObject(rec.Object()), rec.Hidden, true
}

// List returns the visible objects of a resource under a scope, in
// creation order.
func (s *Server) List(resource string, scope map[string]string) []map[string]any {
	res := s.eng.Doc().Resources[resource]
	if res == nil {
		return nil
	}
	recs := s.eng.CollectionFor(res, scope).All()
	out := make([]map[string]any, len(recs))
	for i, r := range recs {
		out[i] = store.CloneObject(r.Object())
	}
	return out
}

// normalize turns any Go value into JSON-shaped values (float64 numbers).
func normalize(obj map[string]any) (map[string]any, error) {
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	return out, nil
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
func (s *Server) loadFixtures(dir string) error {
	files, err := safefile.ReadDir(dir, []string{".json", ".yaml", ".yml"}, maxFixtureFile)
	if err != nil {
		return fmt.Errorf("mockserver: fixtures: %w", err)
	}
	for _, f := range files {
		if err := s.loadFixtureFile(f.Path, f.Data); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) loadFixtureFile(path string, data []byte) error {
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
			if b, err = json.Marshal(yamlToJSON(raw)); err == nil {
				dec := json.NewDecoder(strings.NewReader(string(b)))
				dec.DisallowUnknownFields()
				err = dec.Decode(&ff)
			}
		}
	}
	if err != nil {
		return fmt.Errorf("mockserver: fixtures %s: %w (want {resource, scope, objects})", path, err)
	}
	if ff.Resource == "" {
		return fmt.Errorf("mockserver: fixtures %s: resource is required (one of %s)", path, strings.Join(s.Resources(), ", "))
	}
	for i, obj := range ff.Objects {
		if _, err := s.Put(ff.Resource, ff.Scope, obj); err != nil {
			return fmt.Errorf("mockserver: fixtures %s: objects[%d]: %w", path, i, err)
		}
	}
	return nil
}

// yamlToJSON converts YAML-decoded maps (map[string]any already in v4) and
// nested values into JSON-encodable ones.
func yamlToJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = yamlToJSON(e)
		}
		return x
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[fmt.Sprint(k)] = yamlToJSON(e)
		}
		return out
	case []any:
		for i, e := range x {
			x[i] = yamlToJSON(e)
		}
		return x
	}
	return v
}
