package handler

import (
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/mockserver-go/mockserver/internal/engine"
	"github.com/mockserver-go/mockserver/internal/journal"
)

// maxJournalBody bounds each body kept in the journal.
const maxJournalBody = 64 << 10

// secretInBody matches personal_api_key (and similar) values in JSON or
// form bodies and query strings, so they can be redacted.
var secretInBody = regexp.MustCompile(`("?(?:personal_api_key|api_key|access_token|password|secret)"?\s*[:=]\s*"?)([^"&,}\s]+)`)

// Redact hides credentials in a body or query string.
func Redact(s string) string {
	return secretInBody.ReplaceAllString(s, "${1}[redacted]")
}

func redactHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		val := strings.Join(v, ", ")
		switch strings.ToLower(k) {
		case "authorization", "proxy-authorization":
			if word, _, ok := strings.Cut(val, " "); ok {
				val = word + " [redacted]"
			} else {
				val = "[redacted]"
			}
		case "cookie", "x-api-key", "x-admin-token":
			val = "[redacted]"
		}
		out[k] = val
	}
	return out
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
			OperationID: opID, Template: ex.Template, PathParams: ex.PathParams, ReqHeaders: redactHeaders(r.Header),
			ReqBody: Redact(clip(body)), Status: resp.Status, RespBody: Redact(clip(resp.Body)), RespType: resp.Header.Get("Content-Type"),
			Duration: d, Violations: ex.Violations, Params: ex.Params}
		h.cfg.Journal.Add(e)
	}
	attrs := []any{"method", r.Method, "path", publicPath(r), "operation", opID, "status", resp.Status, "duration", d.Round(time.Microsecond)}
	if n := len(ex.Violations); n > 0 {
		attrs = append(attrs, "violations", n, "violation", ex.Violations[0].String())
	}
	h.log.Info("request", attrs...)
}
