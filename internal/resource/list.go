package resource

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/mediatype"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/plugin"
)

// pageParams are the names lists page with.
var pageParams = map[string]bool{"limit": true, "offset": true, "page": true, "page_size": true, "per_page": true, "size": true, "format": true}

// Filter is one query parameter that narrows a list.
type Filter struct {
	name   string
	f      spec.Filter
	value  string
	parsed any
}

// ListRequest is a list operation's request as the resource stage reads
// it.
type ListRequest struct {
	Op    *spec.Operation
	Query url.Values
	// Store holds the collection Coll: the engine's store, or the seed of
	// an unstored collection made on the side.
	Store store.Store
	Coll  string
	// Read, when set, reads the collection instead of Store and Coll, as
	// Store.List does (the engine's: Stage.Page, which reads a ready
	// collection of a remote store in one step).
	Read func(o *store.Order, offset, limit int) ([]*store.Record, int, error)
	// Hook runs the resource's List hook on the records the filters kept,
	// when the request has one of the query parameters it declares
	// (QueryHasAny); nil otherwise.
	Hook func([]plugin.Item) ([]plugin.Item, error)
}

// Page is the part of a collection a list answers: Recs, at Offset of the
// Total that matched; Limit is the page size (Total when not Paged).
type Page struct {
	Recs                 []*store.Record
	Total, Offset, Limit int
	Paged                bool
}

// List answers a list request: the collection's records in the declared
// order (or creation order), filtered by the query, passed through the
// List hook, then windowed to the page asked for. record keeps a violation
// that did not stop the request (a page size above the cap); it is a
// parameter of its own, not a field of req, so that it does not escape
// with req's store.
func List(ctx context.Context, req ListRequest, record func(problem.Violation)) (Page, error) {
	res := req.Op.Resource
	filters, err := Filters(req.Op, req.Query)
	if err != nil {
		return Page{}, err
	}
	offset, limit, paged := PageWindow(req.Op, req.Query, record)
	listHook := req.Hook != nil
	// The collection keeps its records in the declared order (SortedPage),
	// unless a List hook must see them in creation order first.
	var order *store.Order
	if len(res.Order) > 0 && !listHook {
		order = RecordOrder(res.Order)
	}
	var recs []*store.Record
	var total int
	if len(filters) == 0 && !listHook {
		if !paged {
			limit = math.MaxInt
		}
		if recs, total, err = req.read(ctx, order, offset, limit); err != nil {
			return Page{}, err
		}
		if !paged {
			limit = total
		}
	} else {
		all, _, err := req.read(ctx, order, 0, math.MaxInt) // filtering keeps the order
		if err != nil {
			return Page{}, err
		}
		kept := all[:0:0]
		keys := filterKeys(filters)
		for _, r := range all {
			if matchAll(r.Fields(keys), filters) { // decodes only these fields of a cold record
				kept = append(kept, r)
			}
		}
		if listHook {
			if kept, err = runListHook(req, kept); err != nil {
				return Page{}, err
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
	return Page{Recs: recs, Total: total, Offset: offset, Limit: limit, Paged: paged}, nil
}

// read lists the collection as Store.List does.
func (req ListRequest) read(ctx context.Context, o *store.Order, offset, limit int) ([]*store.Record, int, error) {
	if req.Read != nil {
		return req.Read(o, offset, limit)
	}
	return req.Store.List(ctx, req.Coll, o, offset, limit)
}

// QueryHasAny reports whether q has one of names; true when names is empty.
func QueryHasAny(q url.Values, names []string) bool {
	for _, n := range names {
		if _, ok := q[n]; ok {
			return true
		}
	}
	return len(names) == 0
}

// runListHook runs the resource's List hook on recs.
func runListHook(req ListRequest, recs []*store.Record) ([]*store.Record, error) {
	items := make([]plugin.Item, len(recs))
	for i, r := range recs {
		items[i] = listItem{r}
	}
	out, err := req.Hook(items)
	if err != nil {
		return nil, err
	}
	kept := make([]*store.Record, len(out))
	for i, it := range out {
		li, ok := it.(listItem)
		if !ok {
			return nil, fmt.Errorf("the List hook of %s returned an item it was not given", req.Op.Resource.Name)
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

// PageWindow reads limit/offset or page/page_size. Invalid values were
// already dropped (x-mock-on-invalid: ignore) or rejected by validation. A
// page size above the cap (pageCap) is cut to it, as Django REST
// framework's max_limit does, and recorded.
func PageWindow(op *spec.Operation, query url.Values, record func(problem.Violation)) (offset, limit int, paged bool) {
	res := op.Resource
	def := res.PageSize
	if def <= 0 {
		def = 100
	}
	num := func(name string) (int, bool) {
		v := query.Get(name)
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
			record(problem.Violation{In: "query", Field: name, Code: "max_limit", Expected: "at most " + strconv.Itoa(most),
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

// Filters turns the query into filters: parameters with x-mock-filter, and
// parameters named like a top-level property (equality).
func Filters(op *spec.Operation, query url.Values) ([]Filter, error) {
	var out []Filter
	s := op.Resource.Schema
	for _, p := range op.Params {
		if p.In != "query" || pageParams[p.Name] {
			continue
		}
		val, ok := query[p.Name]
		if !ok || len(val) == 0 {
			continue
		}
		f := p.Filter
		if f == nil {
			if spec.PropertySchema(s, p.Name) == nil {
				continue
			}
			f = &spec.Filter{Fields: []string{p.Name}, Op: "eq"}
		}
		if f.Op == "none" {
			continue
		}
		flt := Filter{name: p.Name, f: *f, value: val[len(val)-1]}
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

func fieldSchema(s *openapi3.Schema, path string) *openapi3.Schema {
	for _, part := range strings.Split(path, ".") {
		if s == nil {
			return nil
		}
		s = spec.PropertySchema(s, part)
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
func filterKeys(fs []Filter) []string {
	var keys []string
	for _, f := range fs {
		for _, path := range f.f.Fields {
			top, _, _ := strings.Cut(path, ".")
			keys = append(keys, top)
		}
	}
	return keys
}

func matchAll(obj map[string]any, fs []Filter) bool {
	for _, f := range fs {
		if !f.match(obj) {
			return false
		}
	}
	return true
}

func (f Filter) match(obj map[string]any) bool {
	switch f.f.Op {
	case "eq":
		v := field(obj, f.f.Fields[0])
		if b, ok := f.parsed.(bool); ok {
			vb, _ := v.(bool)
			return vb == b
		}
		return mediatype.Text(v) == f.value || strings.EqualFold(mediatype.Text(v), f.value) && isUUIDish(f.value)
	case "in":
		v := mediatype.Text(field(obj, f.f.Fields[0]))
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
func RecordOrder(fields []string) *store.Order {
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

// sortRecords sorts records as the collection's index for RecordOrder(order)
// keeps them (for lists whose List hook filtered or reordered them).
func sortRecords(recs []*store.Record, order []string) {
	o := RecordOrder(order)
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
	return sortVal{str: mediatype.Text(v)}
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

// PageURL builds an absolute next/previous link as DRF does: the URL of
// r (a request to op) with limit/offset replaced and query keys sorted.
func PageURL(r *http.Request, op *spec.Operation, offset, limit int, dropOffset bool) string {
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
	if op.Param("query", "limit") != nil || op.Param("query", "offset") != nil {
		q.Set("limit", strconv.Itoa(limit))
		if dropOffset {
			q.Del("offset")
		} else {
			q.Set("offset", strconv.Itoa(offset))
		}
	} else {
		sizeName := "page_size"
		for _, n := range []string{"page_size", "per_page", "size"} {
			if op.Param("query", n) != nil {
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

// PageLinks is an RFC 8288 Link header for a page, as page/per_page APIs
// send it when their document declares one: first, prev, next and last.
func PageLinks(r *http.Request, op *spec.Operation, total, offset, limit int) string {
	if limit <= 0 {
		return ""
	}
	var links []string
	add := func(rel string, off int) {
		links = append(links, "<"+PageURL(r, op, off, limit, off == 0)+`>; rel="`+rel+`"`)
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

// listItem is a stored record as a List hook sees it (plugin.Item).
type listItem struct{ r *store.Record }

func (i listItem) ID() string { return i.r.ID }

func (i listItem) Field(name string) any { return i.r.Fields([]string{name})[name] }
