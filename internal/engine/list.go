package engine

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/plugin"
)

// pageParams are the names lists page with.
var pageParams = map[string]bool{"limit": true, "offset": true, "page": true, "page_size": true, "per_page": true, "size": true, "format": true}

type filter struct {
	name   string
	f      spec.Filter
	value  string
	parsed any
}

func (e *Engine) list(c *Call) (*Response, error) {
	res := c.Op.Resource
	filters, err := e.filters(c)
	if err != nil {
		return nil, err
	}
	offset, limit, paged := e.pageWindow(c)
	h := e.hooks(c)
	listHook := h != nil && h.List != nil && queryHasAny(c.Query, h.ListQuery)
	// The collection keeps its records in the declared order (SortedPage),
	// unless a List hook must see them in creation order first.
	var order *store.Order
	if len(res.Order) > 0 && !listHook {
		order = recordOrder(res.Order)
	}
	var recs []*store.Record
	var total int
	if len(filters) == 0 && !listHook {
		if !paged {
			limit = math.MaxInt
		}
		if recs, total, err = e.page(c, order, offset, limit); err != nil {
			return nil, err
		}
		if !paged {
			limit = total
		}
	} else {
		all, _, err := e.page(c, order, 0, math.MaxInt) // filtering keeps the order
		if err != nil {
			return nil, err
		}
		kept := all[:0:0]
		keys := filterKeys(filters)
		for _, r := range all {
			if matchAll(r.Fields(keys), filters) { // decodes only these fields of a cold record
				kept = append(kept, r)
			}
		}
		if listHook {
			if kept, err = runListHook(c, h, kept); err != nil {
				return nil, err
			}
			if len(res.Order) > 0 {
				sortRecords(kept, res.Order)
			}
		}
		total = len(kept)
		if !paged {
			limit = total
		}
		recs = window(kept, offset, limit)
	}
	return e.listResponse(c, recs, total, offset, limit, paged)
}

// queryHasAny reports whether q has one of names; true when names is empty.
func queryHasAny(q url.Values, names []string) bool {
	for _, n := range names {
		if _, ok := q[n]; ok {
			return true
		}
	}
	return len(names) == 0
}

// runListHook runs the resource's List hook on recs.
func runListHook(c *Call, h *plugin.Hooks, recs []*store.Record) ([]*store.Record, error) {
	items := make([]plugin.Item, len(recs))
	for i, r := range recs {
		items[i] = listItem{r}
	}
	var out []plugin.Item
	var err error
	c.withQuery(h.ListQuery, func() { out, err = h.List(c.plugin(), items) })
	if err != nil {
		return nil, err
	}
	kept := make([]*store.Record, len(out))
	for i, it := range out {
		li, ok := it.(listItem)
		if !ok {
			return nil, fmt.Errorf("the List hook of %s returned an item it was not given", c.Op.Resource.Name)
		}
		kept[i] = li.r
	}
	return kept, nil
}

func window(recs []*store.Record, offset, limit int) []*store.Record {
	offset = max(offset, 0)
	if offset >= len(recs) || limit <= 0 {
		return nil
	}
	end := offset + limit
	if end > len(recs) || end < offset {
		end = len(recs)
	}
	return recs[offset:end]
}

// pageWindow reads limit/offset or page/page_size. Invalid values were
// already dropped (x-mock-on-invalid: ignore) or rejected by validation. A
// page size above the cap (pageCap) is cut to it, as Django REST
// framework's max_limit does, and recorded.
func (e *Engine) pageWindow(c *Call) (offset, limit int, paged bool) {
	op, res := c.Op, c.Op.Resource
	def := res.PageSize
	if def <= 0 {
		def = 100
	}
	num := func(name string) (int, bool) {
		v := c.Query.Get(name)
		if v == "" {
			return 0, false
		}
		n, err := strconv.Atoi(v)
		return n, err == nil
	}
	size := func(name string) int {
		n, ok := num(name)
		if !ok || n <= 0 {
			return def
		}
		if most := pageCap(op, name); n > most {
			c.Record(problem.Violation{In: "query", Field: name, Code: "max_limit", Expected: "at most " + strconv.Itoa(most),
				Got: strconv.Itoa(n), Message: "The page size is above the largest the API answers: the page holds at most " +
					strconv.Itoa(most) + " items.", Tolerated: true})
			return most
		}
		return n
	}
	if op.Param("query", "limit") != nil || op.Param("query", "offset") != nil {
		limit = size("limit")
		if n, ok := num("offset"); ok && n > 0 {
			offset = n
		}
		return offset, limit, true
	}
	// The size is the one the operation declares (page with per_page must
	// not read page_size).
	sizeName := ""
	for _, n := range []string{"page_size", "per_page", "size"} {
		if sizeName == "" && op.Param("query", n) != nil {
			sizeName = n
		}
	}
	if op.Param("query", "page") == nil && sizeName == "" {
		return 0, 0, false
	}
	limit = size(sizeName)
	if n, ok := num("page"); ok && n > 1 {
		offset = math.MaxInt // past any end: a page that big is empty
		if n-1 <= math.MaxInt/limit {
			offset = (n - 1) * limit
		}
	}
	return offset, limit, true
}

// defaultMaxLimit is the page cap of a list whose contract declares none:
// above any page a test needs, below pages whose cost would matter.
const defaultMaxLimit = 1000

// pageCap is the largest page a list answers for its page-size parameter
// name: x-mock-max-limit, else the parameter's declared maximum, else
// defaultMaxLimit.
func pageCap(op *spec.Operation, name string) int {
	if op.MaxLimit > 0 {
		return op.MaxLimit
	}
	if p := op.Param("query", name); p != nil && p.Schema != nil && p.Schema.Max != nil && *p.Schema.Max >= 1 && *p.Schema.Max <= math.MaxInt32 {
		return int(*p.Schema.Max)
	}
	return defaultMaxLimit
}

// filters turns the query into filters: parameters with x-mock-filter, and
// parameters named like a top-level property (equality).
func (e *Engine) filters(c *Call) ([]filter, error) {
	var out []filter
	s := c.Op.Resource.Schema
	for _, p := range c.Op.Params {
		if p.In != "query" || pageParams[p.Name] {
			continue
		}
		val, ok := c.Query[p.Name]
		if !ok || len(val) == 0 {
			continue
		}
		f := p.Filter
		if f == nil {
			if propSchema(s, p.Name) == nil {
				continue
			}
			f = &spec.Filter{Fields: []string{p.Name}, Op: "eq"}
		}
		if f.Op == "none" {
			continue
		}
		flt := filter{name: p.Name, f: *f, value: val[len(val)-1]}
		switch f.Op {
		case "contains", "contains-any":
			if err := json.Unmarshal([]byte(flt.value), &flt.parsed); err != nil || !jsonShapeOK(f.Op, flt.parsed) {
				v := problem.Violation{In: "query", Field: p.Name, Code: "invalid", Expected: "JSON", Got: strconv.Quote(flt.value), Message: "Invalid " + p.Name}
				return nil, &problem.Error{Kind: problem.KindValidation, Attr: p.Name, Detail: "Invalid " + p.Name, Violations: []problem.Violation{v}}
			}
		case "eq":
			if ps := fieldSchema(s, f.Fields[0]); ps != nil && ps.Type != nil && ps.Type.Is("boolean") {
				b, ok := parseBool(flt.value)
				if !ok {
					continue // unparseable booleans are ignored, as django-filter does
				}
				flt.parsed = b
			}
		}
		out = append(out, flt)
	}
	return out, nil
}

func jsonShapeOK(op string, v any) bool {
	if op == "contains-any" {
		_, ok := v.([]any)
		return ok
	}
	_, ok := v.(map[string]any)
	return ok
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "true", "1", "yes", "on", "t", "y":
		return true, true
	case "false", "0", "no", "off", "f", "n":
		return false, true
	}
	return false, false
}

func fieldSchema(s *schemaT, path string) *schemaT {
	for _, part := range strings.Split(path, ".") {
		if s == nil {
			return nil
		}
		s = propSchema(s, part)
	}
	return s
}

func field(obj map[string]any, path string) any {
	var cur any = obj
	for _, part := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	return cur
}

// filterKeys are the top-level fields the filters read.
func filterKeys(fs []filter) []string {
	var keys []string
	for _, f := range fs {
		for _, path := range f.f.Fields {
			top, _, _ := strings.Cut(path, ".")
			keys = append(keys, top)
		}
	}
	return keys
}

func matchAll(obj map[string]any, fs []filter) bool {
	for _, f := range fs {
		if !f.match(obj) {
			return false
		}
	}
	return true
}

func (f filter) match(obj map[string]any) bool {
	switch f.f.Op {
	case "eq":
		v := field(obj, f.f.Fields[0])
		if b, ok := f.parsed.(bool); ok {
			vb, _ := v.(bool)
			return vb == b
		}
		return scalarString(v) == f.value || strings.EqualFold(scalarString(v), f.value) && isUUIDish(f.value)
	case "in":
		v := scalarString(field(obj, f.f.Fields[0]))
		for _, want := range strings.Split(f.value, ",") {
			if strings.TrimSpace(want) == v {
				return true
			}
		}
		return false
	case "search":
		for _, term := range strings.Fields(strings.ToLower(f.value)) {
			found := false
			for _, name := range f.f.Fields {
				if s, ok := field(obj, name).(string); ok && strings.Contains(strings.ToLower(s), term) {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	case "contains":
		return jsonContains(field(obj, f.f.Fields[0]), f.parsed)
	case "contains-any":
		for _, alt := range f.parsed.([]any) {
			if jsonContains(field(obj, f.f.Fields[0]), alt) {
				return true
			}
		}
		return false
	}
	return true
}

func isUUIDish(s string) bool { return len(s) == 36 && strings.Count(s, "-") == 4 }

func scalarString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// jsonContains is PostgreSQL's @> on JSON values: objects contain the
// keys of the other with contained values; arrays contain every element of
// the other (each matched by some element); scalars are equal.
func jsonContains(have, want any) bool {
	switch w := want.(type) {
	case map[string]any:
		h, ok := have.(map[string]any)
		if !ok {
			return false
		}
		for k, wv := range w {
			hv, ok := h[k]
			if !ok || !jsonContains(hv, wv) {
				return false
			}
		}
		return true
	case []any:
		h, ok := have.([]any)
		if !ok {
			return false
		}
		for _, wv := range w {
			found := false
			for _, hv := range h {
				if jsonContains(hv, wv) {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	default:
		return have == want
	}
}

// recordOrder is a resource's declared order (x-mock-resource.order) as a
// store.Order: by fields ("-" prefix: descending), PostgreSQL style: nulls
// last when ascending, first when descending; the store breaks ties by
// creation. The name stands for the fields, so every call yields an
// equivalent Order and a collection keeps one index per declared order.
func recordOrder(fields []string) *store.Order {
	return &store.Order{
		Name: "fields:" + strings.Join(fields, ","),
		Key: func(obj map[string]any) string {
			var b []byte
			for _, f := range fields {
				at := len(b)
				b = toSortVal(field(obj, strings.TrimPrefix(f, "-"))).appendKey(b)
				if strings.HasPrefix(f, "-") {
					store.Invert(b[at:])
				}
			}
			return string(b)
		},
	}
}

// sortRecords sorts records as the collection's index for recordOrder(order)
// keeps them (for lists whose List hook filtered or reordered them).
func sortRecords(recs []*store.Record, order []string) {
	o := recordOrder(order)
	type keyed struct {
		key string
		rec *store.Record
	}
	var fields []string // the top-level fields the order reads
	for _, f := range order {
		top, _, _ := strings.Cut(strings.TrimPrefix(f, "-"), ".")
		fields = append(fields, top)
	}
	keys := make([]keyed, len(recs))
	for i, r := range recs {
		keys[i] = keyed{o.Key(r.Fields(fields)), r}
	}
	sort.Slice(keys, func(a, b int) bool {
		if keys[a].key != keys[b].key {
			return keys[a].key < keys[b].key
		}
		return keys[a].rec.Seq < keys[b].rec.Seq
	})
	for i := range keys {
		recs[i] = keys[i].rec
	}
}

type sortVal struct {
	null bool
	num  float64
	str  string
	isN  bool
}

func toSortVal(v any) sortVal {
	switch x := v.(type) {
	case nil:
		return sortVal{null: true}
	case float64:
		return sortVal{num: x, isN: true}
	case bool:
		if x {
			return sortVal{num: 1, isN: true}
		}
		return sortVal{isN: true}
	case string:
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return sortVal{num: float64(t.UnixMicro()), isN: true}
		}
		return sortVal{str: x}
	}
	return sortVal{str: scalarString(v)}
}

// appendKey appends v's part of an order key: ascending with nulls last
// and numbers (times included) before strings, so that it is a total
// order.
func (v sortVal) appendKey(b []byte) []byte {
	switch {
	case v.null:
		return append(b, 3)
	case v.isN:
		return store.AppendNumber(append(b, 1), v.num)
	}
	return store.AppendString(append(b, 2), v.str)
}

// pageURL builds an absolute next/previous link as DRF does: the request's
// URL with limit/offset replaced and query keys sorted.
func pageURL(c *Call, offset, limit int, dropOffset bool) string {
	r := c.HTTP
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
		scheme = p
	}
	q := url.Values{}
	for k, v := range r.URL.Query() {
		q[k] = v
	}
	if c.Op.Param("query", "limit") != nil || c.Op.Param("query", "offset") != nil {
		q.Set("limit", strconv.Itoa(limit))
		if dropOffset {
			q.Del("offset")
		} else {
			q.Set("offset", strconv.Itoa(offset))
		}
	} else {
		sizeName := "page_size"
		for _, n := range []string{"page_size", "per_page", "size"} {
			if c.Op.Param("query", n) != nil {
				sizeName = n
			}
		}
		if _, ok := r.URL.Query()[sizeName]; ok {
			q.Set(sizeName, strconv.Itoa(limit))
		}
		q.Set("page", strconv.Itoa(offset/max(limit, 1)+1))
	}
	u := url.URL{Scheme: scheme, Host: r.Host, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: q.Encode()}
	return u.String()
}

// pageLinks is an RFC 8288 Link header for a page, as page/per_page APIs
// send it when their document declares one: first, prev, next and last.
func pageLinks(c *Call, total, offset, limit int) string {
	if limit <= 0 {
		return ""
	}
	var links []string
	add := func(rel string, off int) {
		links = append(links, "<"+pageURL(c, off, limit, off == 0)+`>; rel="`+rel+`"`)
	}
	if offset > 0 {
		add("first", 0)
		add("prev", max(offset-limit, 0))
	}
	if offset < total-limit { // offset+limit may overflow
		add("next", offset+limit)
		add("last", (total-1)/limit*limit)
	}
	return strings.Join(links, ", ")
}
