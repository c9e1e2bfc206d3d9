package engine

import (
	"github.com/mockserver-go/mockserver/internal/resource"
	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/plugin"
)

// list answers a list operation: the resource stage picks the page, the
// engine renders it.
func (e *Engine) list(c *Call) (*Response, error) {
	req := resource.ListRequest{Op: c.Op, Query: c.Query,
		Read: func(o *store.Order, offset, limit int) ([]*store.Record, int, error) {
			return e.res.Page(&c.Call, o, offset, limit)
		}}
	if h := e.hooks(c); h != nil && h.List != nil && resource.QueryHasAny(c.Query, h.ListQuery) {
		req.Hook = func(items []plugin.Item) (out []plugin.Item, err error) {
			c.withQuery(h.ListQuery, func() { out, err = h.List(c.plugin(), items) })
			return out, err
		}
	}
	page, err := resource.List(c.Context(), req, c.Record)
	if err != nil {
		return nil, err
	}
	return e.listResponse(c, page.Recs, page.Total, page.Offset, page.Limit, page.Paged)
}
