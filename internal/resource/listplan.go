package resource

import (
	"strconv"
	"strings"

	"github.com/mockserver-go/mockserver/internal/mediatype"
	"github.com/mockserver-go/mockserver/internal/render"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// ListPlan is what answering a list operation needs to know about its
// success response, worked out once per operation (ListPlan): the
// document does not change under a stage.
type ListPlan struct {
	Code   int
	Schema *schemaT // the JSON response schema (nil: none)
	Item   *schemaT // the items' schema
	Prop   string   // the envelope's items property ("": a bare array)
	// Fields are the envelope's other properties, in encoding order.
	Fields []EnvField
	// Checkable: the self-check can be split into the envelope and the
	// items.
	Checkable bool
	// PlainJSON: the response is answered in JSON to a request without
	// Accept or with Accept: */* (negotiating would change nothing).
	PlainJSON bool
	// EnvSchema is the schema an envelope is checked against for Code
	// when the check may go property by property (Config.DeltaCheckable);
	// nil when every envelope is checked in full.
	EnvSchema *schemaT
}

// EnvField is one envelope property besides the items.
type EnvField struct {
	Name string
	Kind EnvKind
	// Schema and Seed generate the value of an EnvOther property.
	Schema *schemaT
	Seed   string
}

// EnvKind says what an envelope property carries.
type EnvKind int

// The envelope properties a list fills from its page; EnvOther is
// generated from its schema.
const (
	EnvOther EnvKind = iota
	EnvCount
	EnvNext
	EnvPrevious
	EnvHasMore
)

// ListPlan returns op's ListPlan, worked out on first use.
func (e *Stage) ListPlan(op *spec.Operation) *ListPlan {
	if p, ok := e.listPlans.Load(op); ok {
		return p.(*ListPlan)
	}
	p, _ := e.listPlans.LoadOrStore(op, e.newListPlan(op))
	return p.(*ListPlan)
}

func (e *Stage) newListPlan(op *spec.Operation) *ListPlan {
	s := spec.JSONResponseSchema(op, op.Success)
	p := &ListPlan{Code: spec.StatusCode(op.Success), Schema: s}
	p.Item, p.Prop = spec.ListItems(s)
	p.Checkable = listCheckable(s, p.Prop)
	if s != nil && p.Prop != "" {
		for _, name := range e.enc.Order(s) {
			if name == p.Prop {
				continue
			}
			f := EnvField{Name: name, Schema: propSchema(s, name), Seed: op.ID + "/" + name}
			switch strings.ToLower(name) {
			case "count", "total", "total_count", "totalcount", "total_results":
				f.Kind = EnvCount
			case "next":
				f.Kind = EnvNext
			case "previous", "prev":
				f.Kind = EnvPrevious
			case "has_more", "hasmore", "has_next", "hasnext":
				f.Kind = EnvHasMore
			}
			p.Fields = append(p.Fields, f)
		}
	}
	status := strconv.Itoa(p.Code)
	r, _ := op.Response(status)
	_, media := mediatype.Negotiated(r, "")
	p.PlainJSON = media == nil
	if r != nil && e.cfg.DeltaCheckable != nil {
		if es := spec.JSONResponseSchema(op, status); es != nil && e.cfg.DeltaCheckable(es) {
			p.EnvSchema = es
		}
	}
	return p
}

// listCheckable reports whether a list response's self-check can be split
// into the envelope (items emptied) and the items one by one.
func listCheckable(s *schemaT, prop string) bool {
	if s == nil {
		return false
	}
	if prop == "" {
		return render.ItemsCheckable(s)
	}
	p := s.Properties[prop]
	return p != nil && render.ItemsCheckable(p.Value) && len(s.AllOf) == 0 && len(s.AnyOf) == 0 && len(s.OneOf) == 0 && s.Not == nil
}
