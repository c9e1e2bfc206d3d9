package handler

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver/internal/engine"
	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/redact"
)

// maxJournalBody bounds each body kept in the journal.
const maxJournalBody = 64 << 10

// Redact hides credentials in a body or query string (see package redact).
func Redact(s string) string { return redact.Text(s) }

func redactHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		val := strings.Join(v, ", ")
		switch {
		case strings.EqualFold(k, "authorization"), strings.EqualFold(k, "proxy-authorization"):
			if word, _, ok := strings.Cut(val, " "); ok {
				val = word + " [redacted]"
			} else {
				val = "[redacted]"
			}
		case strings.EqualFold(k, "cookie"), strings.EqualFold(k, "x-api-key"), strings.EqualFold(k, "x-admin-token"):
			val = "[redacted]"
		}
		out[k] = val
	}
	return out
}

// redactBody hides secrets in a JSON body: string values of credential
// keys at any depth, and secret inputs (an object whose "inputs_schema"
// lists {"key": K, "secret": true} has inputs[K].value hidden, as PostHog
// hides them). Bodies that are not JSON, or that hold no such secret, are
// redacted as text by Redact.
func redactBody(b []byte) string {
	if !mayHoldSecret(b) {
		return clip(b)
	}
	t := bytes.TrimSpace(b)
	if len(t) == 0 || (t[0] != '{' && t[0] != '[') || len(t) > maxJournalBody {
		return Redact(clip(b))
	}
	var v any
	if json.Unmarshal(t, &v) != nil {
		return Redact(clip(b))
	}
	if !redactValue(v, 0) {
		return clip(b)
	}
	out, err := json.Marshal(v)
	if err != nil {
		return Redact(clip(b))
	}
	return string(out)
}

// mayHoldSecret is a cheap filter: a body without any of these words
// (in any case) has nothing to redact.
func mayHoldSecret(b []byte) bool {
	lower := bytes.ToLower(b)
	for _, w := range secretHints {
		if bytes.Contains(lower, w) {
			return true
		}
	}
	return false
}

var secretHints = [][]byte{[]byte("secret"), []byte("key"), []byte("token"), []byte("password"), []byte("authorization")}

// redactValue redacts in place and reports whether it changed anything.
// Depth is bounded by the JSON decoder (and the request's --max-depth).
func redactValue(v any, depth int) bool {
	changed := false
	switch x := v.(type) {
	case map[string]any:
		if schema, ok := x["inputs_schema"].([]any); ok {
			inputs, _ := x["inputs"].(map[string]any)
			for _, it := range schema {
				item, _ := it.(map[string]any)
				key, _ := item["key"].(string)
				if item["secret"] != true || inputs == nil {
					continue
				}
				if in, ok := inputs[key].(map[string]any); ok {
					if _, has := in["value"]; has && in["value"] != nil {
						in["value"] = "[redacted]"
						changed = true
					}
				}
			}
		}
		for k, e := range x {
			if _, isStr := e.(string); isStr && redact.IsSecretName(k) && e != redact.Mask {
				x[k] = "[redacted]"
				changed = true
				continue
			}
			changed = redactValue(e, depth+1) || changed
		}
	case []any:
		for _, e := range x {
			changed = redactValue(e, depth+1) || changed
		}
	}
	return changed
}

// keptBody is what the journal keeps of a body until it is read: the body
// itself (bodies are never modified once answered: a list page's parts are
// its items' cached encodings), or for one too large to be decoded, only
// the part it keeps, so that a large list page is not held.
type keptBody struct {
	raw     []byte
	parts   *engine.Response // a body in parts (its first parts when large), and nothing else of the response
	large   bool             // the body in parts is larger than maxJournalBody
	clipped string
}

func keepBody(b []byte) keptBody {
	if len(bytes.TrimSpace(b)) > maxJournalBody {
		return keptBody{clipped: clip(b)}
	}
	return keptBody{raw: b}
}

// keepResponse is keepBody for a response's body, which it joins only
// when the journal reads it.
func keepResponse(resp *engine.Response) keptBody {
	if resp.Parts == nil {
		return keepBody(resp.Body)
	}
	if resp.Len() <= maxJournalBody {
		// Not resp itself: its Value (the items' views) is not the
		// journal's to keep.
		return keptBody{parts: &engine.Response{Parts: resp.Parts}}
	}
	// Only the parts the clipped text needs, uncopied.
	n, i := 0, 0
	for ; i < len(resp.Parts) && n <= maxJournalBody; i++ {
		n += len(resp.Parts[i])
	}
	return keptBody{parts: &engine.Response{Parts: resp.Parts[:i:i]}, large: true}
}

// held is about how many bytes k keeps.
func (k keptBody) held() int {
	switch {
	case k.clipped != "":
		return len(k.clipped)
	case k.parts != nil:
		n := 0
		for _, p := range k.parts.Parts {
			n += len(p)
		}
		return n
	}
	return len(k.raw)
}

// redacted is redactBody of the body: for a large one that is Redact of
// its clipped text (when no secret hint occurs, Redact finds nothing).
func (k keptBody) redacted() string {
	if k.clipped != "" {
		return Redact(k.clipped)
	}
	if k.large {
		return Redact(clip(k.parts.Head(maxJournalBody + 1)))
	}
	if k.parts != nil {
		return redactBody(k.parts.Bytes())
	}
	return redactBody(k.raw)
}

func clip(b []byte) string {
	if len(b) > maxJournalBody {
		return string(b[:maxJournalBody]) + "…"
	}
	return string(b)
}

func (h *handler) record(r *http.Request, body []byte, resp *engine.Response, ex *engine.Exchange, d time.Duration) {
	opID := ""
	if ex.Op != nil {
		opID = ex.Op.ID
	}
	if h.cfg.Journal != nil {
		e := journal.Entry{Time: time.Now().UTC(), Method: r.Method, Path: publicPath(r), Query: Redact(r.URL.RawQuery),
			OperationID: opID, Mount: h.cfg.Mount, Template: ex.Template, PathParams: ex.PathParams, ReqHeaders: redactHeaders(r.Header),
			Status: resp.Status, RespType: resp.Header.Get("Content-Type"),
			Duration: d, Violations: ex.Violations, Params: ex.Params, Fault: ex.Network}
		req, res := keepBody(body), keepResponse(resp)
		e.SetBodies(func() (string, string) { return req.redacted(), res.redacted() }, req.held()+res.held())
		h.cfg.Journal.Add(e)
	}
	if !h.log.Enabled(context.Background(), slog.LevelInfo) {
		return // as Info would, without building its arguments
	}
	attrs := []any{"method", r.Method, "path", publicPath(r), "operation", opID, "status", resp.Status, "duration", d.Round(time.Microsecond)}
	if ex.Network != "" {
		attrs = append(attrs, "fault", ex.Network)
	}
	if n := len(ex.Violations); n > 0 {
		attrs = append(attrs, "violations", n, "violation", ex.Violations[0].String())
	}
	h.log.Info("request", attrs...)
}
