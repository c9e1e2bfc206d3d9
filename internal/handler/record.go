package handler

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/mockserver-go/mockserver/internal/exchange"
	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/redact"
)

// maxJournalBody bounds each body kept in the journal.
const maxJournalBody = 64 << 10

// keptBody is what the journal keeps of a body until it is read: the body
// itself (bodies are never modified once answered: a list page's parts are
// its items' cached encodings), or for one too large to be decoded, only
// the part it keeps, so that a large list page is not held.
type keptBody struct {
	raw     []byte
	parts   *exchange.Response // a body in parts (its first parts when large), and nothing else of the response
	large   bool               // the body in parts is larger than maxJournalBody
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
func keepResponse(resp *exchange.Response) keptBody {
	if resp.Parts == nil {
		return keepBody(resp.Body)
	}
	if resp.Len() <= maxJournalBody {
		// Not resp itself: its Value (the items' views) is not the
		// journal's to keep.
		return keptBody{parts: &exchange.Response{Parts: resp.Parts}}
	}
	// Only the parts the clipped text needs, uncopied.
	n, i := 0, 0
	for ; i < len(resp.Parts) && n <= maxJournalBody; i++ {
		n += len(resp.Parts[i])
	}
	return keptBody{parts: &exchange.Response{Parts: resp.Parts[:i:i]}, large: true}
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

// text is the body as the journal shows it before redaction: the body,
// or its clipped text when it is too large to decode (then it is redacted
// as text).
func (k keptBody) text() []byte {
	switch {
	case k.clipped != "":
		return []byte(k.clipped)
	case k.large:
		return []byte(clip(k.parts.Head(maxJournalBody + 1)))
	case k.parts != nil:
		return k.parts.Bytes()
	}
	return k.raw
}

// redactBodies is what the journal shows of a request's and its answer's
// bodies: redacted by the document's rules (the answer tells which of the
// request's flagged entries are secret), each bounded.
func (h *handler) redactBodies(req, res keptBody, query redact.Hidden) (string, string) {
	q, a := h.red.Exchange(req.text(), res.text(), query)
	return clipText(q), clipText(a)
}

// clipText bounds a redacted body (a clipped one keeps its mark).
func clipText(s string) string {
	if len(s) > maxJournalBody+len("…") {
		return s[:maxJournalBody] + "…"
	}
	return s
}

func clip(b []byte) string {
	if len(b) > maxJournalBody {
		return string(b[:maxJournalBody]) + "…"
	}
	return string(b)
}

func (h *handler) record(r *http.Request, body []byte, resp *exchange.Response, ex *exchange.Exchange, d time.Duration) {
	opID := ""
	if ex.Op != nil {
		opID = ex.Op.ID
	}
	violations := h.redactViolations(ex.Violations, body)
	if h.cfg.Journal != nil {
		query, qHidden := h.red.Query(r.URL.RawQuery)
		e := journal.Entry{Time: time.Now().UTC(), Method: problem.Clip(r.Method), Path: problem.Clip(publicPath(r)), Query: query,
			OperationID: opID, Mount: h.cfg.Mount, Template: ex.Template, PathParams: ex.PathParams, ReqHeaders: h.red.Headers(r.Header),
			Status: resp.Status, RespType: resp.Header.Get("Content-Type"),
			Duration: d, Violations: violations, Params: ex.Params, Fault: ex.Network}
		req, res := keepBody(body), keepResponse(resp)
		e.SetBodies(func() (string, string) { return h.redactBodies(req, res, qHidden) }, req.held()+res.held())
		e.SetResponseHeader(resp.Header, h.red)
		h.cfg.Journal.Add(e)
	}
	// A request that breaks the contract is what a reader of the log in CI
	// looks for: Warn, so that a logger above Info still shows it.
	level := slog.LevelInfo
	if len(ex.Violations) > 0 {
		level = slog.LevelWarn
	}
	ctx := context.Background()
	if !h.log.Enabled(ctx, level) {
		return // as Log would, without building its arguments
	}
	// duration is a time.Duration, which slog writes as text handlers do
	// (1.5ms) and as JSON handlers do: integer nanoseconds, like
	// json.Marshal and the journal's duration_ns.
	attrs := []any{"method", problem.Clip(r.Method), "path", problem.Clip(publicPath(r)), "operation", opID, "status", resp.Status, "duration", d.Round(time.Microsecond)}
	if ex.Network != "" {
		attrs = append(attrs, "fault", ex.Network)
	}
	if n := len(violations); n > 0 {
		attrs = append(attrs, "violations", n, "violation", violations[0].String())
	}
	h.log.Log(ctx, level, "request", attrs...)
}

// redactViolations copies violations with the secrets they echo hidden: the
// value of a secret field (declared, credential-named, or found secret in
// the request body) and any secret of the body they quote. Requests
// without violations cost nothing.
func (h *handler) redactViolations(vs []problem.Violation, body []byte) []problem.Violation {
	if len(vs) == 0 {
		return vs
	}
	var hidden redact.Hidden
	if len(bytes.TrimSpace(body)) <= maxJournalBody {
		_, hidden = h.red.Request(body)
	}
	out := make([]problem.Violation, len(vs))
	for i, v := range vs {
		if v.Got != "" && (hidden.Covers(v.Field) || h.red.IsSecretName(v.Field)) {
			v.Got = redact.Mask
		}
		v.Got = hidden.Scrub(h.red.Text(v.Got))
		v.Message = hidden.Scrub(h.red.Text(v.Message))
		out[i] = v
	}
	return out
}
