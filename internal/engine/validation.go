package engine

import (
	"sort"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/validate"
)

// validateRequest checks the request against the operation (the validator
// stage) and applies the contract's tolerance: it fills the call's query,
// body and readOnly fields, records every violation, and returns the
// refusal, if any.
func (e *Engine) validateRequest(c *Call) *problem.Error {
	c.Query = c.HTTP.URL.Query() // read by the validator, then the call's (see applyInvalid)
	res := e.val.Request(validate.Request{HTTP: c.HTTP, Op: c.Op, PathParams: c.PathParams, Body: c.RawBody, Query: c.Query})
	c.Body, c.ReadOnlySent = res.Body, res.ReadOnlySent
	c.ex.Params = e.sentParams(c, c.Op)
	if perr := e.applyInvalid(c, res); perr != nil {
		return perr
	}
	if res.Fatal != nil {
		c.ex.Violations = append(c.ex.Violations, res.Fatal.Violations...)
		return res.Fatal
	}
	for _, f := range c.ReadOnlySent {
		c.Record(problem.Violation{In: "body", Field: f, Code: "readOnly", Expected: "not sent (readOnly)", Got: "a value",
			Message: "The field is readOnly: the server ignores it.", Tolerated: true})
	}
	return nil
}

// applyInvalid decides what invalid parameters and bodies do: the real
// API's tolerance (x-mock-on-invalid) or a 4xx.
func (e *Engine) applyInvalid(c *Call, res validate.Result) *problem.Error {
	var reject []problem.Violation
	var special *problem.Error
	for _, v := range res.Violations {
		if v.Tolerated {
			c.Record(v) // the validator judged it harmless (an ambiguous oneOf)
			continue
		}
		p := res.Invalid[v.In+":"+problem.RootField(v.Field)]
		if p == nil || p.OnInvalid.Action == "" {
			if p != nil && p.In == "path" && notFoundForPath(c.Op) {
				// An unmatched path value is a missing resource, as routers answer.
				v.Tolerated = false
				c.Record(v)
				if special == nil {
					special = &problem.Error{Kind: problem.KindNotFound, Violations: []problem.Violation{v}}
				}
				continue
			}
			reject = append(reject, v)
			continue
		}
		v.Tolerated = true
		c.Record(v)
		switch p.OnInvalid.Action {
		case "ignore":
			c.Query.Del(p.Name)
		case "not-found":
			if special == nil {
				special = &problem.Error{Kind: problem.KindNotFound}
			}
		case "status":
			if special == nil {
				special = &problem.Error{Kind: problem.KindNotFound, Status: p.OnInvalid.Status, Detail: p.OnInvalid.Detail}
			}
		}
	}
	if special != nil {
		return special
	}
	if len(reject) == 0 {
		return nil
	}
	e.orderViolations(c.Op, reject)
	for _, v := range reject {
		c.Record(v)
	}
	return &problem.Error{Kind: problem.KindValidation, Violations: reject}
}

// notFoundForPath reports whether an invalid path value is answered as a
// missing resource: unless the operation declares no 404 and declares the
// status of an invalid request, which is then the answer that keeps to the
// contract.
func notFoundForPath(op *spec.Operation) bool {
	return op.Declares(404) || !op.Declares(400) && !op.Declares(422)
}

// orderViolations puts parameters first (in declaration order), then body
// fields in the schema's property order, so the first reported error is the
// one the real server's serializer would report.
func (e *Engine) orderViolations(op *spec.Operation, vs []problem.Violation) {
	if len(vs) < 2 {
		return
	}
	rank := e.violationRanks(op)
	key := func(v problem.Violation) int {
		if r, ok := rank[v.In+":"+problem.RootField(v.Field)]; ok {
			return r
		}
		return 1 << 20
	}
	sort.SliceStable(vs, func(i, j int) bool { return key(vs[i]) < key(vs[j]) })
}

// violationRanks is the rank orderViolations gives each parameter
// ("query:limit") and body property ("body:name") of an operation, worked
// out once per operation.
func (e *Engine) violationRanks(op *spec.Operation) map[string]int {
	if r, ok := e.ranks.Load(op); ok {
		return r.(map[string]int)
	}
	rank := map[string]int{}
	for i, p := range op.Params {
		rank[p.In+":"+p.Name] = i
	}
	n := len(op.Params)
	if s := spec.JSONRequestSchema(op); s != nil {
		for i, name := range e.enc.Order(s) {
			rank["body:"+name] = n + i
		}
	}
	e.ranks.Store(op, rank)
	return rank
}

// sentParams names the documented parameters the request sent
// ("query:limit"), for the journal's coverage.
func (e *Engine) sentParams(c *Call, op *spec.Operation) []string {
	keys := e.paramKeys(op)
	var out []string
	for i, p := range op.Params {
		switch p.In {
		case "query":
			if _, ok := c.Query[p.Name]; ok {
				out = append(out, keys[i])
			}
		case "header":
			if c.HTTP.Header.Get(p.Name) != "" {
				out = append(out, keys[i])
			}
		case "path":
			out = append(out, keys[i])
		}
	}
	return out
}

// paramKeys are "in:name" for each of op's parameters, made once per
// operation.
func (e *Engine) paramKeys(op *spec.Operation) []string {
	if k, ok := e.paramNames.Load(op); ok {
		return k.([]string)
	}
	keys := make([]string, len(op.Params))
	for i, p := range op.Params {
		keys[i] = p.In + ":" + p.Name
	}
	e.paramNames.Store(op, keys)
	return keys
}
