package engine

import "github.com/mockserver-go/mockserver/internal/store"

// Behaviour answers an operation marked x-mock-behaviour.
type Behaviour func(c *Call) (*Response, error)

// Hooks adapt a resource's generic state rules to one API's semantics
// (x-mock-resource.hooks). Every field is optional.
type Hooks struct {
	// Create runs on a new object after the engine filled ids, defaults
	// and timestamps, before it is stored. body is the client's body.
	Create func(c *Call, obj, body map[string]any) error
	// Update runs on a copy of the stored object after the client's
	// fields were merged; old is the stored object (do not modify it).
	// The copy is shallow: its nested maps and slices are shared with the
	// stored version, so replace a nested value rather than modify it.
	Update func(c *Call, old, obj, patch map[string]any) error
	// View shapes an object for a response; list is true for list items.
	// It must not modify obj; return a new map when changing it.
	View func(c *Call, obj map[string]any, list bool) map[string]any
	// ViewDelta, when set, is View for a new version of an object whose
	// previous version was rendered under the same ViewKey: prevObj and
	// prevView are View's input and output for that version, and changed
	// lists the keys of obj whose values may differ from prevObj's (every
	// other key holds the very same value). It must return what View
	// would, in a new map; it may share prevView's values for what depends
	// on unchanged keys only. Without it, View runs in full.
	ViewDelta func(c *Call, obj map[string]any, list bool, prevObj, prevView map[string]any, changed []string) map[string]any
	// ViewKey lets the engine cache View's output (with its encoding and
	// self-check) per stored object version: it names everything the view
	// depends on besides the object and list, such as "full" or
	// "basic=1"; "" means this call's view must not be cached. Without
	// ViewKey, a resource with a View hook is rendered on every request.
	ViewKey func(c *Call, list bool) string
	// List filters and orders records beyond the contract's declared
	// filters; it receives every visible record of the collection.
	List func(c *Call, recs []*store.Record) ([]*store.Record, error)
	// ListApplies reports whether List has anything to do for the call
	// (e.g. only when the query has its parameters); when it says no, the
	// list is served from the collection's indexes, O(page) instead of
	// reading every record. Nil: List always applies.
	ListApplies func(c *Call) bool
	// Respond may replace any response of the resource's operations (for
	// alternative renderings such as CSV); nil keeps the response.
	Respond func(c *Call, resp *Response) (*Response, error)
}

func (e *Engine) hooks(c *Call) *Hooks {
	if c.Op.Resource == nil || c.Op.Resource.Hooks == "" {
		return nil
	}
	return e.cfg.Hooks[c.Op.Resource.Hooks]
}
