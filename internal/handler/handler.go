package handler

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/mockserver-go/mockserver/internal/exchange"
	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/redact"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// DefaultMaxBody is the request body limit when Config.MaxBody is 0.
const DefaultMaxBody = 10 << 20

// Pipeline answers requests: the engine, seen through what the handler
// needs of it, so that the handler does not import it.
type Pipeline interface {
	// Handle answers a request whose body was read.
	Handle(r *http.Request, body []byte) (*exchange.Response, *exchange.Exchange)
	// Route names the operation of a request refused before Handle.
	Route(r *http.Request, ex *exchange.Exchange) *spec.Operation
	// ErrorResponse renders a refusal in the contract's error format.
	ErrorResponse(op *spec.Operation, pe *problem.Error) *exchange.Response
	// Doc is the document served, whose secrets the journal hides.
	Doc() *spec.Doc
}

// Config builds the HTTP handler.
type Config struct {
	Engine  Pipeline
	Journal *journal.Journal
	// Logger gets one line per request; nil discards.
	Logger *slog.Logger
	// MaxBody limits request bodies (bytes); larger ones get 413.
	MaxBody int64
	// Latency returns the delay before answering an operation (may be nil).
	Latency func(opID, delayExt string, r *http.Request) time.Duration
	// CORS answers preflights and adds Access-Control-Allow-* headers,
	// except on the admin endpoints.
	CORS bool
	// CORSCredentials adds Access-Control-Allow-Credentials: true, which
	// lets pages of any origin send the user's cookies.
	CORSCredentials bool
	// Admin mounts the admin endpoints (built by package admin) under
	// /__mock/; nil leaves them off.
	Admin func(g *echo.Group)
	// Answer, when set, answers requests instead of Engine.Handle (the
	// validating proxy); the journal, logs, latency and limits still apply.
	Answer func(r *http.Request, body []byte) (*exchange.Response, *exchange.Exchange)
	// Mount names the document in the journal when several share it.
	Mount string
}

// AdminPrefix is where admin endpoints live; no contract path may use it.
const AdminPrefix = "/__mock"

type handler struct {
	cfg Config
	eng Pipeline
	log *slog.Logger
	// red hides the document's secrets in the journal and the log.
	red *redact.Redactor
	// bufs are writeBody's buffers (*[]byte of writeChunk bytes).
	bufs sync.Pool
}

// writeChunk is the most writeBody gathers into one write.
const writeChunk = 32 << 10

// New returns the HTTP handler.
func New(cfg Config) http.Handler {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &handler{cfg: cfg, eng: cfg.Engine, log: log, red: redact.New(cfg.Engine.Doc().Secrets)}
	h.bufs.New = func() any { b := make([]byte, 0, writeChunk); return &b }
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Logger.SetOutput(io.Discard)
	e.HTTPErrorHandler = h.errorHandler
	h.middlewares(e)
	if cfg.Admin != nil {
		cfg.Admin(e.Group(AdminPrefix))
	}
	e.Any("/*", h.serve)
	e.RouteNotFound("/*", h.serve)
	return e
}

func (h *handler) serve(c echo.Context) error {
	start := time.Now()
	r := c.Request()
	body, perr := h.readBody(r)
	if perr != nil {
		return h.refuse(c, perr, start)
	}
	resp, ex := h.answer(r, body)
	return h.respond(c, body, resp, ex, start)
}

// refuse answers a request refused before the engine saw it (its body
// too large or unreadable). It still names the operation the path
// matches, for the journal and the report.
func (h *handler) refuse(c echo.Context, perr *problem.Error, start time.Time) error {
	ex := &exchange.Exchange{Violations: perr.Violations}
	resp := h.eng.ErrorResponse(h.eng.Route(c.Request(), ex), perr)
	return h.respond(c, nil, resp, ex, start)
}

func (h *handler) respond(c echo.Context, body []byte, resp *exchange.Response, ex *exchange.Exchange, start time.Time) error {
	r := c.Request()
	if d := h.delay(ex, r); d > 0 {
		if err := sleep(r.Context(), d); err != nil {
			return nil // the client went away
		}
	}
	// Record before answering: a client that has its answer must find the
	// request in the journal (tests assert right after the call returns).
	h.record(r, body, resp, ex, time.Since(start))
	if ex.Network != "" {
		h.breakConnection(c.Response(), r, resp, ex.Network)
		return nil
	}
	h.writeResponse(c.Response(), r, resp)
	return nil
}

func (h *handler) answer(r *http.Request, body []byte) (*exchange.Response, *exchange.Exchange) {
	if h.cfg.Answer != nil {
		return h.cfg.Answer(r, body)
	}
	return h.eng.Handle(r, body)
}

func (h *handler) delay(ex *exchange.Exchange, r *http.Request) time.Duration {
	d := ex.Delay
	if h.cfg.Latency != nil && ex.Op != nil && d == 0 && !ex.DelaySet {
		d = h.cfg.Latency(ex.Op.ID, ex.Op.Delay, r)
	}
	return d
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// readBody reads the body, which echo's BodyLimit cuts at MaxBody bytes
// (and Decompress has decoded, for a gzip body).
func (h *handler) readBody(r *http.Request) ([]byte, *problem.Error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	b, err := readAll(r.Body, r.ContentLength)
	if err != nil {
		if pe := h.bodyError(err); pe != nil {
			return nil, pe
		}
		return nil, unreadable(err)
	}
	if r.Header.Get("Content-Encoding") == middleware.GZIPEncoding {
		// What the engine and the proxy get is the decoded body.
		r.Header.Del("Content-Encoding")
	}
	return b, nil
}

// readAll is io.ReadAll with room for size bytes from the start, when
// size (a declared length) is known: a small body is read into a buffer
// of its size, not of 512 bytes. One byte more lets the read that finds
// the end not grow it. A declared length is not trusted beyond
// maxPresize: the buffer grows as the bytes come, as io.ReadAll's does.
func readAll(rd io.Reader, size int64) ([]byte, error) {
	if size <= 0 {
		return io.ReadAll(rd)
	}
	b := make([]byte, 0, min(size, maxPresize)+1)
	for {
		n, err := rd.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // longer than declared: grow
		}
	}
}

// maxPresize is the most readAll allocates on a declared length.
const maxPresize = 64 << 10

func (h *handler) writeResponse(w *echo.Response, r *http.Request, resp *exchange.Response) {
	hdr := w.Header()
	for k, v := range resp.Header {
		if k == "Vary" && len(hdr[k]) > 0 {
			// Keep the CORS middleware's Vary: Origin, in one field so
			// that Header.Get sees both.
			hdr[k] = []string{strings.Join(append(hdr[k], v...), ", ")}
			continue
		}
		hdr[k] = v
	}
	n := resp.Len()
	if n > 0 || resp.Header.Get("Content-Type") != "" {
		hdr.Set("Content-Length", strconv.Itoa(n))
	}
	w.WriteHeader(resp.Status)
	if r.Method != http.MethodHead && n > 0 {
		h.writeBody(w, resp)
	}
}

// writeBody writes Body, or Parts gathered into writes of up to 32 KB
// through a pooled buffer: a list page's parts are many and small, and
// written one by one they would each go through net/http's buffers.
func (h *handler) writeBody(w io.Writer, resp *exchange.Response) {
	if resp.Parts == nil {
		_, _ = w.Write(resp.Body)
		return
	}
	bp := h.bufs.Get().(*[]byte)
	defer h.bufs.Put(bp)
	buf := (*bp)[:0]
	for _, p := range resp.Parts {
		if len(buf)+len(p) > cap(buf) && len(buf) > 0 {
			if _, err := w.Write(buf); err != nil {
				return // the client went away
			}
			buf = buf[:0]
		}
		if len(p) > cap(buf) {
			if _, err := w.Write(p); err != nil {
				return
			}
			continue
		}
		buf = append(buf, p...)
	}
	if len(buf) > 0 {
		_, _ = w.Write(buf)
	}
}

// errorHandler renders errors that reach echo (from middleware or admin
// handlers) in the contract's format. It unwraps with errors.As, so a
// wrapped *echo.HTTPError keeps its status.
func (h *handler) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	if pe := h.bodyError(err); pe != nil && !isAdmin(c.Request()) {
		_ = h.refuse(c, pe, time.Now())
		return
	}
	pe, ok := problem.As(err)
	if !ok {
		var he *echo.HTTPError
		switch {
		case h.bodyError(err) != nil:
			pe = h.bodyError(err)
		case errors.As(err, &he):
			pe = &problem.Error{Kind: kindFor(he.Code), Status: he.Code, Detail: http.StatusText(he.Code)}
			if m, ok := he.Message.(string); ok {
				pe.Detail = m
			}
		default:
			pe = &problem.Error{Kind: problem.KindInternal}
			h.log.Error("internal error", "err", err)
		}
	}
	h.writeResponse(c.Response(), c.Request(), h.eng.ErrorResponse(nil, pe))
}

func kindFor(status int) problem.Kind {
	switch status {
	case 404:
		return problem.KindNotFound
	case 405:
		return problem.KindMethodNotAllowed
	case 401:
		return problem.KindNotAuthenticated
	case 403:
		return problem.KindPermissionDenied
	case 413:
		return problem.KindPayloadTooLarge
	case 415:
		return problem.KindUnsupportedMediaType
	}
	if status >= 500 {
		return problem.KindInternal
	}
	return problem.KindValidation
}
