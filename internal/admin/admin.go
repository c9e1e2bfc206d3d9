package admin

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mockserver-go/mockserver/internal/exchange"
	"github.com/mockserver-go/mockserver/internal/inspector"
	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/report"
)

// Engine is what the admin endpoints need of a document's engine, so
// that this package does not import it.
type Engine interface {
	Doc() *spec.Doc
	// Reset restores the seeded state.
	Reset() error
	// Export is the state as JSON.
	Export() ([]byte, error)
	Inject(opID string, f exchange.Fault) error
	Faults() []exchange.ScheduledFault
	// ClearFaults drops the faults of one operation ("": all), returning
	// how many.
	ClearFaults(opID string) int
}

// Config builds the admin routes.
type Config struct {
	Engine  Engine
	Journal *journal.Journal
	// Token, when set, must be sent as X-Mock-Admin-Token.
	Token string
	// Reset restores the seeded state (defaults to Engine.Reset).
	Reset func() error
	// Extra lets other packages add routes (reports, inspector).
	Extra func(g *echo.Group)
	// Report builds the contract-testing report (GET /report); nil: off.
	Report func() report.Report
	// Stop asks the process to stop, writing its reports (POST /stop);
	// nil: the endpoint answers 404 (a library user stops the server).
	Stop func()
	// Docs, when set, are several documents served on one server: /state
	// shows every document's collections as "name:key", /faults finds
	// the document declaring the operation. Engine is then unused.
	Docs func() []Doc
}

// Doc is one of several documents on a server, by mount name.
type Doc struct {
	Name   string
	Engine Engine
}

// Mount returns a function that registers the admin routes on a group.
func Mount(cfg Config) func(g *echo.Group) {
	return func(g *echo.Group) {
		a := &api{cfg: cfg}
		g.Use(sameOrigin)
		if cfg.Token != "" {
			g.Use(a.auth)
		}
		g.POST("/reset", a.reset)
		g.GET("/state", a.state)
		g.GET("/requests", a.requests)
		g.DELETE("/requests", a.clearRequests)
		g.GET("/requests/:id", a.request)
		g.GET("/violations", a.violations)
		g.POST("/faults", a.fault)
		g.GET("/faults", a.faults)
		g.DELETE("/faults", a.clearFaults)
		g.GET("/info", a.info)
		a.mountReport(g)
		if cfg.Extra != nil {
			cfg.Extra(g)
		}
	}
}

type api struct{ cfg Config }

// docs are the served documents: Config.Docs, else the one Engine.
func (a *api) docs() []Doc {
	if a.cfg.Docs != nil {
		return a.cfg.Docs()
	}
	return []Doc{{Engine: a.cfg.Engine}}
}

func (a *api) auth(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		got := c.Request().Header.Get("X-Mock-Admin-Token")
		if got == "" {
			got = inspector.Credential(c.Request()) // a browser: the page's cookie or ?token=
		}
		if subtle.ConstantTimeCompare([]byte(got), []byte(a.cfg.Token)) != 1 {
			return &problem.Error{Kind: problem.KindNotAuthenticated, Detail: "The admin endpoints need the X-Mock-Admin-Token header (--admin-token); in a browser, open /__mock/?token=<token> once."}
		}
		return next(c)
	}
}

func (a *api) reset(c echo.Context) error {
	reset := a.cfg.Reset
	if reset == nil {
		reset = a.cfg.Engine.Reset
	}
	if err := reset(); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"reset": true})
}

func (a *api) state(c echo.Context) error {
	out := map[string][]map[string]any{}
	for _, d := range a.docs() {
		data, err := d.Engine.Export() // whatever store the engine has
		if err != nil {
			return err
		}
		var state struct {
			Collections map[string][]struct {
				ID     string         `json:"id"`
				Obj    map[string]any `json:"obj"`
				Hidden bool           `json:"hidden"`
			} `json:"collections"`
		}
		if err := json.Unmarshal(data, &state); err != nil {
			return err
		}
		for key, recs := range state.Collections {
			list := make([]map[string]any, 0, len(recs))
			for _, r := range recs {
				list = append(list, map[string]any{"id": r.ID, "hidden": r.Hidden, "object": r.Obj})
			}
			if d.Name != "" {
				key = d.Name + ":" + key
			}
			out[key] = list
		}
	}
	return c.JSON(http.StatusOK, map[string]any{"collections": out})
}

func (a *api) requests(c echo.Context) error {
	entries := a.cfg.Journal.Entries()
	sort.Slice(entries, func(i, j int) bool { return entries[i].ID > entries[j].ID })
	if s := c.QueryParam("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return badParam("query", "limit", "limit must be a number of requests (0 or more), not "+strconv.Quote(s))
		}
		if n < len(entries) {
			entries = entries[:n]
		}
	}
	if s := c.QueryParam("after"); s != "" {
		after, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return badParam("query", "after", "after must be a request id, not "+strconv.Quote(s))
		}
		kept := entries[:0]
		for _, e := range entries {
			if e.ID > after {
				kept = append(kept, e)
			}
		}
		entries = kept
	}
	return c.JSON(http.StatusOK, map[string]any{"requests": entries})
}

// badParam is a 400 naming the parameter in the query or path and what
// is wrong with it.
func badParam(in, name, detail string) *problem.Error {
	return &problem.Error{Kind: problem.KindValidation, Attr: name, Code: "invalid", Detail: detail,
		Violations: []problem.Violation{{In: in, Field: name, Code: "invalid", Message: detail}}}
}

func (a *api) clearRequests(c echo.Context) error {
	a.cfg.Journal.Reset()
	return c.NoContent(http.StatusNoContent)
}

func (a *api) request(c echo.Context) error {
	id, err := strconv.ParseUint(c.Param("id"), 10, 64)
	if err != nil {
		return badParam("path", "id", "id must be a request id (GET /__mock/requests lists them), not "+strconv.Quote(c.Param("id")))
	}
	e, ok := a.cfg.Journal.Get(id)
	if !ok {
		return &problem.Error{Kind: problem.KindNotFound, Detail: "No request " + strconv.FormatUint(id, 10) + " in the journal: it keeps only the most recent requests."}
	}
	return c.JSON(http.StatusOK, e)
}

type violationOut struct {
	RequestID   uint64 `json:"request_id"`
	Method      string `json:"method"`
	Path        string `json:"path"`
	OperationID string `json:"operation_id,omitempty"`
	problem.Violation
}

func (a *api) violations(c echo.Context) error {
	out := []violationOut{}
	for _, e := range a.cfg.Journal.Entries() {
		for _, v := range e.Violations {
			out = append(out, violationOut{RequestID: e.ID, Method: e.Method, Path: e.Path, OperationID: e.OperationID, Violation: v})
		}
	}
	return c.JSON(http.StatusOK, map[string]any{"violations": out, "total": a.cfg.Journal.Coverage().Violations})
}

type faultIn struct {
	Operation  string `json:"operation"`
	Status     int    `json:"status"`
	Times      int    `json:"times"`
	Delay      string `json:"delay"`
	RetryAfter int    `json:"retry_after"`
	Undeclared bool   `json:"undeclared,omitempty"`
	Network    string `json:"network,omitempty"`
}

func (a *api) fault(c echo.Context) error {
	var in faultIn
	dec := json.NewDecoder(http.MaxBytesReader(c.Response(), c.Request().Body, 1<<16))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return problem.Field("", "parse_error", "The fault must be a JSON object {operation, status, times, delay, retry_after, undeclared, network}: "+err.Error())
	}
	f := exchange.Fault{Status: in.Status, Times: in.Times, RetryAfter: in.RetryAfter, Undeclared: in.Undeclared, Network: in.Network}
	if in.Delay != "" {
		d, err := time.ParseDuration(in.Delay)
		if err != nil || d < 0 {
			return problem.Field("delay", "invalid", "delay must be a duration such as 150ms")
		}
		f.Delay = d
	}
	if in.Operation == "" {
		return problem.Field("operation", "required", "operation (an operationId) is required")
	}
	eng := a.cfg.Engine
	for _, d := range a.docs() {
		if _, ok := d.Engine.Doc().Operation(in.Operation); ok {
			eng = d.Engine
			break
		}
	}
	if eng == nil {
		eng = a.docs()[0].Engine // none declares it: let the first say so
	}
	if err := eng.Inject(in.Operation, f); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, in)
}
