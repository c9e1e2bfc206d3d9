package render

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/internal/validate"
	"github.com/mockserver-go/mockserver/plugin"
)

// Rendered is one stored record version as an operation answers it: the
// view, its encoding and what the self-check found. It is cached on the
// record (store.Record.Cached), so an unchanged object is rendered and
// checked once, not on every request; a change makes a new record and so a
// new rendering. Shared between requests: never modified after render.
type Rendered struct {
	View       map[string]any
	Body       []byte
	Violations []problem.Violation // self-check findings, fields relative to the object

	// For the rendering of the next version (the Viewer, encodeFrom): the
	// stored object rendered, the conformed object the View hook was
	// given, and where each property's value is in Body.
	Obj, Conformed map[string]any
	spans          []span
	// reads are the collections the view read besides the object: the
	// rendering serves while they keep these versions.
	reads []Read
	// impure: the view read what no version tells (the clock, the
	// request's headers): never served from the cache.
	impure bool
}

// Read is a collection a view read besides its object (the insights
// showing their dashboards), at the version it had before the read
// (store.Versioner): a rendering made from it is current while the
// collection keeps that version.
type Read struct {
	Key     string
	Version uint64
}

// Viewed is what a Viewer made of a stored object.
type Viewed struct {
	// Conformed is the object conformed to the response's schema, which
	// the View hook was given; View is the hook's answer.
	Conformed, View map[string]any
	// Reads are the collections the view read, at the versions it read.
	Reads []Read
	// Impure reports that the view read what no version tells (the
	// clock, the request's headers or body, fake data): it must be made
	// anew for every request.
	Impure bool
}

// Renderer renders stored records as operations answer them and owns every
// cache of renderings: they hang on the record version (store.Record's
// cache), so a change makes a new one, and neither plugins nor the store
// see them. It is safe for concurrent use.
type Renderer struct {
	enc       *Encoder
	val       *validate.Validator
	selfCheck bool
	// versions tells whether the collections a view read changed (nil:
	// the store cannot tell, and such a view is made anew every time).
	versions store.Versioner
	// full renders every record version in full, never from the
	// rendering of the version it replaced (tests: the reference the
	// incremental rendering must equal).
	full bool
	// checkable: *schemaT -> bool (DeltaCheckable).
	checkable sync.Map
	// envelopes holds, per list envelope schema, one envelope (items
	// emptied) as checked in full, with its findings (*Rendered without
	// body): later envelopes with the same keys are checked against it
	// property by property (CheckEnvelope).
	envelopes sync.Map
	// answers keeps the findings of answers checked whole (CheckAnswer).
	answers answerMemo
}

// New returns a renderer for doc's schemas; with selfCheck, renderings
// carry the findings of checking them against their schema with val.
// versions, when not nil, is the store the views read: a rendering whose
// view read collections is kept until one of them changes.
func New(doc *spec.Doc, val *validate.Validator, selfCheck bool, versions store.Versioner) *Renderer {
	return &Renderer{enc: NewEncoder(doc), val: val, selfCheck: selfCheck, versions: versions}
}

// Encoder is the renderer's encoder (the schemas' property orders).
func (r *Renderer) Encoder() *Encoder { return r.enc }

// RenderInFull makes r render every version in full (tests).
func (r *Renderer) RenderInFull() { r.full = true }

// Viewer makes the view of a stored object: obj conformed to the
// response's schema and shaped by the View hook. p, when not nil, is the
// rendering of the version obj replaced under the same key (or of obj
// itself, made when what the view read was different), from which only
// what changed needs conforming again.
type Viewer func(obj map[string]any, p *Rendered) Viewed

// cell is a record version's rendering under one key: the one made last,
// replaced when a collection its view read has changed since.
type cell struct{ cur atomic.Pointer[Rendered] }

// Render renders rec against schema s (the object's schema for this
// response) under a cache key (the operation, status, kind of rendering
// and what the view reads: a list's items share one), from the record's
// cache when the view allows it. prev, when not nil, is the version rec
// replaced: if it was rendered under the same key, only what changed is
// conformed, encoded and self-checked, and the earlier findings on the
// rest are carried over. A kept rendering whose view read other
// collections serves while they are unchanged, and is made again from
// itself when one has changed; one whose view is impure is made anew for
// every request, the one kept serving only as the base of the next.
func (rr *Renderer) Render(rec, prev *store.Record, s *schemaT, key string, view Viewer) *Rendered {
	built := false
	c := rec.Cached(key, func() any {
		built = true
		var p *Rendered // prev's rendering, to render only what changed
		if prev != nil && !rr.full {
			if v, ok := prev.Peek(key); ok {
				p = v.(*cell).cur.Load()
			}
		}
		c := &cell{}
		c.cur.Store(rr.build(rec, s, view, p))
		return c
	}).(*cell)
	r := c.cur.Load()
	if built || !r.impure && rr.current(r.reads) {
		return r
	}
	// Made again from the kept rendering of this same version: only what
	// the view changed (what it read elsewhere) is encoded and
	// self-checked again.
	var p *Rendered
	if !rr.full {
		p = r
	}
	n := rr.build(rec, s, view, p)
	if !n.impure {
		c.cur.CompareAndSwap(r, n) // a concurrent request may have made a newer one
	}
	return n
}

// current reports whether the collections a view read still have the
// versions it read.
func (rr *Renderer) current(reads []Read) bool {
	for _, rd := range reads {
		if rr.versions.CollectionVersion(rd.Key) != rd.Version {
			return false
		}
	}
	return true
}

// build renders rec from p, a rendering of the version rec replaced or of
// rec itself under the same key (nil: from scratch).
func (rr *Renderer) build(rec *store.Record, s *schemaT, view Viewer, p *Rendered) *Rendered {
	obj := rec.Object() // a cold record's is decoded anew
	v := view(obj, p)
	r := &Rendered{Obj: obj, Conformed: v.Conformed, View: v.View, reads: v.Reads,
		impure: v.Impure || len(v.Reads) > 0 && rr.versions == nil}
	r.Body, r.spans = rr.enc.encodeFrom(r.View, s, p)
	if rr.selfCheck && s != nil {
		if p != nil && plugin.Equal(p.View, r.View) {
			// The same value against the same schema: the same findings
			// (a view that read something new but came out the same, e.g.
			// an insight whose dashboards changed but not its tiles).
			r.Violations = p.Violations
		} else if p != nil && Carriable(p) && rr.DeltaCheckable(s) && SameKeys(p.View, r.View) {
			r.Violations = rr.CheckChanged(s, p, r.View)
		} else {
			r.Violations = rr.val.Schema(s, r.View, true, "response", "")
		}
	}
	return r
}

// ItemsCheckable reports whether a list envelope can be self-checked with
// its items array emptied (the items checked one by one, from cache): the
// array schema must put no constraint on the array as a whole.
func ItemsCheckable(arr *schemaT) bool {
	return arr != nil && arr.MinItems == 0 && arr.MaxItems == nil && !arr.UniqueItems &&
		len(arr.AllOf) == 0 && len(arr.AnyOf) == 0 && len(arr.OneOf) == 0 && arr.Not == nil &&
		len(arr.PrefixItems) == 0 && arr.Contains == nil && arr.MinContains == nil && arr.MaxContains == nil
}

// Carriable reports whether r's findings can be carried over property by
// property by CheckChanged: each names the property it is about (a
// property whose name contains "__" could not be told from a nested
// field).
func Carriable(r *Rendered) bool {
	if len(r.Violations) > 0 {
		for k := range r.View {
			if strings.Contains(k, "__") {
				return false
			}
		}
	}
	return true
}

// DeltaCheckable reports whether an object schema constrains its properties
// only one by one (no allOf/oneOf, enum, min/maxProperties, ...): then a
// new version of a valid object with the same keys is valid when each
// changed property is.
func (rr *Renderer) DeltaCheckable(s *schemaT) bool {
	if v, ok := rr.checkable.Load(s); ok {
		return v.(bool)
	}
	ok := deltaCheckable(s)
	rr.checkable.Store(s, ok)
	return ok
}

func deltaCheckable(s *schemaT) bool {
	r := *s
	r.Type, r.Properties, r.Required, r.AdditionalProperties = nil, nil, nil, openapi3.AdditionalProperties{}
	r.Nullable, r.ReadOnly, r.WriteOnly, r.Examples = false, false, false, nil
	return r.Discriminator == nil && r.IsEmpty()
}

// SameKeys reports whether a and b have the same keys.
func SameKeys(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			return false
		}
	}
	return true
}

// CheckChanged self-checks the properties of view that differ from the
// earlier rendering's, and carries over its findings on the others: the
// findings a whole-object check would report, in its order (property by
// property in key order, then those about absent properties, such as a
// missing required one).
func (rr *Renderer) CheckChanged(s *schemaT, old *Rendered, view map[string]any) []problem.Violation {
	// The keys to visit, in order: the changed ones, or all when there are
	// findings to carry over.
	var buf [8]string // most changes are a few keys: no allocation
	keys := buf[:0]
	if len(old.Violations) > 0 {
		keys = make([]string, 0, len(view))
	}
	for k, v := range view {
		if len(old.Violations) > 0 || !plugin.Equal(old.View[k], v) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []problem.Violation
	for _, k := range keys {
		if len(old.Violations) > 0 && plugin.Equal(old.View[k], view[k]) {
			for _, v := range old.Violations {
				if problem.RootField(v.Field) == k {
					out = append(out, v)
				}
			}
			continue
		}
		ps := s.Properties[k]
		var sub *schemaT
		if ps != nil {
			sub = ps.Value
		} else if ap := s.AdditionalProperties.Schema; ap != nil {
			sub = ap.Value
		}
		if sub != nil {
			out = append(out, rr.val.Schema(sub, view[k], true, "response", k)...)
		}
	}
	for _, v := range old.Violations {
		if _, ok := view[problem.RootField(v.Field)]; !ok {
			out = append(out, v)
		}
	}
	return out
}

// CheckEnvelope self-checks a list envelope with its items emptied (shell)
// against its schema s. Only the count, the links and the other values
// vary between a list's envelopes, so when s constrains its properties one
// by one (DeltaCheckable: the caller's to ask), the first envelope checked
// in full is kept (a copy of shell) and a later one with the same keys is
// checked by CheckChanged.
func (rr *Renderer) CheckEnvelope(s *schemaT, shell map[string]any) []problem.Violation {
	if v, ok := rr.envelopes.Load(s); ok {
		if ref := v.(*Rendered); SameKeys(ref.View, shell) {
			return rr.CheckChanged(s, ref, shell)
		}
	}
	found := rr.val.Schema(s, shell, true, "response", "")
	if ref := (&Rendered{View: maps.Clone(shell), Violations: found}); Carriable(ref) {
		rr.envelopes.LoadOrStore(s, ref)
	}
	return found
}

// EnvelopesKept are the envelopes CheckEnvelope keeps as references, one
// per schema (tests: they must be the ones checked, items emptied).
func (rr *Renderer) EnvelopesKept() []map[string]any {
	var out []map[string]any
	rr.envelopes.Range(func(_, v any) bool {
		out = append(out, v.(*Rendered).View)
		return true
	})
	return out
}

// CheckAnswer self-checks an answer made outside the record renderings
// (an error, a behaviour's answer): value, encoded in JSON as body,
// against schema s. The same bytes against the same schema have the same
// findings, and most such answers repeat (every 401 of an operation is
// the same body), so the findings are kept for a bounded number of
// bodies.
func (rr *Renderer) CheckAnswer(s *schemaT, body []byte, value any) []problem.Violation {
	if found, ok := rr.answers.get(s, body); ok {
		return found
	}
	found := rr.val.Schema(s, value, true, "response", "")
	rr.answers.put(s, body, found)
	return found
}

// answerBodies bounds the bodies answerMemo keeps: enough for the few
// error bodies each operation repeats, little memory when bodies name
// what the request sent (a 404 naming the id).
const answerBodies = 1024

// answerMemo maps a schema and a JSON body to the findings of checking
// the body against the schema. It is emptied when full.
type answerMemo struct {
	mu sync.Mutex
	n  int
	m  map[*schemaT]map[string][]problem.Violation
}

func (a *answerMemo) get(s *schemaT, body []byte) ([]problem.Violation, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	found, ok := a.m[s][string(body)]
	return found, ok
}

func (a *answerMemo) put(s *schemaT, body []byte, found []problem.Violation) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.m == nil || a.n >= answerBodies {
		a.m, a.n = map[*schemaT]map[string][]problem.Violation{}, 0
	}
	bodies := a.m[s]
	if bodies == nil {
		bodies = map[string][]problem.Violation{}
		a.m[s] = bodies
	}
	if _, ok := bodies[string(body)]; !ok {
		bodies[string(body)] = found
		a.n++
	}
}
