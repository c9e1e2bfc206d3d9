package resource

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Adopt takes over the state of an older engine (a hot reload): every
// collection whose resource still exists with the same scope parameters
// keeps its objects; collections of resources that are gone, or whose scope
// changed, are dropped. It returns the resource names kept and dropped,
// sorted. Objects are kept as they are, even when the new schema no longer
// accepts them (the self-check reports that on the next answer).
func (e *Stage) Adopt(old *Stage) (kept, dropped []string, err error) {
	type doc struct {
		Format      string                       `json:"format"`
		Version     int                          `json:"version"`
		Collections map[string][]json.RawMessage `json:"collections"`
	}
	read := func(en *Stage) (doc, error) {
		var d doc
		b, err := en.store.Export(context.Background())
		if err == nil {
			err = json.Unmarshal(b, &d)
		}
		return d, err
	}
	from, err := read(old)
	if err != nil {
		return nil, nil, fmt.Errorf("engine: adopt: %w", err)
	}
	into, err := read(e)
	if err != nil {
		return nil, nil, fmt.Errorf("engine: adopt: %w", err)
	}
	keep, drop := map[string]bool{}, map[string]bool{}
	for key, recs := range from.Collections {
		name, _, _ := strings.Cut(key, "|")
		res, oldRes := e.doc.Resources[name], old.doc.Resources[name]
		if res == nil || oldRes == nil || !slices.Equal(res.ScopeParams, oldRes.ScopeParams) {
			drop[name] = true
			continue
		}
		keep[name] = true
		into.Collections[key] = recs
	}
	b, err := json.Marshal(into)
	if err == nil {
		err = e.store.Import(context.Background(), b)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("engine: adopt: %w", err)
	}
	return slices.Sorted(maps.Keys(keep)), slices.Sorted(maps.Keys(drop)), nil
}
