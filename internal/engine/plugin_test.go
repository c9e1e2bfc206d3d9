package engine

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/store"
	"github.com/mockserver-go/mockserver/plugin"
)

const pluginDoc = `
openapi: 3.0.3
info: {title: plugin contract, version: "1"}
paths:
  /teams/{team_id}/tickets/:
    x-mock-resource: {name: tickets, hooks: t.tickets}
    parameters:
      - {name: team_id, in: path, required: true, schema: {type: string}}
    get:
      operationId: tickets_list
      parameters:
        - {name: mode, in: query, schema: {type: string}}
        - {name: other, in: query, schema: {type: string}}
        - {name: sort, in: query, schema: {type: string}}
      responses:
        "200":
          description: all
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Ticket"}}
    post:
      operationId: tickets_create
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Ticket"}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Ticket"}
  /teams/{team_id}/tickets/{id}/:
    parameters:
      - {name: team_id, in: path, required: true, schema: {type: string}}
      - {name: id, in: path, required: true, schema: {type: integer}}
    get:
      operationId: tickets_retrieve
      parameters:
        - {name: mode, in: query, schema: {type: string}}
        - {name: other, in: query, schema: {type: string}}
        - {name: format, in: query, schema: {type: string}}
      responses:
        "200":
          description: one
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Ticket"}
  /teams/{team_id}/log:
    parameters:
      - {name: team_id, in: path, required: true, schema: {type: string}}
    post:
      operationId: log_write
      x-mock-behaviour: t.write
      responses:
        "200":
          description: written
          content:
            application/json:
              schema:
                type: object
                properties:
                  zeta: {type: integer}
                  alpha: {type: integer}
    get:
      operationId: log_read
      x-mock-behaviour: t.read
      responses:
        "200":
          description: read
          content:
            application/json:
              schema: {type: array, items: {type: object}}
components:
  schemas:
    Ticket:
      type: object
      required: [id, title]
      properties:
        id: {type: integer, readOnly: true}
        title: {type: string}
        mode: {type: string}
        at: {type: string}
`

// pluginEngine is an engine on pluginDoc with the given hooks for tickets
// and behaviours that write and read a private collection.
func pluginEngine(t *testing.T, h *plugin.Hooks, clock func() time.Time) *Engine {
	t.Helper()
	doc, err := spec.Load([]byte(pluginDoc), spec.LoadOptions{Behaviours: map[string]bool{"t.tickets": true, "t.write": true, "t.read": true}})
	if err != nil {
		t.Fatal(err)
	}
	behaviours := map[string]plugin.Behaviour{
		"t.write": func(c plugin.Call) (*plugin.Response, error) {
			log := c.Private("t.log")
			if err := log.Create(c.Operation().ID+"/"+c.PathParam("team_id"), map[string]any{"n": float64(log.Len() + 1)}); err != nil {
				return nil, err
			}
			return plugin.JSON(http.StatusOK, map[string]any{"alpha": 1.0, "zeta": float64(log.Len())}), nil
		},
		"t.read": func(c plugin.Call) (*plugin.Response, error) {
			if coll := c.Collection(); coll.Len() != 0 || coll.Create("x", map[string]any{}) == nil {
				return nil, fmt.Errorf("an operation outside resources has a collection")
			}
			out := []any{}
			for _, o := range c.Private("t.log").All() {
				out = append(out, o)
			}
			return plugin.JSON(http.StatusOK, out), nil
		},
	}
	e, err := New(Config{Doc: doc, SeedObjects: 2, Now: clock, Behaviours: behaviours, Hooks: map[string]*plugin.Hooks{"t.tickets": h}})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func pluginDo(t *testing.T, e *Engine, method, target, body string) (*Response, any) {
	t.Helper()
	resp, ex := send(e, method, target, body)
	var v any
	if len(resp.Bytes()) > 0 {
		if err := json.Unmarshal(resp.Bytes(), &v); err != nil {
			t.Fatalf("%s %s: %v in %s", method, target, err, resp.Bytes())
		}
	}
	if resp.Status >= 300 {
		t.Fatalf("%s %s: %d %s %+v", method, target, resp.Status, resp.Bytes(), ex.Violations)
	}
	return resp, v
}

// A View hook sees only the query parameters it declares, and its view is
// kept per object version and values of those parameters: made again when
// one of them changes, not when another parameter does.
func TestViewQueryKeysTheKeptView(t *testing.T) {
	views := 0
	var seen []string
	e := pluginEngine(t, &plugin.Hooks{
		View: func(c plugin.Call, obj map[string]any, list bool) map[string]any {
			views++
			seen = append(seen, c.Query().Encode())
			out := map[string]any{"id": obj["id"], "title": obj["title"], "mode": c.Query().Get("mode")}
			return out
		},
		ViewQuery: []string{"mode"},
	}, nil)
	const item = "/teams/1/tickets/1/"
	steps := []struct {
		query     string
		views     int // View's calls so far
		wantMode  string
		wantQuery string // what View saw, when it ran
	}{
		{"?mode=a&other=x", 1, "a", "mode=a"},
		{"?mode=a&other=y", 1, "a", ""},
		{"?mode=b", 2, "b", "mode=b"},
		{"?other=z", 3, "", ""},
		{"?mode=b&other=w", 3, "b", ""},
	}
	for _, st := range steps {
		before := len(seen)
		_, v := pluginDo(t, e, http.MethodGet, item+st.query, "")
		if got := v.(map[string]any)["mode"]; got != st.wantMode {
			t.Errorf("%s: mode %v, want %q", st.query, got, st.wantMode)
		}
		if views != st.views {
			t.Errorf("%s: View ran %d times in all, want %d", st.query, views, st.views)
		}
		if len(seen) > before && seen[len(seen)-1] != st.wantQuery {
			t.Errorf("%s: View saw query %q, want %q", st.query, seen[len(seen)-1], st.wantQuery)
		}
	}
	// A new version of the object is viewed again.
	if _, err := e.Put("tickets", map[string]string{"team_id": "1"}, map[string]any{"id": 1.0, "title": "new"}); err != nil {
		t.Fatal(err)
	}
	if _, v := pluginDo(t, e, http.MethodGet, item+"?mode=a", ""); v.(map[string]any)["title"] != "new" || views != 4 {
		t.Errorf("after a change: %v, View ran %d times in all, want 4", v, views)
	}
}

// A view that reads the clock (or state, or the faker) is made for every
// request, never served again.
func TestViewReadingTheClockIsNotKept(t *testing.T) {
	tick := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { tick = tick.Add(time.Second); return tick }
	e := pluginEngine(t, &plugin.Hooks{
		View: func(c plugin.Call, obj map[string]any, list bool) map[string]any {
			return map[string]any{"id": obj["id"], "title": obj["title"], "at": plugin.FormatTime(c.Now())}
		},
	}, clock)
	_, first := pluginDo(t, e, http.MethodGet, "/teams/1/tickets/1/", "")
	_, second := pluginDo(t, e, http.MethodGet, "/teams/1/tickets/1/", "")
	if first.(map[string]any)["at"] == second.(map[string]any)["at"] {
		t.Errorf("the same view twice (%v): the clock was not read again", first)
	}
}

// A List hook runs only when the query holds one of its parameters, sees
// only those, and decides which items are listed and in which order.
func TestListHook(t *testing.T) {
	var seen []string
	e := pluginEngine(t, &plugin.Hooks{
		List: func(c plugin.Call, items []plugin.Item) ([]plugin.Item, error) {
			seen = append(seen, c.Query().Encode())
			out := make([]plugin.Item, 0, len(items))
			for i := len(items) - 1; i >= 0; i-- { // newest first
				if items[i].Field("title") != nil {
					out = append(out, items[i])
				}
			}
			return out, nil
		},
		ListQuery: []string{"sort"},
	}, nil)
	ids := func(v any) []any {
		var out []any
		for _, it := range v.([]any) {
			out = append(out, it.(map[string]any)["id"])
		}
		return out
	}
	if _, v := pluginDo(t, e, http.MethodGet, "/teams/1/tickets/?other=x", ""); !reflect.DeepEqual(ids(v), []any{1.0, 2.0}) || len(seen) != 0 {
		t.Errorf("without its parameter: ids %v, List saw %q (want no call)", ids(v), seen)
	}
	if _, v := pluginDo(t, e, http.MethodGet, "/teams/1/tickets/?sort=new&other=x", ""); !reflect.DeepEqual(ids(v), []any{2.0, 1.0}) ||
		!reflect.DeepEqual(seen, []string{"sort=new"}) {
		t.Errorf("with its parameter: ids %v, List saw %q", ids(v), seen)
	}
}

// A List hook that returns an item it was not given fails the request
// (500), rather than listing something the store does not hold.
func TestListHookForeignItem(t *testing.T) {
	e := pluginEngine(t, &plugin.Hooks{
		List: func(c plugin.Call, items []plugin.Item) ([]plugin.Item, error) {
			return append(items, fakeItem{}), nil
		},
	}, nil)
	if resp, _ := send(e, http.MethodGet, "/teams/1/tickets/", ""); resp.Status != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", resp.Status)
	}
}

type fakeItem struct{}

func (fakeItem) ID() string       { return "x" }
func (fakeItem) Field(string) any { return nil }

// Hooks reach the call's collection while it is being seeded (the Create
// hook of each seeded object), and a behaviour's private collection
// belongs to the call's scope, exists once written, and is emptied by a
// reset.
func TestPluginCollections(t *testing.T) {
	var lens []int
	e := pluginEngine(t, &plugin.Hooks{
		Create: func(c plugin.Call, obj, body map[string]any) error {
			lens = append(lens, c.Collection().Len())
			obj["title"] = "seeded " + c.SeedKey()
			return nil
		},
	}, nil)
	if _, v := pluginDo(t, e, http.MethodGet, "/teams/1/tickets/", ""); len(v.([]any)) != 2 || !reflect.DeepEqual(lens, []int{0, 1}) {
		t.Fatalf("seeded %v; Create saw collections of %v objects, want [0 1]", v, lens)
	}
	if _, v := pluginDo(t, e, http.MethodGet, "/teams/1/log", ""); len(v.([]any)) != 0 {
		t.Errorf("nothing written: read %v", v)
	}
	for _, k := range e.Store().Keys() {
		if strings.HasPrefix(k, "t.log") {
			t.Errorf("reading made the collection %q", k)
		}
	}
	resp, v := pluginDo(t, e, http.MethodPost, "/teams/1/log", "")
	if string(resp.Bytes()) != `{"zeta":1,"alpha":1}` {
		t.Errorf("a behaviour's value is encoded in the schema's order: %s", resp.Bytes())
	}
	pluginDo(t, e, http.MethodPost, "/teams/2/log", "")
	if _, v = pluginDo(t, e, http.MethodGet, "/teams/1/log", ""); !reflect.DeepEqual(v, []any{map[string]any{"n": 1.0}}) {
		t.Errorf("team 1 reads %v, want its own entry only", v)
	}
	e.Reset()
	if _, v = pluginDo(t, e, http.MethodGet, "/teams/1/log", ""); len(v.([]any)) != 0 {
		t.Errorf("after a reset: %v", v)
	}
}

// A store failure a behaviour meets fails the request (500), whatever the
// behaviour made of the answer it did not get (an empty log here).
func TestPluginStoreFailure(t *testing.T) {
	e := pluginEngine(t, &plugin.Hooks{}, nil)
	st := &downStore{Store: store.NewMemory()}
	cfg := e.cfg
	cfg.Store = st
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if resp, _ := send(e, http.MethodGet, "/teams/1/log", ""); resp.Status != http.StatusOK {
		t.Fatalf("store up: %d %s", resp.Status, resp.Bytes())
	}
	st.down.Store(true)
	if resp, _ := send(e, http.MethodGet, "/teams/1/log", ""); resp.Status != http.StatusInternalServerError {
		t.Errorf("store down: %d %s, want 500", resp.Status, resp.Bytes())
	}
}

// A Respond hook keeps a response by returning it (a header set on it
// stays), or replaces it.
func TestRespondHook(t *testing.T) {
	e := pluginEngine(t, &plugin.Hooks{
		Respond: func(c plugin.Call, resp *plugin.Response) (*plugin.Response, error) {
			if c.Query().Get("format") == "text" {
				return &plugin.Response{Status: resp.Status, Header: http.Header{"Content-Type": {"text/plain"}}, Body: []byte("a ticket")}, nil
			}
			resp.Header.Set("X-Seen", "yes")
			return resp, nil
		},
	}, nil)
	resp, v := pluginDo(t, e, http.MethodGet, "/teams/1/tickets/1/", "")
	if resp.Header.Get("X-Seen") != "yes" || v.(map[string]any)["id"] != 1.0 {
		t.Errorf("kept: header %v, body %v", resp.Header, v)
	}
	resp, _ = send(e, http.MethodGet, "/teams/1/tickets/1/?format=text", "")
	if string(resp.Bytes()) != "a ticket" || resp.Header.Get("Content-Type") != "text/plain" || resp.Value != nil {
		t.Errorf("replaced: %d %v %q value %v", resp.Status, resp.Header, resp.Bytes(), resp.Value)
	}
}
