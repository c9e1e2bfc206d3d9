package plugin

import (
	"net/http"
	"net/url"
	"time"
)

// Call is one request as a behaviour or a hook sees it. A Call is used by
// one goroutine at a time and only while the request is handled.
type Call interface {
	// Operation is the operation the request was routed to.
	Operation() Operation
	// PathParam is the value of a path parameter ("" when absent).
	PathParam(name string) string
	// Query is the query string, minus parameters the contract says the
	// real API ignores when invalid. While a View or List hook runs, it
	// holds only the parameters the hook declares (Hooks.ViewQuery,
	// Hooks.ListQuery). Do not modify it.
	Query() url.Values
	// Header is the request's header. Do not modify it.
	Header() http.Header
	// Body is the decoded request body (JSON-shaped: map[string]any,
	// []any, string, float64, bool or nil). Do not modify it.
	Body() any
	// RawBody is the request body as sent.
	RawBody() []byte
	// Credential is what the request authenticated with; ok is false for
	// an operation without security.
	Credential() (cred Credential, ok bool)
	// SeedKey is not empty while the engine seeds a collection, through
	// the Create hook: a stable key per seeded object (ending in "/<n>",
	// its position), so that seeded data is the same for the same seed.
	SeedKey() string

	// Collection is the operation's resource collection for the call's
	// scope (the values of the resource's scope path parameters),
	// seeded on first use.
	Collection() Collection
	// Resource is the collection of another resource of the document,
	// by its name (x-mock-resource's name), for the call's scope: the
	// values of the call's path parameters that the resource's collection
	// path names. It is seeded on first use. ok is false when the document
	// has no such resource or the call lacks one of its scope parameters.
	// It is what a behaviour spanning resources reads and writes (an
	// insight's tiles on dashboards); a hook that writes another resource
	// while it updates its own object should write only resources that
	// never write back, so that two updates never wait for each other.
	Resource(name string) (coll Collection, ok bool)
	// Private is the plugin's own collection under name for the call's
	// scope (for what the API remembers outside its resources, such as
	// runs and logs). Prefix name with the plugin's name ("posthog.logs")
	// so that plugins never share one. It is emptied by a reset and
	// never seeded.
	Private(name string) Collection
	// Now is the server's clock.
	Now() time.Time
	// Fake is a source of fake values determined by the server's seed and
	// key: the same key gives the same values.
	Fake(key string) Faker
	// Record adds a contract violation that did not stop the request
	// (the journal and the report show it).
	Record(v Violation)
	// View renders a stored object of the operation's resource as the
	// operation answers it: shaped to the schema the response declares,
	// then the resource's View hook.
	View(obj map[string]any, list bool) map[string]any
}

// Operation names the operation a request was routed to.
type Operation struct {
	ID     string // operationId
	Method string // GET, POST, ...
	Path   string // the path template, e.g. /api/projects/{project_id}/
}

// Credential is what a request authenticated with.
type Credential struct {
	Scheme string // the security scheme's name
	Value  string
	// Source says where it came from: "Authorization header", "body",
	// "query string", "header X", "cookie X".
	Source string
}

// Collection is a set of JSON objects (map[string]any holding JSON
// values) keyed by id, in creation order. Objects it returns are shared:
// never modify them (Clone one for a copy). Objects it is given are copied.
// A soft-deleted object keeps its id but is neither found by Get nor
// listed. When the state's backend fails (a store shared over a network),
// a method answers as if nothing were there and the request fails with
// the backend's error, whatever the plugin returns.
type Collection interface {
	// Get returns the object stored under id unless it is soft-deleted.
	Get(id string) (map[string]any, bool)
	// Deleted reports whether id names a soft-deleted object.
	Deleted(id string) bool
	// All returns every object that is not soft-deleted, oldest first.
	All() []map[string]any
	// Len counts the objects that are not soft-deleted.
	Len() int
	// Create stores obj under id as the newest object; it fails when id
	// is taken.
	Create(id string, obj map[string]any) error
	// Update applies fn to a copy of the object stored under id and
	// stores the result, atomically; fn's error leaves the object as it
	// was. The copy is shallow: replace a nested value, never modify it.
	// It fails with a not-found *Error when no object has that id.
	Update(id string, fn func(obj map[string]any) error) error
	// Delete removes the object under id for good, reporting whether
	// there was one.
	Delete(id string) bool
}

// Item is a stored object as a List hook sees it: its id and its
// top-level fields, read one by one (a stored object may be kept
// encoded, and decoding it whole to read one field would be waste).
type Item interface {
	ID() string
	// Field is the value of a top-level field (nil when absent). Do not
	// modify it.
	Field(name string) any
}

// Faker makes deterministic fake values.
type Faker interface {
	// IntN is a number in [0, n).
	IntN(n int) int
	// UUID is a version 4 UUID, in lower case.
	UUID() string
}
