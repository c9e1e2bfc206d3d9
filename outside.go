package mockserver

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/mockserver-go/mockserver/internal/engine"
	"github.com/mockserver-go/mockserver/internal/handler"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// unmounted answers a request no document serves (the admin endpoints
// aside): GET on the root lists the documents, anything else is a 404 in
// the first document's error format, recorded as an undocumented request.
func (s *Server) unmounted(r *http.Request, _ []byte) (*engine.Response, *engine.Exchange) {
	if d := s.docs[0]; d.prefix == "" {
		return d.eng.Handle(r, nil) // a path under the admin prefix with the admin endpoints off
	}
	root := strings.TrimSuffix(s.opts.BasePath, "/") + "/"
	if s.named() && r.URL.Path == root && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		// Journaled as an operation of the server's own, in no document.
		op := &spec.Operation{ID: "mockserver_documents", Method: http.MethodGet, Path: "/"}
		return s.documentList(root), &engine.Exchange{Op: op, Template: "/"}
	}
	served := make([]string, len(s.docs))
	for i, d := range s.docs {
		served[i] = d.prefix + "/"
	}
	v := problem.Violation{In: "route", Code: "unknown_route", Expected: "a path under " + strings.Join(served, " or "),
		Got: r.Method + " " + r.URL.Path, Message: "No document is served at " + r.URL.Path + "; the documents are under " + strings.Join(served, ", ") + "."}
	ex := &engine.Exchange{Violations: []problem.Violation{v}}
	return s.docs[0].eng.ErrorResponse(nil, &problem.Error{Kind: problem.KindEndpointNotFound, Violations: ex.Violations}), ex
}

// documentList is the answer to GET on the root: each document's name,
// path and title.
func (s *Server) documentList(root string) *engine.Response {
	docs := make([]map[string]string, len(s.docs))
	for i, d := range s.docs {
		docs[i] = map[string]string{"name": d.name, "path": d.prefix + "/", "title": d.eng.Doc().Title}
	}
	body, _ := json.Marshal(map[string]any{"mounts": docs, "inspector": handler.AdminPrefix + "/"})
	return &engine.Response{Status: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}}, Body: body}
}
