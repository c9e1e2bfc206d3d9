package engine

import (
	"strconv"
	"strings"

	"github.com/mockserver-go/mockserver/internal/spec"
)

// listPlan is what listResponse needs to know about a list operation's
// success response, worked out once per operation (listPlanOf): the
// document does not change under an engine.
type listPlan struct {
	code   int
	schema *schemaT // the JSON response schema (nil: none)
	item   *schemaT // the items' schema
	prop   string   // the envelope's items property ("": a bare array)
	// fields are the envelope's other properties, in encoding order.
	fields []envField
	// checkable: the self-check can be split into the envelope and the
	// items (listCheckable).
	checkable bool
	// plainJSON: the response is answered in JSON to a request without
	// Accept or with Accept: */* (negotiate would change nothing).
	plainJSON bool
	// envSchema is the schema checkEnvelope validates an envelope against
	// for code, when the check may go property by property (deltaCheckable);
	// nil when every envelope is checked in full.
	envSchema *schemaT
}

// envField is one envelope property besides the items.
type envField struct {
	name string
	kind envKind
	// schema and seed generate the value of an envOther property.
	schema *schemaT
	seed   string
}

type envKind int

const (
	envOther envKind = iota
	envCount
	envNext
	envPrevious
	envHasMore
)

// listPlanOf returns op's listPlan, worked out on first use.
func (e *Engine) listPlanOf(op *spec.Operation) *listPlan {
	if p, ok := e.listPlans.Load(op); ok {
		return p.(*listPlan)
	}
	p, _ := e.listPlans.LoadOrStore(op, e.newListPlan(op))
	return p.(*listPlan)
}

func (e *Engine) newListPlan(op *spec.Operation) *listPlan {
	s := spec.JSONResponseSchema(op, op.Success)
	p := &listPlan{code: statusCode(op.Success), schema: s}
	p.item, p.prop = spec.ListItems(s)
	p.checkable = e.listCheckable(s, p.prop)
	if s != nil && p.prop != "" {
		for _, name := range e.enc.Order(s) {
			if name == p.prop {
				continue
			}
			f := envField{name: name, schema: propSchema(s, name), seed: op.ID + "/" + name}
			switch strings.ToLower(name) {
			case "count", "total", "total_count", "totalcount", "total_results":
				f.kind = envCount
			case "next":
				f.kind = envNext
			case "previous", "prev":
				f.kind = envPrevious
			case "has_more", "hasmore", "has_next", "hasnext":
				f.kind = envHasMore
			}
			p.fields = append(p.fields, f)
		}
	}
	status := strconv.Itoa(p.code)
	r, _ := op.Response(status)
	_, media := negotiated(r, "")
	p.plainJSON = media == nil
	if r != nil {
		if es := spec.JSONResponseSchema(op, status); es != nil && e.rend.DeltaCheckable(es) {
			p.envSchema = es
		}
	}
	return p
}
