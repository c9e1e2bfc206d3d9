package spec

import (
	"github.com/getkin/kin-openapi/openapi3"
)

// Doc is a loaded, indexed document. It is immutable after Load and safe
// for concurrent use.
type Doc struct {
	T              *openapi3.T
	Title, Version string
	// Operations in document order (paths sorted, then method order).
	Operations []*Operation
	// Resources by name.
	Resources map[string]*Resource
	// Errors is how errors are rendered (x-mock-errors).
	Errors ErrorFormat
	// Secrets are what is hidden wherever the mock keeps what it saw
	// (x-mock-secrets and the security schemes' credential places).
	Secrets Secrets
	// Scope is the path parameter that names the tenant a request
	// addresses (x-mock-scope, e.g. project_id), when the document
	// declares one: of its resources' scope parameters, the one that
	// stands for a project, where the others (an organization, a parent
	// object) only partition state.
	Scope string
	// Warnings about a dirty document that still loaded.
	Warnings []string

	byID   map[string]*Operation
	router *node
	// keys are where property names are written (PropertyOrder); nil for
	// a document loaded with kin-openapi's origins, which say instead.
	keys propertyKeys
}

// Role is what an operation does to its resource.
type Role int

// Roles of operations. RoleOther operations are answered from the schema.
const (
	RoleOther Role = iota
	RoleList
	RoleCreate
	RoleRead
	RoleReplace
	RoleUpdate
	RoleDelete
	RoleAction // a sub-path of an item: …/{id}/something
)

var roleNames = [...]string{"other", "list", "create", "read", "replace", "update", "delete", "action"}

func (r Role) String() string { return roleNames[r] }

// Operation is one method on one path.
type Operation struct {
	ID     string
	Method string
	// Path is the template as the document spells it.
	Path     string
	Op       *openapi3.Operation
	PathItem *openapi3.PathItem
	// Params merges path-item and operation parameters (operation wins).
	Params []*Param
	// Security is the effective requirement (operation, else document).
	Security openapi3.SecurityRequirements
	Resource *Resource
	Role     Role
	// Behaviour names a coded behaviour (x-mock-behaviour).
	Behaviour string
	// Delay is the x-mock-delay value, unparsed.
	Delay string
	// MaxLimit is the largest page a list answers (x-mock-max-limit of
	// the operation, else of its path item, else of the document); 0
	// when none is declared.
	MaxLimit int
	// Success is the status answered by default: the lowest 2xx, else the
	// lowest declared, else "default".
	Success string
	// Statuses are the declared response keys, sorted.
	Statuses []string
	// BodyTypes are the request body's media types.
	BodyTypes []string
}

// Param is a parameter with its engine extensions decoded.
type Param struct {
	Name      string
	In        string
	Required  bool
	P         *openapi3.Parameter
	Schema    *openapi3.Schema
	OnInvalid OnInvalid
	Filter    *Filter
	// Aliases are a path parameter's x-mock-aliases: values that stand
	// for another value (e.g. {"@current": "1"}).
	Aliases map[string]string
}

// OnInvalid says how the real API treats an invalid value (x-mock-on-invalid).
type OnInvalid struct {
	// Action is "" (reject with 400), "ignore", "not-found" or "status".
	Action string
	Status int
	Detail string
}

// Filter says how a list query parameter filters objects (x-mock-filter).
type Filter struct {
	// Fields are dotted paths into the object (created_by.id).
	Fields []string
	// Op is eq, in, search, contains, contains-any or none.
	Op string
}

// Resource is a collection path with its item path.
type Resource struct {
	Name       string
	SoftDelete string
	Order      []string
	Hooks      string
	PageSize   int
	// Seed is how many objects each of the resource's collections starts
	// with when the server seeds (x-mock-resource seed); nil: the server's
	// count.
	Seed *int
	// IDParam is the item path's id parameter, IDField the object's id
	// property, IDKind how ids are made: uuid, integer or string.
	IDParam, IDField, IDKind string
	// IDSchema is the id parameter's schema when it constrains a string id
	// (a pattern, a length): new string ids are made to fit it. nil
	// otherwise.
	IDSchema *openapi3.Schema
	// Wrap is the property under which the item's answers hold the
	// object ({"server": {…}} beside a list of servers), "" where they
	// are the object itself: Schema is then the wrapped object's, and
	// ItemSchema unwraps an answer's.
	Wrap string
	// ScopeParams partition state (the collection path's parameters).
	ScopeParams []string
	// Schema is the full item schema as a response returns it.
	Schema *openapi3.Schema
	// CreateSchema is the create request body schema, if any.
	CreateSchema *openapi3.Schema
	// ListItemSchema is the schema of list results (may be a minimal view).
	ListItemSchema *openapi3.Schema
	// List is the shape the list operation declares for its body and its
	// paging (ListUnknown kind when there is no list operation).
	List ListShape
	// Ops by role, for the first declaration (used for arranging state).
	Ops map[Role]*Operation
}

// Operation returns the operation with the id.
func (d *Doc) Operation(id string) (*Operation, bool) {
	op, ok := d.byID[id]
	return op, ok
}
