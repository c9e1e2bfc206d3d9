package proxy

import (
	"encoding/json"
	"fmt"
	"github.com/mockserver-go/mockserver/internal/redact"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/store"
	pubreport "github.com/mockserver-go/mockserver/report"
)

// Recorder keeps the objects the real API returned, per resource and scope,
// and writes them as fixture files ({resource, scope, objects}, the
// --fixtures format). Objects are redacted (credential-named fields and
// credential-shaped strings) and validated against the resource's schema;
// objects that fail are skipped and counted. It is safe for concurrent use.
type Recorder struct {
	dir string
	eng Engine
	red *redact.Redactor

	mu      sync.Mutex
	sets    map[string]*fixtureSet
	skipped map[string]string // resource/id -> why
}

type fixtureSet struct {
	resource string
	scope    map[string]string
	order    []string
	objs     map[string]map[string]any
}

// fixtureFile is the --fixtures file format.
type fixtureFile struct {
	Resource string            `json:"resource"`
	Scope    map[string]string `json:"scope,omitempty"`
	Objects  []map[string]any  `json:"objects"`
}

// NewRecorder returns a recorder writing into dir on Flush.
func NewRecorder(dir string, eng Engine) *Recorder {
	return &Recorder{dir: dir, eng: eng, red: redact.New(eng.Doc().Secrets), sets: map[string]*fixtureSet{}, skipped: map[string]string{}}
}

// Observe takes a successful upstream answer of an operation: the objects
// of a list, read, create, update or replace are kept (newest wins per id);
// a delete forgets the object.
func (rec *Recorder) Observe(op *spec.Operation, pathParams map[string]string, value any) {
	res := op.Resource
	if res == nil || res.Schema == nil {
		return
	}
	scope := map[string]string{}
	for _, name := range res.ScopeParams {
		scope[name] = pathParams[name]
	}
	switch op.Role {
	case spec.RoleList:
		_, prop := spec.ListItems(spec.JSONResponseSchema(op, op.Success))
		var items []any
		if prop == "" {
			items, _ = value.([]any)
		} else if m, ok := value.(map[string]any); ok {
			items, _ = m[prop].([]any)
		}
		for _, it := range items {
			if obj, ok := it.(map[string]any); ok {
				rec.keep(res, scope, obj)
			}
		}
	case spec.RoleRead, spec.RoleCreate, spec.RoleUpdate, spec.RoleReplace:
		if obj, ok := value.(map[string]any); ok {
			rec.keep(res, scope, obj)
		}
	case spec.RoleDelete:
		rec.forget(res, scope, pathParams[res.IDParam])
	}
}

func (rec *Recorder) keep(res *spec.Resource, scope map[string]string, obj map[string]any) {
	clean, _ := redactValue(rec.red, obj, false).(map[string]any)
	id := store.IDString(clean[res.IDField])
	if id == "" {
		rec.skip(res.Name+"/?", "no "+res.IDField)
		return
	}
	if vs := rec.eng.Validator().Schema(res.Schema, clean, true, "body", ""); len(vs) > 0 {
		rec.skip(res.Name+"/"+id, vs[0].String())
		return
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	delete(rec.skipped, res.Name+"/"+id)
	set := rec.set(res, scope)
	if _, ok := set.objs[id]; !ok {
		set.order = append(set.order, id)
	}
	set.objs[id] = clean
}

func (rec *Recorder) forget(res *spec.Resource, scope map[string]string, id string) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	set := rec.set(res, scope)
	if _, ok := set.objs[id]; !ok {
		return
	}
	delete(set.objs, id)
	for i, x := range set.order {
		if x == id {
			set.order = append(set.order[:i], set.order[i+1:]...)
			break
		}
	}
}

func (rec *Recorder) skip(key, why string) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.skipped[key] = why
}

// set returns the fixture set of a resource and scope; rec.mu is held.
func (rec *Recorder) set(res *spec.Resource, scope map[string]string) *fixtureSet {
	key := res.Name + "|" + scopeString(scope)
	s := rec.sets[key]
	if s == nil {
		s = &fixtureSet{resource: res.Name, scope: scope, objs: map[string]map[string]any{}}
		rec.sets[key] = s
	}
	return s
}

// Skipped returns the objects not recorded ("resource/id") and why.
func (rec *Recorder) Skipped() map[string]string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := make(map[string]string, len(rec.skipped))
	for k, v := range rec.skipped {
		out[k] = v
	}
	return out
}

// Flush writes one file per resource and scope into the directory and
// returns the paths written.
func (rec *Recorder) Flush() ([]string, error) {
	rec.mu.Lock()
	files := make(map[string]fixtureFile, len(rec.sets))
	for _, s := range rec.sets {
		ff := fixtureFile{Resource: s.resource, Scope: s.scope, Objects: make([]map[string]any, 0, len(s.order))}
		for _, id := range s.order {
			ff.Objects = append(ff.Objects, s.objs[id])
		}
		files[fileName(s.resource, s.scope)] = ff
	}
	rec.mu.Unlock()
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var written []string
	for _, n := range names {
		ff := files[n]
		path := filepath.Join(rec.dir, n)
		err := pubreport.WriteFile(path, func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			return enc.Encode(ff)
		})
		if err != nil {
			return written, fmt.Errorf("record: %w", err)
		}
		written = append(written, path)
	}
	return written, nil
}

func scopeString(scope map[string]string) string {
	keys := make([]string, 0, len(scope))
	for k := range scope {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "-" + scope[k]
	}
	return strings.Join(parts, "_")
}

// fileName is resource[_param-value...].json with unsafe characters
// replaced.
func fileName(resource string, scope map[string]string) string {
	name := resource
	if s := scopeString(scope); s != "" {
		name += "_" + s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, name) + ".json"
}

// redactValue copies a JSON value, replacing strings under credential-named
// keys, credential-shaped strings and the document's secret fields (whatever
// their shape) with "[redacted]".
func redactValue(red *redact.Redactor, v any, secret bool) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if e != nil && red.IsField(k) {
				out[k] = redact.Mask
				continue
			}
			out[k] = redactValue(red, e, secret || red.IsSecretName(k))
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = redactValue(red, e, secret)
		}
		return out
	case string:
		if secret {
			return redact.Mask
		}
		return red.Text(x)
	}
	return v
}
