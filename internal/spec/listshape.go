package spec

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// ListKind is how a list operation's body holds its items.
type ListKind int

// Kinds of list bodies.
const (
	// ListUnknown: the list operation declares no JSON body (or there is
	// no list operation).
	ListUnknown ListKind = iota
	// ListArray: the body is a bare array of items.
	ListArray
	// ListEnvelope: the body is an object with the items in one array
	// property (ListShape.Items) and optional count and link properties.
	ListEnvelope
)

var listKindNames = [...]string{"unknown", "array", "envelope"}

func (k ListKind) String() string { return listKindNames[k] }

// Paging is the pagination style a list operation's parameters declare.
type Paging int

// Pagination styles.
const (
	PagingNone        Paging = iota
	PagingLimitOffset        // limit and offset (or limit alone)
	PagingPage               // page and a page size (page_size, per_page, size)
	PagingCursor             // an opaque cursor (cursor, after, page_token, …)
)

var pagingNames = [...]string{"none", "limit/offset", "page", "cursor"}

func (p Paging) String() string { return pagingNames[p] }

// ListShape is the shape a list operation declares for its body and its
// paging, so that state can be paged in the same shape. The names are the
// document's spelling.
type ListShape struct {
	Kind ListKind
	// Items is the envelope's items property ("" for a bare array).
	Items string
	// Count, Next, Previous and HasMore are the envelope's total count,
	// next and previous page links and more-pages flag ("" when absent).
	Count, Next, Previous, HasMore string
	Paging                         Paging
	// The query parameters paging uses ("" when not declared): Limit is
	// the page size for limit/offset and cursor paging, PerPage for page
	// paging.
	Limit, Offset, Page, PerPage, Cursor string
	// LinkHeader: the list response declares a Link header (RFC 8288
	// next/prev links, as page/per_page APIs send them).
	LinkHeader bool
}

// itemsProps are the envelope properties that hold a list's items, in the
// order they are preferred when an envelope has several arrays.
var itemsProps = []string{"results", "data", "items", "values", "records", "entries", "list", "content", "elements", "hits"}

// Envelope property names, lower-cased, by what they say.
var (
	countProps    = map[string]bool{"count": true, "total": true, "total_count": true, "totalcount": true, "total_results": true, "totalresults": true, "total_items": true, "totalitems": true, "total_size": true, "totalsize": true}
	nextProps     = map[string]bool{"next": true, "next_page": true, "nextpage": true, "next_url": true, "nexturl": true, "next_link": true, "nextlink": true, "next_cursor": true, "nextcursor": true, "next_page_token": true, "nextpagetoken": true, "cursor": true, "next_page_uri": true, "next_page_link": true}
	previousProps = map[string]bool{"previous": true, "prev": true, "previous_page": true, "prev_page": true, "previous_url": true, "prev_url": true, "previous_cursor": true, "prev_cursor": true, "previous_page_uri": true, "prev_page_uri": true}
	hasMoreProps  = map[string]bool{"has_more": true, "hasmore": true, "has_next": true, "hasnext": true, "more": true, "is_last": true, "last": true}
	// metaProps are envelope properties that are neither items nor
	// counts nor links but plainly about the page.
	metaProps = map[string]bool{"page": true, "size": true, "per_page": true, "page_size": true, "pagesize": true, "limit": true, "offset": true, "links": true, "_links": true, "meta": true, "pagination": true, "paging": true, "object": true, "url": true, "kind": true, "first": true, "last_page": true, "uri": true, "first_page_uri": true, "last_page_uri": true, "first_page_url": true, "last_page_url": true, "total_pages": true, "totalpages": true, "num_pages": true, "page_count": true, "start": true, "success": true, "status": true, "errors": true, "messages": true, "message": true}
)

// Paging parameter names, lower-cased.
var (
	limitParams   = []string{"limit", "max_results", "maxresults", "page_size", "pagesize", "per_page", "perpage", "size", "count", "first", "top", "$top"}
	offsetParams  = []string{"offset", "skip", "start", "$skip"}
	pageParamsAll = []string{"page", "page_number", "pagenumber"}
	perPageParams = []string{"per_page", "page_size", "pagesize", "perpage", "size", "limit"}
	cursorParams  = []string{"cursor", "after", "before", "starting_after", "ending_before", "page_token", "pagetoken", "next_token", "nexttoken", "continuation_token", "continuationtoken", "marker", "since_id", "after_id"}
)

// listShapeOf recognises a list body by its shape: a bare array, or an
// object with one array of items among properties that are all about the
// page (a count, links, flags). ok is false for a body that is not a list,
// such as an object that happens to have an array property.
func listShapeOf(s *openapi3.Schema) (shape ListShape, items *openapi3.Schema, ok bool) {
	if s == nil {
		return ListShape{}, nil, false
	}
	if isArraySchema(s) {
		return ListShape{Kind: ListArray}, s.Items.Value, true
	}
	props := mergedProperties(s, 0)
	prop := ""
	for _, name := range itemsProps {
		if isArray(props[name]) {
			prop = name
			break
		}
	}
	if prop == "" {
		// An envelope named otherwise ({total_count, workflow_runs: […]})
		// is one array and nothing but page metadata beside it.
		for name, p := range props {
			if !isArray(p) || isLinkList(name) {
				continue
			}
			if prop != "" {
				return ListShape{}, nil, false
			}
			prop = name
		}
		if prop == "" {
			return ListShape{}, nil, false
		}
		for name, p := range props {
			if name != prop && !isPageMeta(name, p) {
				return ListShape{}, nil, false
			}
		}
	}
	shape = ListShape{Kind: ListEnvelope, Items: prop}
	for name := range props {
		switch lower := strings.ToLower(name); {
		case name == prop:
		case countProps[lower] && isNumber(props[name]):
			shape.Count = pick(shape.Count, name)
		case nextProps[lower]:
			shape.Next = pick(shape.Next, name)
		case previousProps[lower]:
			shape.Previous = pick(shape.Previous, name)
		case hasMoreProps[lower]:
			shape.HasMore = pick(shape.HasMore, name)
		}
	}
	return shape, props[prop].Value.Items.Value, true
}

// pick keeps the first of two candidates in name order, so that a shape
// does not depend on map iteration.
func pick(have, name string) string {
	if have == "" || name < have {
		return name
	}
	return have
}

// isLinkList reports an array property that holds the page's links
// (_links), beside the items.
func isLinkList(name string) bool {
	lower := strings.ToLower(name)
	return lower == "_links" || lower == "links"
}

func isArray(p *openapi3.SchemaRef) bool { return p != nil && isArraySchema(p.Value) }

// isArraySchema: an array, nullable or not (3.1 type: [array, "null"]),
// or a schema with items and no type.
func isArraySchema(s *openapi3.Schema) bool {
	return s != nil && s.Items != nil && (s.Type == nil || s.Type.Includes("array"))
}

func isNumber(p *openapi3.SchemaRef) bool {
	return p != nil && p.Value != nil && p.Value.Type != nil && (p.Value.Type.Includes("integer") || p.Value.Type.Includes("number"))
}

func isPageMeta(name string, p *openapi3.SchemaRef) bool {
	lower := strings.ToLower(name)
	return countProps[lower] || nextProps[lower] || previousProps[lower] || hasMoreProps[lower] || metaProps[lower] || isNumber(p)
}

// pagingOf reads the paging style from a list operation's query
// parameters: limit/offset when an offset is declared, page when a page
// is, cursor when a cursor is, else limit/offset for a lone limit. Sizes,
// offsets and pages are numbers (or untyped): a "start" date or a "size"
// filter is no paging.
func pagingOf(op *Operation, shape *ListShape) {
	numeric, all := map[string]string{}, map[string]string{}
	for _, p := range op.Params {
		if p.In != "query" {
			continue
		}
		lower := strings.ToLower(p.Name)
		all[lower] = p.Name
		if k := kindOf(p.Schema); k == "" || k == "number" {
			numeric[lower] = p.Name
		}
	}
	firstIn := func(byLower map[string]string, names []string) string {
		for _, n := range names {
			if name, ok := byLower[n]; ok {
				return name
			}
		}
		return ""
	}
	first := func(names []string) string { return firstIn(numeric, names) }
	offset, page, cursor := first(offsetParams), first(pageParamsAll), firstIn(all, cursorParams)
	switch {
	case offset != "":
		shape.Paging, shape.Offset, shape.Limit = PagingLimitOffset, offset, first(limitParams)
	case page != "":
		shape.Paging, shape.Page, shape.PerPage = PagingPage, page, first(perPageParams)
	case cursor != "":
		shape.Paging, shape.Cursor, shape.Limit = PagingCursor, cursor, first(limitParams)
	case first([]string{"limit"}) != "":
		shape.Paging, shape.Limit = PagingLimitOffset, first([]string{"limit"})
	case first(perPageParams) != "":
		shape.Paging, shape.PerPage = PagingPage, first(perPageParams)
	}
	if r, _ := op.Response(op.Success); r != nil {
		for name := range r.Headers {
			if strings.EqualFold(name, "Link") {
				shape.LinkHeader = true
			}
		}
	}
}
