package resource

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/shape"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/plugin"
)

func bodyObject(c *Call) map[string]any {
	if m, ok := c.Body.(map[string]any); ok {
		return m
	}
	return map[string]any{}
}

// maxIDRetries bounds how often a create takes a new id when the store
// says the one it was given is taken.
const maxIDRetries = 8

// Create makes a new object of the call's resource from its body
// (NewObject) and stores it.
func (e *Stage) Create(c *Call) (*store.Record, error) {
	res := c.Op.Resource
	coll, err := e.Scope(c)
	if err != nil {
		return nil, err
	}
	body := bodyObject(c)
	obj, err := e.NewObject(c, res, coll, body)
	if err != nil {
		return nil, err
	}
	rec, err := e.store.Create(c.ctx(), coll, store.IDString(obj[res.IDField]), obj)
	for tries := 0; errors.Is(err, store.ErrExists) && tries < maxIDRetries; tries++ {
		// The id was taken between NextID and Create: by a reset that
		// dropped the collection the id was counted in, then seeding and
		// creates in the new one, or by another process sharing the store.
		id, ierr := e.newID(c.ctx(), res, coll)
		if ierr != nil {
			return nil, ierr
		}
		obj[res.IDField] = id
		rec, err = e.store.Create(c.ctx(), coll, store.IDString(id), obj)
	}
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// NewObject builds a new object of a resource from a client's body: the
// writable fields sent, defaults, server-assigned readOnly fields, then the
// resource's Create hook, then shaped by what the responses declare (the
// read model), for the collection whose store key is coll. It does not
// store it.
func (e *Stage) NewObject(c *Call, res *spec.Resource, coll string, body map[string]any) (map[string]any, error) {
	return e.newObject(c, res, coll, body, nil, e.now())
}

// newObject builds an object; a non-nil id (and its generation key) makes
// it deterministic, as for seeded objects.
func (e *Stage) newObject(c *Call, res *spec.Resource, coll string, body map[string]any, id any, at time.Time) (map[string]any, error) {
	s := res.Schema
	obj := make(map[string]any, len(s.Properties)+4)
	for k, v := range body {
		ps := propSchema(s, k)
		if ps == nil {
			if res.CreateSchema == nil || propSchema(res.CreateSchema, k) == nil {
				continue // unknown fields are dropped, as serializers do
			}
		} else if ps.ReadOnly {
			continue
		}
		obj[k] = store.Clone(v)
	}
	if id == nil {
		var err error
		if id, err = e.newID(c.ctx(), res, coll); err != nil {
			return nil, err
		}
	}
	obj[res.IDField] = id
	now := plugin.FormatTime(at)
	key := res.Name + "/" + store.IDString(id)
	for _, name := range e.enc.Order(s) {
		if _, ok := obj[name]; ok {
			continue
		}
		ps := propSchema(s, name)
		if ps == nil {
			continue
		}
		if v, ok := e.gen.Default(ps, fixtures.Response); ok {
			obj[name] = v
			continue
		}
		if isTimestamp(name, ps) {
			obj[name] = now
			continue
		}
		if res.CreateSchema != nil {
			if v, ok := e.gen.Default(propSchema(res.CreateSchema, name), fixtures.Request); ok {
				obj[name] = v
				continue
			}
		}
		switch {
		case ps.ReadOnly || contains(s.Required, name):
			obj[name] = e.gen.Value(ps, key+"/"+name, fixtures.Response)
		case e.gen.Nullable(ps):
			obj[name] = nil
		}
	}
	if h := e.hooks(c); h != nil && h.Create != nil {
		if err := h.Create(c.plugin(), obj, body); err != nil {
			return nil, err
		}
	}
	e.readModel(res).Fit(obj, nil, key)
	return obj, nil
}

// readModel is what the stored objects of res must satisfy: every
// response that returns them (see internal/shape), made once per resource
// (the document does not change under a stage). A value is judged as
// the answer would show it (shown: writeOnly fields dropped), without
// what Conform would generate: a required property the object lacks makes
// it invalid, so that the model stores it.
func (e *Stage) readModel(res *spec.Resource) *shape.Model {
	if m, ok := e.models.Load(res); ok {
		return m.(*shape.Model)
	}
	m := shape.New(shape.ReadSchemas(res), []string{res.IDField, res.SoftDelete},
		func(s *schemaT, v any) bool {
			return len(e.val.Schema(s, e.shown(s, v), true, "body", "")) == 0
		},
		func(s *schemaT, key string) any { return e.gen.Value(s, key, fixtures.Response) })
	actual, _ := e.models.LoadOrStore(res, m)
	return actual.(*shape.Model)
}

func isTimestamp(name string, s *schemaT) bool {
	if s.Format != "date-time" {
		return false
	}
	switch strings.ToLower(name) {
	case "created_at", "updated_at", "createdat", "updatedat", "created", "modified", "last_modified_at", "modified_at", "date_created":
		return true
	}
	return false
}

func (e *Stage) newID(ctx context.Context, res *spec.Resource, coll string) (any, error) {
	switch res.IDKind {
	case "integer":
		n, err := e.store.NextID(ctx, coll)
		return float64(n), err
	default:
		// Ids are deterministic per counter value, so a state restored from
		// --state (or objects put from Go) may already hold the next one:
		// skip ids in use rather than fail the create.
		for taken := 0; ; taken++ {
			// A schema with few values (an enum) may run out of them:
			// then a uuid it is.
			id := e.stringID(res, "id/"+res.Name+"/"+strconv.FormatInt(e.idCounter(), 10), taken < 16)
			if _, err := e.store.Get(ctx, coll, id); !errors.Is(err, store.ErrNotFound) {
				if err == nil {
					continue // taken
				}
				return nil, err
			}
			return id, nil
		}
	}
}

// stringID is a new string id made from key: one that fits the id
// parameter's schema where it constrains ids (Twilio's "AD" and 32 hex
// digits) and fit is true, else a uuid, so that the item can be
// addressed.
func (e *Stage) stringID(res *spec.Resource, key string, fit bool) string {
	if fit && res.IDSchema != nil {
		if s, ok := e.gen.Value(res.IDSchema, key, fixtures.Response).(string); ok && s != "" && !strings.ContainsAny(s, "/?#") {
			return s
		}
	}
	return newUUID(e.gen.Faker(key))
}

// Item finds the item a request addresses.
func (e *Stage) Item(c *Call) (*store.Record, error) {
	res := c.Op.Resource
	id := canonicalID(res, c.PathParams[res.IDParam])
	var rec *store.Record
	var err error
	ready := false
	if p, key, ok := e.peeker(c); ok {
		rec, ready, err = p.PeekGet(c.ctx(), key, id)
	}
	if !ready && err == nil {
		var coll string
		if coll, err = e.Scope(c); err != nil {
			return nil, err
		}
		rec, err = e.Backend(c).Get(c.ctx(), coll, id)
	}
	if errors.Is(err, store.ErrNotFound) || err == nil && rec.Hidden {
		return nil, &problem.Error{Kind: problem.KindNotFound}
	}
	return rec, err
}

// canonicalID normalizes an id from a path (integer ids: "007" is 7).
func canonicalID(res *spec.Resource, raw string) string {
	if res.IDKind == "integer" {
		if n, err := strconv.ParseInt(raw, 10, 64); err == nil {
			return strconv.FormatInt(n, 10)
		}
	}
	if res.IDKind == "uuid" {
		return strings.ToLower(raw)
	}
	return raw
}

// Update merges the call's body into the addressed object (PATCH, or PUT
// when replace) and stores the new version; prev is the version it
// replaced.
func (e *Stage) Update(c *Call, replace bool) (rec, prev *store.Record, err error) {
	coll, err := e.Scope(c)
	if err != nil {
		return nil, nil, err
	}
	rec, prev, err = e.mergeUpdate(c, coll, replace)
	if err != nil {
		return nil, nil, err
	}
	return rec, prev, nil
}

// mergeUpdate merges the call's body into the addressed object of
// collection coll (PATCH, or PUT when replace) and stores the new version;
// prev is the version it replaced.
func (e *Stage) mergeUpdate(c *Call, coll string, replace bool) (rec, prev *store.Record, err error) {
	res := c.Op.Resource
	patch := bodyObject(c)
	id := canonicalID(res, c.PathParams[res.IDParam])
	var soft, hasSoft bool
	if res.SoftDelete != "" {
		soft, hasSoft = patch[res.SoftDelete].(bool)
	}
	h := e.hooks(c)
	now := plugin.FormatTime(e.now())
	// The hook gets the stored version itself as old (never modified).
	rec, err = e.store.Update(c.ctx(), coll, id, hasSoft && !soft, func(ch *store.Change) error {
		prev = ch.Cur
		old, obj := ch.Old, ch.Obj
		if hasSoft {
			ch.Hidden = soft
		}
		s := res.Schema
		if replace {
			for k := range obj {
				if ps := propSchema(s, k); ps != nil && !ps.ReadOnly && k != res.IDField {
					delete(obj, k)
				}
			}
		}
		for k, v := range patch {
			ps := propSchema(s, k)
			if ps == nil && k != res.SoftDelete {
				continue
			}
			if ps != nil && ps.ReadOnly {
				continue
			}
			obj[k] = store.Clone(v)
		}
		if replace {
			for _, name := range e.enc.Order(s) {
				if _, ok := obj[name]; ok {
					continue
				}
				ps := propSchema(s, name)
				if v, ok := e.gen.Default(ps, fixtures.Response); ok {
					obj[name] = v
				} else if e.gen.Nullable(ps) {
					obj[name] = nil
				}
			}
		}
		fitted := slices.Collect(maps.Keys(patch))
		if replace {
			fitted = nil // all: the defaults put back too
		}
		e.readModel(res).Fit(obj, fitted, res.Name+"/"+id)
		for _, name := range e.facts.of(s).updatedStamps {
			if _, ok := obj[name]; ok {
				obj[name] = now
			}
		}
		if h != nil && h.Update != nil {
			return h.Update(c.plugin(), old, obj, patch)
		}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, &problem.Error{Kind: problem.KindNotFound}
	}
	if err != nil {
		return nil, nil, err
	}
	return rec, prev, nil
}

// Delete deletes the addressed object.
func (e *Stage) Delete(c *Call) error {
	res := c.Op.Resource
	coll, err := e.Scope(c)
	if err != nil {
		return err
	}
	if err := e.store.Delete(c.ctx(), coll, canonicalID(res, c.PathParams[res.IDParam])); errors.Is(err, store.ErrNotFound) {
		return &problem.Error{Kind: problem.KindNotFound}
	} else if err != nil {
		return err
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
