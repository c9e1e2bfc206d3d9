package engine

import (
	"net/http"
	"slices"
	"strings"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// applyAliases replaces path parameter values named in the parameter's
// x-mock-aliases (e.g. {"@current": "1"}), so "@current" addresses the
// same state as "1". It returns a new map; params is not modified.
func applyAliases(op *spec.Operation, params map[string]string) map[string]string {
	out, copied := params, false
	for _, p := range op.Params {
		if p.In != "path" || len(p.Aliases) == 0 {
			continue
		}
		v, ok := p.Aliases[params[p.Name]]
		if !ok {
			continue
		}
		if !copied {
			out, copied = make(map[string]string, len(params)), true
			for k, x := range params {
				out[k] = x
			}
		}
		out[p.Name] = v
	}
	return out
}

// match routes a request; a HEAD on a path without HEAD takes its GET.
func (e *Engine) match(r *http.Request) (spec.Match, bool) {
	m, ok := e.doc.Match(r.Method, r.URL.EscapedPath())
	if ok && m.Op == nil && r.Method == http.MethodHead {
		if get, ok2 := e.doc.Match(http.MethodGet, r.URL.EscapedPath()); ok2 && get.Op != nil {
			m = get
		}
	}
	return m, ok
}

// Route fills ex with the operation a request matches (nil when none),
// its template and path parameters, without answering it: for requests
// refused before the engine sees them (413), so the journal and reports
// still name their operation.
func (e *Engine) Route(r *http.Request, ex *Exchange) *spec.Operation {
	m, ok := e.match(r)
	if !ok {
		return nil
	}
	ex.Template, ex.PathParams, ex.Op = m.Template, m.Params, m.Op
	return m.Op
}

// route finds the operation of a request and notes it on the exchange;
// a request no operation takes is refused (an unknown path, or a method
// the path does not declare).
func (e *Engine) route(r *http.Request, ex *Exchange) (spec.Match, *Response) {
	m, ok := e.match(r)
	if !ok {
		return m, e.unknownRoute(r, ex)
	}
	ex.Template, ex.PathParams = m.Template, m.Params
	if m.Op == nil {
		method := r.Method
		allow := allowHeader(m.Allowed)
		v := problem.Violation{In: "method", Code: "method_not_allowed", Expected: "one of " + allow, Got: method,
			Message: "The path does not declare the " + method + " method."}.Clipped()
		ex.Violations = append(ex.Violations, v)
		return m, e.errorResponse(nil, &problem.Error{Kind: problem.KindMethodNotAllowed, Vars: map[string]string{"method": method},
			Headers: map[string]string{"Allow": allow}, Violations: []problem.Violation{v}})
	}
	ex.Op = m.Op
	return m, nil
}

func (e *Engine) unknownRoute(r *http.Request, ex *Exchange) *Response {
	sugg := e.doc.Suggest(r.URL.EscapedPath())
	msg := "No operation of the contract matches " + r.Method + " " + r.URL.Path + "."
	expected := "a documented path"
	if len(sugg) > 0 {
		msg += " Did you mean " + strings.Join(sugg, " or ") + "?"
		expected = strings.Join(sugg, " or ")
	}
	v := problem.Violation{In: "route", Code: "unknown_route", Expected: expected, Got: r.Method + " " + r.URL.Path, Message: msg}.Clipped()
	ex.Violations = append(ex.Violations, v)
	pe := &problem.Error{Kind: problem.KindEndpointNotFound, Violations: []problem.Violation{v}}
	if len(sugg) > 0 {
		pe.Headers = map[string]string{"X-Mock-Suggestion": strings.Join(sugg, ", ")}
	}
	return e.errorResponse(nil, pe)
}

// methodOrder is the order Allow lists methods in (Django REST Framework's).
var methodOrder = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}

// allowHeader renders a route's methods for the Allow header, HEAD added
// when GET is served (the engine answers HEAD with GET's answer).
func allowHeader(allowed []string) string {
	var b strings.Builder
	add := func(m string) {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(m)
	}
	for _, m := range methodOrder {
		if slices.Contains(allowed, m) || m == "HEAD" && slices.Contains(allowed, "GET") {
			add(m)
		}
	}
	for _, m := range allowed {
		if !slices.Contains(methodOrder, m) {
			add(m)
		}
	}
	return b.String()
}

// routeHeaders adds the headers of a route's answers: Allow (the route's
// methods) on a 405 and on an answer to OPTIONS, where RFC 9110 puts it,
// and Vary: Accept when the operation negotiates between several response
// media types.
func (e *Engine) routeHeaders(op *spec.Operation, m spec.Match, resp *Response, method string) {
	if resp.Header == nil {
		resp.Header = http.Header{}
	}
	allow := resp.Status == http.StatusMethodNotAllowed || method == http.MethodOptions
	if allow && resp.Header.Get("Allow") == "" && len(m.Allowed) > 0 {
		resp.Header.Set("Allow", e.allowFor(m))
	}
	if op == nil {
		return
	}
	if r, _ := op.Response(op.Success); r != nil && len(r.Content) > 1 {
		if !strings.Contains(resp.Header.Get("Vary"), "Accept") {
			resp.Header.Add("Vary", "Accept")
		}
	}
}

// allowFor is allowHeader(m.Allowed), made once per route (its template
// names it: the methods are the path's).
func (e *Engine) allowFor(m spec.Match) string {
	if a, ok := e.allows.Load(m.Template); ok {
		return a.(string)
	}
	a := allowHeader(m.Allowed)
	e.allows.Store(m.Template, a)
	return a
}
