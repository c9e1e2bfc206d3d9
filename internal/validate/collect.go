package validate

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/problem"
)

// MaxViolations is how many violations one request (or one checked
// value) lists; the rest are counted in a last "too_many_violations"
// entry. A body holding a million wrong values would otherwise cost a
// million violations to make, render, send and keep.
const MaxViolations = 100

// collector gathers the violations of one request or value: the first
// MaxViolations of them, then only their number.
type collector struct {
	max      int
	response bool
	out      []problem.Violation
	seen     map[string]struct{}
	// more counts the violations found beyond max; firstIn is where the
	// first of them is.
	more    int
	firstIn string
}

func newCollector(max int, response bool) *collector {
	return &collector{max: max, response: response}
}

func (c *collector) full() bool { return len(c.out) >= c.max }

// add keeps v unless the same field already has a violation of the same
// code (both validators can report one failure twice).
func (c *collector) add(v problem.Violation) {
	if c.full() {
		c.count(v.In)
		return
	}
	k := v.In + "|" + v.Field + "|" + v.Code
	if _, dup := c.seen[k]; dup {
		return
	}
	if c.seen == nil {
		c.seen = map[string]struct{}{}
	}
	c.seen[k] = struct{}{}
	c.out = append(c.out, v.Clipped())
}

// count counts a violation in in beyond the bound.
func (c *collector) count(in string) {
	if c.more == 0 {
		c.firstIn = in
	}
	c.more++
}

// violations are those kept, and one entry for those only counted.
func (c *collector) violations() []problem.Violation {
	if c.more == 0 {
		return c.out
	}
	return append(c.out, problem.Violation{In: c.firstIn, Code: "too_many_violations",
		Expected: "at most " + strconv.Itoa(c.max) + " violations listed", Got: strconv.Itoa(c.more) + " more",
		Message: fmt.Sprintf("And %d more violations, not listed (at most %d are).", c.more, c.max)})
}

// collect validates value against s and adds what is wrong with it to c.
// A valid value costs one kin-openapi visit that stops at the first
// failure. An invalid one is then visited again to list its violations:
// object by object and array by array where the schema lets the checks be
// split so (see plainNode), so that listing stops at c's bound instead of
// kin-openapi making an error for every one of a million wrong items.
func (v *Validator) collect(c *collector, s *openapi3.Schema, value any, in, base string) {
	s, use2020 := v.route(s)
	if use2020 {
		// The JSON Schema 2020-12 validator compiles the schema on every
		// call and reports everything at once: one call, whose errors
		// beyond the bound are only counted.
		if c.response {
			// It knows nothing of writeOnly, which OpenAPI's validator
			// refuses in a response.
			writeOnlySent(c, s, value, in, base, 0)
		}
		if err := s.VisitJSON(value, v.opts(c.response, true, true)...); err != nil {
			c.addError(in, base, err)
		}
		return
	}
	if s.VisitJSON(value, v.opts(c.response, false, false)...) == nil {
		return
	}
	v.walk(c, s, value, in, base)
}

// walk lists value's violations of s, splitting the visit at plain
// objects and arrays.
func (v *Validator) walk(c *collector, s *openapi3.Schema, value any, in, base string) {
	switch val := value.(type) {
	case []any:
		if n := v.plainNode(s); n != nil && n.array && permits(s, openapi3.TypeArray) {
			v.visit(c, n.self, value, in, base, nil) // minItems, maxItems, uniqueItems
			for i, item := range val {
				v.walk(c, n.items, item, in, field(c, base, strconv.Itoa, i))
			}
			return
		}
	case map[string]any:
		if n := v.plainNode(s); n != nil && !n.array && permits(s, openapi3.TypeObject) {
			// kin-openapi's order: readOnly/writeOnly and the property
			// counts, then each property by name, then required.
			var required []error
			v.visit(c, n.self, value, in, base, &required)
			keys := make([]string, 0, len(val))
			for k := range val {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				switch ps, declared := n.props[k]; {
				case declared:
					v.walk(c, ps, val[k], in, field(c, base, key, k))
				case n.closed && c.full():
					c.count(in)
				case n.closed:
					c.add(unsupportedViolation(in, base, k, val[k]))
				case n.additional != nil:
					v.walk(c, n.additional, val[k], in, field(c, base, key, k))
				}
			}
			for _, err := range required {
				c.addError(in, base, err)
			}
			return
		}
	}
	v.visit(c, s, value, in, base, nil)
}

// visit validates value against s with kin-openapi, listing every
// failure; with required set, the failures of required are put there
// instead (see walk).
func (v *Validator) visit(c *collector, s *openapi3.Schema, value any, in, base string, required *[]error) {
	if c.full() {
		// Beyond the bound only the number matters: a value of a type
		// the schema does not admit fails whatever else it declares, and
		// otherwise a visit that stops at the first failure counts the
		// value once.
		if wrongType(s, value) || s.VisitJSON(value, v.opts(c.response, false, false)...) != nil {
			c.count(in)
		}
		return
	}
	err := s.VisitJSON(value, v.opts(c.response, false, true)...)
	if err == nil {
		return
	}
	me, ok := err.(openapi3.MultiError)
	if !ok || required == nil {
		c.addError(in, base, err)
		return
	}
	for _, e := range me {
		if se, ok := e.(*openapi3.SchemaError); ok && se.SchemaField == "required" {
			*required = append(*required, e)
			continue
		}
		c.addError(in, base, e)
	}
}

// writeOnlySent adds a violation for each writeOnly property value holds,
// at any depth, as kin-openapi's OpenAPI 3.0 validator reports them.
func writeOnlySent(c *collector, s *openapi3.Schema, value any, in, base string, depth int) {
	if s == nil || depth > DefaultMaxDepth {
		return
	}
	switch x := value.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ref, _ := property(s, k)
			if ref == nil || ref.Value == nil {
				continue
			}
			if ref.Value.WriteOnly && x[k] != nil {
				f := join(base, k)
				c.add(problem.Violation{In: in, Field: f, Code: "writeOnly", Expected: "not in a response (writeOnly)", Got: describe(x[k]),
					Message: fmt.Sprintf("WriteOnly property %q in response.", k)})
				continue
			}
			writeOnlySent(c, ref.Value, x[k], in, join(base, k), depth+1)
		}
	case []any:
		if s.Items != nil {
			for i, e := range x {
				writeOnlySent(c, s.Items.Value, e, in, join(base, strconv.Itoa(i)), depth+1)
			}
		}
	}
}

// wrongType reports whether value, not null, has a JSON type s's type
// does not admit: kin-openapi then fails it whatever else s declares.
func wrongType(s *openapi3.Schema, value any) bool {
	if s.Type == nil || len(*s.Type) == 0 {
		return false
	}
	switch x := value.(type) {
	case bool:
		return !s.Type.Permits(openapi3.TypeBoolean)
	case string:
		return !s.Type.Permits(openapi3.TypeString)
	case float64:
		return !s.Type.Permits(openapi3.TypeNumber) && !(s.Type.Permits(openapi3.TypeInteger) && x == math.Trunc(x))
	case []any:
		return !s.Type.Permits(openapi3.TypeArray)
	case map[string]any:
		return !s.Type.Permits(openapi3.TypeObject)
	}
	return false
}

// field is the name of a member of base, made only while c lists
// violations: beyond the bound names are not needed.
func field[K any](c *collector, base string, name func(K) string, k K) string {
	if c.full() {
		return ""
	}
	return join(base, name(k))
}

func key(k string) string { return k }

func permits(s *openapi3.Schema, t string) bool {
	return s.Type == nil || len(*s.Type) == 0 || s.Type.Permits(t)
}
