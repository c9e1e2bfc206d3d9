package resource

import (
	"context"
	"math"

	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/store"
)

// DeclaredOrders returns the orders doc's resources declare
// (x-mock-resource.order) as the engine lists them, for a store that must
// know orders before it is asked for them (a store shared by replicas,
// each of which maintains every index on its writes).
func DeclaredOrders(doc *spec.Doc) []*store.Order {
	var out []*store.Order
	seen := map[string]bool{}
	for _, res := range doc.Resources {
		if len(res.Order) == 0 {
			continue
		}
		o := RecordOrder(res.Order)
		if !seen[o.Name] {
			seen[o.Name] = true
			out = append(out, o)
		}
	}
	return out
}

// Object returns the object id of a resource's collection (seeding it on
// first use), hidden or not, through the store interface, whatever the
// store.
func (e *Stage) Object(ctx context.Context, res *spec.Resource, params map[string]string, id string) (*store.Record, error) {
	key, err := e.scopeOf(ctx, res, params)
	if err != nil {
		return nil, err
	}
	return e.store.Get(ctx, key, id)
}

// Objects returns the visible objects of a resource's collection (seeding
// it on first use) in creation order, through the store interface.
func (e *Stage) Objects(ctx context.Context, res *spec.Resource, params map[string]string) ([]*store.Record, error) {
	key, err := e.scopeOf(ctx, res, params)
	if err != nil {
		return nil, err
	}
	recs, _, err := e.store.List(ctx, key, nil, 0, math.MaxInt)
	return recs, err
}
