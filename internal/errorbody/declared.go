package errorbody

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/mediatype"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// declared builds an error body that fits the JSON schema the
// operation declares for the status (exactly, by range or as default), for
// documents without x-mock-errors: a value generated from the schema, with
// the properties that carry an error's message, code, status or title set
// from the error where their schema allows. It reports false when the
// operation declares no JSON body for the status.
func (r *Renderer) declared(op *spec.Operation, status int, typ, code, detail string) (any, string, *openapi3.Schema, bool) {
	if op == nil {
		return nil, "", nil, false
	}
	resp, key := op.Response(strconv.Itoa(status))
	if resp == nil {
		return nil, "", nil, false
	}
	names := make([]string, 0, len(resp.Content))
	for k := range resp.Content {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, mt := range names {
		media := resp.Content[mt]
		if !spec.IsJSON(mt) || media == nil || media.Schema == nil || media.Schema.Value == nil {
			continue
		}
		s := media.Schema.Value
		v := r.gen.Value(s, op.ID+"/error/"+key, fixtures.Response)
		if obj, ok := v.(map[string]any); ok {
			for _, name := range r.doc.PropertyOrder(s) {
				ps := spec.PropertySchema(s, name)
				if ps == nil {
					continue
				}
				var want any
				switch strings.ToLower(name) {
				case "message", "detail", "details", "description", "error_description", "error_message", "errormessage", "msg", "error", "reason":
					want = detail
				case "title":
					want = http.StatusText(status)
				case "code", "status", "status_code", "statuscode", "error_code", "errorcode", "http_status":
					want = code
					if ps.Type != nil && (ps.Type.Is("integer") || ps.Type.Is("number")) {
						want = float64(status)
					}
				case "type":
					want = typ
				default:
					continue
				}
				if len(r.val.Schema(ps, want, true, "response", "")) == 0 {
					obj[name] = want
				}
			}
		}
		return v, mediatype.Concrete(mt, mediatype.Answer), s, true
	}
	return nil, "", nil, false
}
