package engine

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/mediatype"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/render"
	"github.com/mockserver-go/mockserver/internal/resource"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/store"
)

// JSON answers a JSON-shaped value, encoded in the order of the schema the
// operation declares for the status.
func (c *Call) JSON(status int, v any) *Response {
	s := spec.JSONResponseSchema(c.Op, strconv.Itoa(status))
	return c.negotiate(&Response{Status: status, Header: jsonHeader(), Value: v, Body: c.e.enc.Encode(v, s)})
}

// view renders a stored object for the call's response: shaped to the
// schema the response declares (see conform: writeOnly fields removed,
// required ones completed), then the resource's View hook.
func (c *Call) view(obj map[string]any, list bool) map[string]any {
	s, key := c.viewSchema(obj, list)
	v, _ := c.e.res.Conform(s, obj, key).(map[string]any)
	return c.hookView(v, list)
}

// hookView is the resource's View hook on a conformed object (the object
// itself without one).
func (c *Call) hookView(conformed map[string]any, list bool) map[string]any {
	h := c.e.hooks(c)
	if h == nil || h.View == nil {
		return conformed
	}
	var v map[string]any
	c.withQuery(h.ViewQuery, func() { v = h.View(c.plugin(), conformed, list) })
	return v
}

// viewSchema is the schema View conforms obj to, and the key of what
// conform generates for it.
func (c *Call) viewSchema(obj map[string]any, list bool) (*schemaT, string) {
	res := c.Op.Resource
	s := res.Schema
	if list && res.ListItemSchema != nil {
		s = res.ListItemSchema
	}
	switch c.Op.Role {
	case spec.RoleCreate, spec.RoleRead, spec.RoleUpdate, spec.RoleReplace:
		// Create and update often answer another view of the object than
		// read does (other readOnly or writeOnly fields).
		if os := spec.ItemSchema(c.Op, c.Op.Success); os != nil && !list {
			s = os
		}
	}
	return s, res.Name + "/" + store.IDString(obj[res.IDField])
}

func (e *Engine) objectResponse(c *Call, status string, rec *store.Record, list bool) (*Response, error) {
	return e.changedResponse(c, status, rec, nil, list)
}

// changedResponse is objectResponse for a record that replaced prev.
func (e *Engine) changedResponse(c *Call, status string, rec, prev *store.Record, list bool) (*Response, error) {
	code := spec.StatusCode(status)
	if wrapper, inner := spec.Wrapped(c.Op, strconv.Itoa(code)); inner != nil && !list {
		return e.wrappedResponse(c, code, rec, prev, wrapper, inner)
	}
	r := e.render(c, rec, prev, spec.JSONResponseSchema(c.Op, strconv.Itoa(code)), code, list)
	for _, v := range r.Violations {
		c.Record(v)
	}
	resp := &Response{Status: code, Header: jsonHeader(), Value: r.View, Body: r.Body, SelfChecked: e.cfg.SelfCheck}
	return e.finish(c, c.negotiate(resp))
}

// wrappedResponse answers a record under the property that wraps the
// object in the operation's answer ({"server": {…}}): the record's
// rendering there, the answer's other properties (an action started, a
// password) generated per operation and object. The whole answer is
// self-checked by the pipeline.
func (e *Engine) wrappedResponse(c *Call, code int, rec, prev *store.Record, wrapper, inner *schemaT) (*Response, error) {
	res := c.Op.Resource
	r := e.render(c, rec, prev, inner, code, false)
	v, _ := c.generator().Value(wrapper, c.Op.ID+"/"+strconv.Itoa(code)+"/"+rec.ID, fixtures.Response).(map[string]any)
	if v == nil {
		v = map[string]any{}
	}
	v[res.Wrap] = r.View
	resp := &Response{Status: code, Header: jsonHeader(), Value: v, Body: e.enc.Encode(v, wrapper)}
	return e.finish(c, c.negotiate(resp))
}

// negotiate renders a JSON response in another media type when the client
// asks for one the operation declares for the status (or it declares only
// such a type); the JSON-shaped Value stays for checks and hooks.
func (c *Call) negotiate(resp *Response) *Response {
	accept := c.HTTP.Header.Get("Accept")
	if (accept == "" || accept == "*/*") && c.e.plainJSON(c.Op, resp.Status) {
		return resp
	}
	r, _ := c.Op.Response(strconv.Itoa(resp.Status))
	mt, media := mediatype.Negotiated(r, accept)
	if media == nil {
		return resp
	}
	var ms *schemaT
	if media.Schema != nil {
		ms = media.Schema.Value
	}
	resp.Header.Set("Content-Type", mt)
	resp.SetBody(mediatype.Render(mt, resp.Value, ms))
	return resp
}

// plainJSON reports whether op answers status in JSON to a request
// without Accept or with Accept: */* (negotiate changes nothing), worked
// out once per operation and status: the document does not change under
// an engine.
func (e *Engine) plainJSON(op *spec.Operation, status int) bool {
	key := opStatus{op, status}
	if v, ok := e.plain.Load(key); ok {
		return v.(bool)
	}
	r, _ := op.Response(strconv.Itoa(status))
	_, media := mediatype.Negotiated(r, "")
	e.plain.Store(key, media == nil)
	return media == nil
}

type opStatus struct {
	op     *spec.Operation
	status int
}

// finish lets the resource's hooks replace a response.
func (e *Engine) finish(c *Call, resp *Response) (*Response, error) {
	if h := e.hooks(c); h != nil && h.Respond != nil {
		return e.respond(c, h, resp)
	}
	return resp, nil
}

func (e *Engine) listResponse(c *Call, recs []*store.Record, total, offset, limit int, paged bool) (*Response, error) {
	p := e.res.ListPlan(c.Op)
	// Items are rendered (and self-checked) per record version, from cache;
	// the envelope is encoded around their bytes.
	items := make([]any, len(recs))
	bodies := make(render.RawArray, len(recs))
	var itemViolations []problem.Violation
	if len(recs) > 0 {
		key := e.viewKey(c, p.Code, true)
		for i, rec := range recs {
			r := e.renderAs(c, rec, nil, p.Item, key, true)
			items[i], bodies[i] = r.View, r.Body
			for _, v := range r.Violations {
				v.Field = joinField(joinField(p.Prop, strconv.Itoa(i)), v.Field)
				itemViolations = append(itemViolations, v)
			}
		}
	}
	check := e.cfg.SelfCheck && p.Checkable
	var found []problem.Violation
	resp := &Response{Status: p.Code, Header: jsonHeader(), SelfChecked: check}
	if paged && c.Op.Resource.List.LinkHeader {
		if link := resource.PageLinks(c.HTTP, c.Op, total, offset, limit); link != "" {
			resp.Header.Set("Link", link)
		}
	}
	if p.Schema != nil && p.Prop != "" {
		env := make(map[string]any, len(p.Fields)+1)
		size := len(p.Prop) + 8 // the envelope's, to allocate it at once
		for _, f := range p.Fields {
			var v any
			switch f.Kind {
			case resource.EnvCount:
				v = float64(total)
			case resource.EnvNext:
				if paged && offset < total-limit { // offset+limit may overflow
					v = resource.PageURL(c.HTTP, c.Op, offset+limit, limit, false)
				}
			case resource.EnvPrevious:
				if paged && offset > 0 {
					v = resource.PageURL(c.HTTP, c.Op, max(offset-limit, 0), limit, offset-limit <= 0)
				}
			case resource.EnvHasMore:
				v = paged && offset < total-limit
			default:
				if f.Schema == nil {
					continue
				}
				v = e.gen.Value(f.Schema, f.Seed, fixtures.Response)
			}
			if v == nil && !allowsNull(f.Schema) {
				// No next or previous page, and the document declares no
				// null for the link: leave it out, or give it a value of
				// its schema when it is required.
				if !slices.Contains(p.Schema.Required, f.Name) || f.Schema == nil {
					continue
				}
				v = e.gen.Value(f.Schema, f.Seed, fixtures.Response)
			}
			env[f.Name] = v
			size += len(f.Name) + 32
			if s, ok := v.(string); ok {
				size += len(s)
			}
		}
		// One map serves the envelope's check (items emptied: they were
		// checked one by one), its encoding (around the items' bytes)
		// and the response's value.
		if check {
			env[p.Prop] = []any{}
			found = e.checkEnvelope(c.Op, p.Code, env)
		}
		resp.Parts = e.enc.EncodeAround(env, p.Schema, p.Prop, bodies, size)
		env[p.Prop] = items
		resp.Value = env
	} else {
		if check {
			found = e.CheckResponse(c.Op, p.Code, []any{})
		}
		resp.Parts = e.enc.EncodeAround(nil, p.Schema, "", bodies, 0)
		resp.Value = items
	}
	if check {
		for _, v := range found {
			c.Record(v)
		}
		for _, v := range itemViolations {
			c.Record(v)
		}
	}
	if accept := c.HTTP.Header.Get("Accept"); !p.PlainJSON || accept != "" && accept != "*/*" {
		resp = c.negotiate(resp)
	}
	return e.finish(c, resp)
}

// checkEnvelope is CheckResponse for a list envelope with its items
// emptied (shell). Only the count, the links and the other values vary
// between a list's envelopes, so when the envelope schema constrains its
// properties one by one (deltaCheckable), the first envelope checked in
// full is kept (a copy of shell) and a later one with the same keys is
// checked by render.CheckChanged: only the properties whose values differ are
// validated, the findings on the others are carried over, in the order a
// whole check reports them.
func (e *Engine) checkEnvelope(op *spec.Operation, code int, shell map[string]any) []problem.Violation {
	p := e.res.ListPlan(op)
	s := p.EnvSchema
	if code != p.Code || s == nil {
		return e.CheckResponse(op, code, shell)
	}
	return e.rend.CheckEnvelope(s, shell)
}

func joinField(base, k string) string {
	switch {
	case base == "":
		return k
	case k == "":
		return base
	}
	return base + "__" + k
}

func (e *Engine) generated(c *Call, status string) (*Response, error) {
	return e.generatedWithHeader(c, status, http.Header{})
}

// generatedWithHeader answers a declared response from its examples or
// generated data. The same request and seed always give the same body.
func (e *Engine) generatedWithHeader(c *Call, status string, h http.Header) (*Response, error) {
	code := spec.StatusCode(status)
	r, _ := c.Op.Response(status)
	resp := &Response{Status: code, Header: h}
	if r == nil {
		return resp, nil
	}
	key := c.Op.ID + "/" + status + "/" + c.HTTP.URL.Path + "?" + c.HTTP.URL.RawQuery
	gen := c.generator()
	for name, hr := range r.Headers {
		if hr == nil || hr.Value == nil || strings.EqualFold(name, "Content-Type") || h.Get(name) != "" {
			continue
		}
		ex, exOK := e.gen.HeaderExample(hr.Value)
		switch hs := hr.Value.Schema; {
		case exOK:
			// The header's own example agrees with the body's example.
			h.Set(name, mediatype.Text(ex))
		case hs != nil && hs.Value != nil:
			h.Set(name, mediatype.Text(gen.Value(hs.Value, key+"/h/"+name, fixtures.Response)))
		}
	}
	mt, media := mediatype.Pick(r.Content, c.HTTP.Header.Get("Accept"))
	if media == nil {
		// A bodiless answer (a delete's 204) is the resource's answer too:
		// its Respond hook sees it.
		return e.finish(c, resp)
	}
	mt = mediatype.Concrete(mt, mediatype.Answer)
	h.Set("Content-Type", mt)
	var schema *openapi3.Schema
	if media.Schema != nil {
		schema = media.Schema.Value
	}
	if !spec.IsJSON(mt) {
		if ex, ok := e.textExample(media, schema); ok && !strings.HasPrefix(mt, "image/") {
			resp.Body = []byte(ex)
		} else {
			resp.Body = mediatype.Generate(gen, mt, schema, key)
		}
		return resp, nil
	}
	var v any
	ok := false
	switch {
	case c.prefs.Example != "":
		v, ok = e.gen.NamedExample(media, c.prefs.Example, fixtures.Response)
	case !c.dynamic():
		v, ok = e.gen.MediaExample(media, fixtures.Response)
	}
	if !ok {
		if schema == nil {
			v = map[string]any{}
		} else {
			v = gen.ValueRef(media.Schema, key, fixtures.Response)
		}
	}
	resp.Value = v
	resp.Body = e.enc.Encode(v, schema)
	return e.finish(c, resp)
}

// textExample returns the text example of a non-JSON media type. Its
// schema can judge it only when it describes text (a string, or nothing);
// an XML example under an object schema is served as it is written.
func (e *Engine) textExample(media *openapi3.MediaType, s *openapi3.Schema) (string, bool) {
	ex, ok := media.Example.(string)
	if !ok || s == nil || s.Type == nil || !s.Type.Is(openapi3.TypeString) {
		return ex, ok
	}
	v, ok := e.gen.MediaExample(media, fixtures.Response)
	ex, isText := v.(string)
	return ex, ok && isText
}

// Generated answers the operation's success response from the contract
// (examples or generated data).
func (e *Engine) Generated(c *Call) (*Response, error) { return e.generated(c, c.Op.Success) }

// allowsNull reports whether a schema accepts null (nullable, or a 3.1 type
// list with "null"); a missing schema accepts anything.
func allowsNull(s *schemaT) bool {
	return s == nil || s.Nullable || s.Type != nil && s.Type.Includes(openapi3.TypeNull)
}
