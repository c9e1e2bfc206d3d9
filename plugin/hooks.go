package plugin

// Behaviour answers an operation marked x-mock-behaviour. It returns a
// response, or an error: an *Error is answered in the document's error
// format; any other error is an internal error (500).
type Behaviour func(c Call) (*Response, error)

// Hooks adapt a resource's generic state rules to one API's rules
// (x-mock-resource.hooks). Every field is optional.
type Hooks struct {
	// Create runs on a new object after the engine filled its id,
	// defaults and timestamps, before it is stored. body is the client's
	// body (do not modify it).
	Create func(c Call, obj, body map[string]any) error
	// Update runs on a copy of the stored object after the client's
	// fields were merged; old is the stored object (do not modify it).
	// The copy is shallow: its nested maps and slices are shared with
	// the stored version, so replace a nested value rather than modify
	// it.
	Update func(c Call, old, obj, patch map[string]any) error
	// View shapes an object for a response; list is true for list items.
	// It must not modify obj: return a new map when changing it. Its
	// result must depend only on obj, list, the query parameters of
	// ViewQuery (the only ones c.Query holds while View runs) and what it
	// reads through c; the engine keeps a view for as long as the object
	// and those parameters are unchanged.
	View func(c Call, obj map[string]any, list bool) map[string]any
	// ViewQuery names the query parameters View reads.
	ViewQuery []string
	// List filters and orders the items of a list beyond the contract's
	// declared filters: it receives every item the declared filters kept,
	// oldest first, and returns those to list, in order (items it was
	// given only). The resource's declared order, if any, is applied to
	// its result.
	List func(c Call, items []Item) ([]Item, error)
	// ListQuery names the query parameters List reads (the only ones
	// c.Query holds while List runs); a list request with none of them
	// has nothing for List to do and is answered without it. Empty: List
	// runs on every list request.
	ListQuery []string
	// Respond may replace any response of the resource's operations,
	// bodiless ones (a delete's 204) included (for
	// other renderings, such as CSV): it returns resp to keep it, or a
	// new Response.
	Respond func(c Call, resp *Response) (*Response, error)
}
