package inspector_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mockserver-go/mockserver"
)

// notesDoc is an OpenAPI 3.1 document whose create answers a note with an
// integer title where every other answer declares a string: no stored
// note can satisfy both, so every create's answer breaks the contract
// (the mock's own violation, on title).
const notesDoc = `openapi: 3.1.0
info: {title: Notes, version: "1"}
paths:
  /notes/:
    get:
      operationId: notes_list
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
        - {name: search, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Note'}}}}
    post:
      operationId: notes_create
      requestBody:
        content: {application/json: {schema: {type: object, required: [title], properties: {title: {}}}}}
      responses:
        '201':
          description: made
          content: {application/json: {schema: {$ref: '#/components/schemas/NoteCreated'}}}
        '400': {description: bad}
        '503': {description: down}
  /notes/{id}/:
    get:
      operationId: notes_get
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Note'}}}
        '404': {description: missing}
components:
  schemas:
    Note:
      type: object
      required: [id, title]
      properties: {id: {type: integer, readOnly: true}, title: {type: string}}
    NoteCreated:
      type: object
      required: [id, title]
      properties: {id: {type: integer, readOnly: true}, title: {type: integer}}
`

func notesServer(t *testing.T) (*mockserver.Server, *httptest.Server) {
	t.Helper()
	srv, err := mockserver.New(mockserver.Options{Spec: []byte(notesDoc)})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts
}

func click(t *testing.T, c *cdp, sel string) {
	t.Helper()
	js(t, c, fmt.Sprintf(`(() => { const s = %q, e = document.querySelector(s); if (!e) throw new Error("no " + s); e.click(); })()`, sel), nil)
}

// key sends a key press to the focused element, as a person types it.
func key(t *testing.T, c *cdp, k string) {
	t.Helper()
	codes := map[string]int{"ArrowDown": 40, "ArrowUp": 38, "ArrowRight": 39, "ArrowLeft": 37, "Escape": 27, "Enter": 13, "/": 191, "1": 49, "2": 50, "3": 51, "4": 52, "5": 53}
	p := map[string]any{"type": "keyDown", "key": k, "windowsVirtualKeyCode": codes[k]}
	if len(k) == 1 {
		p["text"] = k
	} else if k == "Enter" {
		p["text"] = "\r"
	}
	if err := c.call("Input.dispatchKeyEvent", p, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.call("Input.dispatchKeyEvent", map[string]any{"type": "keyUp", "key": k, "windowsVirtualKeyCode": codes[k]}, nil); err != nil {
		t.Fatal(err)
	}
}

type reqRow struct {
	ID, Status, Op, Violations, Client, Mock, Class, Text string
	Hidden                                                bool
}

func requestRows(t *testing.T, c *cdp) []reqRow {
	t.Helper()
	var rows []reqRow
	js(t, c, `[...document.querySelectorAll("#requests li.req")].map(r => ({ID: r.dataset.id, Status: r.dataset.status, Op: r.dataset.op,
		Violations: r.dataset.violations, Client: r.dataset.client, Mock: r.dataset.mock, Class: r.className, Text: r.innerText, Hidden: r.hidden}))`, &rows)
	return rows
}

// shownIDs are the ids of the requests the filters let through.
const shownIDs = `[...document.querySelectorAll("#requests li.req")].filter(r => !r.hidden).map(r => r.dataset.id).join(",")`

// The requests view against PostHog's contract: the list, a request in
// full (violations first, headers, pretty bodies, curl), the filters, the
// keyboard, then the state view and its reset. Its screenshot is the
// README's (go test -run TestRequestsView -update).
func TestRequestsView(t *testing.T) {
	c := startChromium(t)
	srv, err := mockserver.New(mockserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	const list = "/api/projects/1/hog_functions/"
	if s := send(t, ts.URL, "GET", list+"?limit=2", ""); s != 200 {
		t.Fatalf("list: %d", s)
	}
	open(t, c, ts.URL+"/__mock/", 1280, 800, false)
	waitFor(t, c, "the request made before the page opened", `document.querySelectorAll("#requests li.req").length === 1`)
	var title string
	js(t, c, `document.querySelector("#title").textContent + " / " + document.querySelector("#op-count").textContent`, &title)
	if !strings.Contains(title, "PostHog") || !strings.HasSuffix(title, " operations") {
		t.Fatalf("contract title on the page: %q", title)
	}

	// Requests made while the page is open appear without a reload.
	if s := send(t, ts.URL, "POST", list, `{"name":"from the browser test","type":"destination","hog":"return event"}`); s != 201 {
		t.Fatalf("create: %d", s)
	}
	if s := send(t, ts.URL, "POST", list, `{"name":5,"type":"nope"}`); s != 400 {
		t.Fatalf("invalid create: %d", s)
	}
	if s := send(t, ts.URL, "GET", "/api/projects/1/no_such_thing/", ""); s != 404 {
		t.Fatalf("unknown route: %d", s)
	}
	if s := send(t, ts.URL, "GET", "/api/projects/1/hog_functions/?limit=x", ""); s != 200 {
		t.Fatalf("bad limit (PostHog ignores it): %d", s)
	}
	waitFor(t, c, "five requests", `document.querySelectorAll("#requests li.req").length === 5`)
	rows := requestRows(t, c)
	for i := 1; i < len(rows); i++ {
		a, _ := strconv.Atoi(rows[i-1].ID)
		b, _ := strconv.Atoi(rows[i].ID)
		if a <= b {
			t.Fatalf("not newest first: %+v", rows)
		}
	}
	for i, w := range []string{"200", "404", "400", "201", "200"} {
		if rows[i].Status != w {
			t.Fatalf("row %d status %s, want %s: %+v", i, rows[i].Status, w, rows)
		}
	}
	invalid := rows[2]
	if invalid.Op != "hog_functions_create" || !strings.Contains(invalid.Text, "hog_functions_create") {
		t.Errorf("operation not shown: %+v", invalid)
	}
	// The violations are written out in the list, each in full, marked as
	// the client's.
	if !strings.Contains(invalid.Class, "violation") || invalid.Client == "0" || invalid.Mock != "0" ||
		!strings.Contains(invalid.Text, "REQUEST") || !strings.Contains(invalid.Text, "body name") || !strings.Contains(invalid.Text, "expected string") {
		t.Errorf("the invalid request's violations are not shown in the list: %+v", invalid)
	}
	var clipped bool
	js(t, c, `[...document.querySelectorAll("#requests li.v")].some(v => v.scrollWidth > v.clientWidth + 1)`, &clipped)
	if clipped {
		t.Error("a violation is clipped in the list")
	}
	if rows[4].Class != "req" || rows[4].Violations != "0" {
		t.Errorf("a clean request is highlighted: %+v", rows[4])
	}

	// A request in full: request and response headers, pretty bodies, curl.
	click(t, c, fmt.Sprintf(`li.req[data-id="%s"]`, rows[3].ID))
	waitFor(t, c, "the request's detail", `(document.querySelector("#resp-body")||{}).textContent?.includes('"name": "from the browser test"') &&
		document.querySelector("#req-body").textContent.includes('"name": "from the browser test"') &&
		document.querySelector("#detail h2").textContent.startsWith("POST /api/projects/1/hog_functions/")`)
	var detail struct{ ReqHeaders, RespHeaders, Curl, Client, Mock string }
	js(t, c, `({ReqHeaders: document.querySelector("#req-headers").innerText, RespHeaders: document.querySelector("#resp-headers").innerText,
		Curl: document.querySelector("#curl").textContent, Client: document.querySelector("#client-violations").textContent,
		Mock: document.querySelector("#mock-violations").textContent})`, &detail)
	if !strings.Contains(detail.ReqHeaders, "Content-Type") || !strings.Contains(detail.ReqHeaders, "Bearer [redacted]") {
		t.Errorf("request headers: %q", detail.ReqHeaders)
	}
	if !strings.Contains(detail.RespHeaders, "Content-Type") || !strings.Contains(detail.RespHeaders, "application/json") {
		t.Errorf("response headers: %q", detail.RespHeaders)
	}
	for _, want := range []string{"curl -X POST '" + ts.URL + list + "'", `-H "Authorization: Bearer $TOKEN"`, "-H 'Content-Type: application/json'",
		`--data-raw '{"name":"from the browser test"`} {
		if !strings.Contains(detail.Curl, want) {
			t.Errorf("curl lacks %s:\n%s", want, detail.Curl)
		}
	}
	if strings.Contains(detail.Curl, "Content-Length") || !strings.HasPrefix(detail.Client, "No") || !strings.HasPrefix(detail.Mock, "No") {
		t.Errorf("curl or violations of a clean request: %+v", detail)
	}
	click(t, c, "#copy-curl")
	waitFor(t, c, "the copy's confirmation", `!!document.querySelector("#copy-curl + .flash")`)

	click(t, c, fmt.Sprintf(`li.req[data-id="%s"]`, invalid.ID))
	waitFor(t, c, "the violation's explanation", `(document.querySelector("#client-violations")||{}).textContent?.includes("body name") &&
		document.querySelector("#client-violations li[data-side=request]") !== null && document.querySelector("#mock-violations").tagName === "P"`)

	// Filters: search, operation, status, has violations; combined.
	setFilter := func(sel, v string) {
		t.Helper()
		js(t, c, fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = %q; e.dispatchEvent(new Event(e.tagName === "INPUT" ? "input" : "change")); })()`, sel, v), nil)
	}
	ids := func() string {
		t.Helper()
		var s string
		js(t, c, shownIDs, &s)
		return s
	}
	setFilter("#q", "no_such")
	if got := ids(); got != rows[1].ID {
		t.Errorf("search no_such: %s", got)
	}
	setFilter("#q", "")
	setFilter("#f-op", "hog_functions_create")
	if got, want := ids(), rows[2].ID+","+rows[3].ID; got != want {
		t.Errorf("operation filter: %s, want %s", got, want)
	}
	setFilter("#f-op", "-")
	if got := ids(); got != rows[1].ID {
		t.Errorf("no operation filter: %s, want %s", got, rows[1].ID)
	}
	setFilter("#f-op", "")
	setFilter("#f-status", "4")
	if got, want := ids(), rows[1].ID+","+rows[2].ID; got != want {
		t.Errorf("4xx filter: %s, want %s", got, want)
	}
	setFilter("#f-viol", "request")
	setFilter("#f-status", "")
	setFilter("#q", "limit=x")
	if got := ids(); got != rows[0].ID {
		t.Errorf("violations + search: %s, want %s", got, rows[0].ID)
	}
	var shown string
	js(t, c, `document.querySelector("#shown").textContent`, &shown)
	if shown != "1 of 5 requests match" {
		t.Errorf("count line: %q", shown)
	}
	setFilter("#q", "")
	setFilter("#f-viol", "none")
	if got, want := ids(), rows[3].ID+","+rows[4].ID; got != want {
		t.Errorf("no violations: %s, want %s", got, want)
	}
	setFilter("#f-viol", "")

	// The keyboard: the selected request holds the tab stop, arrows move
	// the selection, digits switch views, Escape leaves the search.
	js(t, c, `document.querySelector('#requests li[tabindex="0"]').focus()`, nil)
	key(t, c, "ArrowDown")
	waitFor(t, c, "the next request selected", fmt.Sprintf(`document.activeElement.dataset.id === %q && document.activeElement.getAttribute("aria-selected") === "true" &&
		document.querySelector("#detail h2").textContent.startsWith("POST")`, rows[3].ID))
	key(t, c, "ArrowUp")
	key(t, c, "ArrowUp")
	waitFor(t, c, "two requests up", fmt.Sprintf(`document.activeElement.dataset.id === %q && document.querySelector("#detail h2").textContent.includes("no_such_thing")`, rows[1].ID))
	key(t, c, "/")
	waitFor(t, c, "the search focused", `document.activeElement.id === "q"`)
	js(t, c, `window.stillHere = true`, nil)
	key(t, c, "Enter") // does not submit the filters (a reload)
	key(t, c, "Escape")
	key(t, c, "5")
	waitFor(t, c, "the state view by its key", `visible("#view-state") && !visible("#view-requests") &&
		document.activeElement.id === "tab-state" && location.hash === "#state"`)
	key(t, c, "ArrowLeft")
	waitFor(t, c, "the faults view by arrow", `visible("#view-faults") && !visible("#view-state") && document.activeElement.id === "tab-faults"`)
	key(t, c, "1")
	waitFor(t, c, "back to the requests", `visible("#view-requests") && !visible("#view-faults") && window.stillHere === true`)
	js(t, c, `location.hash = "#coverage"`, nil) // a link to a view, or Back
	waitFor(t, c, "the view named by the address", `visible("#view-coverage") && !visible("#view-requests")`)
	key(t, c, "1")

	// The README's screenshot: the invalid request selected, at 1280×800.
	click(t, c, fmt.Sprintf(`li.req[data-id="%s"]`, invalid.ID))
	waitFor(t, c, "the invalid request in full", `(document.querySelector("#client-violations")||{}).textContent?.includes("body name")`)
	js(t, c, `document.activeElement.blur()`, nil)
	var overflow bool
	js(t, c, `document.documentElement.scrollWidth > innerWidth`, &overflow)
	if overflow {
		t.Error("the page is wider than 1280 pixels")
	}
	shot(t, c, "inspector.png", "inspector.png")

	// State per collection, then the reset button.
	click(t, c, "#tab-state")
	waitFor(t, c, "the state view", `[...document.querySelectorAll("#state details")].some(d => d.dataset.collection === "hog_functions|project_id=1" &&
		d.textContent.includes("from the browser test") && d.querySelector("summary").textContent.includes("4 objects"))`)
	click(t, c, "#reset")
	waitFor(t, c, "the state after reset", `!document.querySelector("#state").textContent.includes("from the browser test")`)
	for _, o := range srv.List("hog_functions", map[string]string{"project_id": "1"}) {
		if o["name"] == "from the browser test" {
			t.Fatal("the reset button did not reset the server's state")
		}
	}
	click(t, c, "#tab-requests")
	click(t, c, "#clear")
	waitFor(t, c, "the cleared log", `document.querySelectorAll("#requests li.req").length === 0 && !document.querySelector("#empty").hidden`)
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("the server still has %d requests after Clear log", n)
	}
}

// The other views, on a 3.1 document: the mock's own violations apart
// from the client's, violations by kind, coverage, faults; and the page
// keeps a bounded number of requests.
func TestReportFaultsAndBoundedViews(t *testing.T) {
	c := startChromium(t)
	srv, ts := notesServer(t)
	send(t, ts.URL, "GET", "/notes/?limit=2", "")
	send(t, ts.URL, "POST", "/notes/", `{"title":5}`)   // the mock's answer breaks its schema (see notesDoc)
	send(t, ts.URL, "GET", "/notes/x/", "")             // the client's path parameter
	send(t, ts.URL, "GET", "/notes/?limit=no", "")      // the client's query parameter
	send(t, ts.URL, "GET", "/notes/?limit=also-no", "") // the same violation again
	open(t, c, ts.URL+"/__mock/?keep=4", 1280, 800, false)
	waitFor(t, c, "the newest four requests", `document.querySelectorAll("#requests li.req").length === 4`)
	var note string
	js(t, c, `document.querySelector("#limit-note").textContent`, &note)
	if !strings.Contains(note, "newest 4") {
		t.Errorf("no word of the dropped request: %q", note)
	}
	for i := 0; i < 3; i++ {
		send(t, ts.URL, "GET", "/notes/1/", "")
	}
	waitFor(t, c, "still four, the newest", `document.querySelectorAll("#requests li.req").length === 4 &&
		document.querySelector("#requests li.req").dataset.id === "8" && document.querySelector("#requests li.req:last-child").dataset.id === "5"`)

	// The mock's own violation is marked as such, in the list and in full.
	send(t, ts.URL, "POST", "/notes/", `{"title":7}`)
	waitFor(t, c, "the create", `document.querySelector("#requests li.req").dataset.id === "9"`)
	rows := requestRows(t, c)
	if rows[0].Mock != "1" || rows[0].Client != "0" || !strings.Contains(rows[0].Class, "mock-violation") || !strings.Contains(rows[0].Text, "RESPONSE") {
		t.Errorf("the mock's violation in the list: %+v", rows[0])
	}
	click(t, c, `li.req[data-id="9"]`)
	waitFor(t, c, "the mock's violation in full", `(document.querySelector("#mock-violations li[data-side=response]")||{}).textContent?.includes("title") &&
		document.querySelector("#client-violations").tagName === "P"`)

	// Violations by kind, the clients' apart from the mock's.
	click(t, c, "#tab-violations")
	waitFor(t, c, "the groups", `document.querySelector("#violation-count").textContent === "7"`)
	var groups []struct {
		Code, Summary string
		Sides         []string
		Items         int
	}
	js(t, c, `[...document.querySelectorAll("#violation-groups details.group")].map(g => ({Code: g.dataset.code, Summary: g.querySelector("summary").textContent,
		Sides: [...g.querySelectorAll(".side-group")].map(s => s.dataset.side), Items: g.querySelectorAll("li.v").length}))`, &groups)
	// notes_list declares no 400: answering one is the mock's violation.
	if len(groups) != 2 || groups[0].Code != "type" || strings.Join(groups[0].Sides, ",") != "request,response" || groups[0].Items != 3 ||
		!strings.Contains(groups[0].Summary, "5 times") || groups[1].Code != "undeclared_status" || strings.Join(groups[1].Sides, ",") != "response" ||
		!strings.Contains(groups[1].Summary, "2 times") {
		t.Errorf("violation groups: %+v", groups)
	}
	shot(t, c, "violations.png", "")
	var limitItem string
	js(t, c, `[...document.querySelectorAll("#violation-groups li.v")].find(v => v.textContent.includes("query limit")).textContent`, &limitItem)
	if !strings.Contains(limitItem, "notes_list") || !strings.Contains(limitItem, "2 times") || !strings.Contains(limitItem, "#4 GET /notes/") {
		t.Errorf("a grouped violation: %q", limitItem)
	}
	var badge string
	js(t, c, `document.querySelector("#violation-count").textContent`, &badge)
	if badge != "7" {
		t.Errorf("violations badge %q, want 7", badge)
	}
	// Its first request is a click away, even one the page dropped (the
	// server's journal still has it).
	click(t, c, `#violation-groups button.goto[data-id="3"]`)
	waitFor(t, c, "the first request of a violation", `visible("#view-requests") && !visible("#view-violations") &&
		(document.querySelector("#detail h2")||{}).textContent?.includes("/notes/x/")`)

	// Coverage: ratios and what each operation exercised.
	click(t, c, "#tab-coverage")
	waitFor(t, c, "the coverage", `document.querySelectorAll("#coverage-ops tbody tr").length === 3`)
	var cov struct {
		Ops, Pct string
		Rows     []struct{ Op, Text, Class string }
	}
	js(t, c, `({Ops: document.querySelector('.ratio[data-kind=operations]').innerText, Pct: document.querySelector("#coverage-pct").textContent,
		Rows: [...document.querySelectorAll("#coverage-ops tbody tr")].map(r => ({Op: r.dataset.op, Text: r.innerText, Class: r.className}))})`, &cov)
	if !strings.Contains(cov.Ops, "100%") || !strings.Contains(cov.Ops, "3 of 3") || cov.Pct != "100%" {
		t.Errorf("operations ratio: %+v", cov)
	}
	shot(t, c, "coverage.png", "")
	for _, r := range cov.Rows {
		switch r.Op {
		case "notes_list":
			if !strings.Contains(r.Text, "query:limit ×3") || !strings.Contains(r.Text, "query:search") || !strings.Contains(r.Text, "200 ×1") {
				t.Errorf("notes_list coverage: %q", r.Text)
			}
		case "notes_create":
			if !strings.Contains(r.Text, "201 ×2") || !strings.Contains(r.Text, "503") {
				t.Errorf("notes_create coverage: %q", r.Text)
			}
		}
	}

	// Faults: add one, see it listed and applied, clear it.
	click(t, c, "#tab-faults")
	waitFor(t, c, "the fault form", `[...document.querySelectorAll("#fault-op option")].some(o => o.value === "notes_create")`)
	js(t, c, `(() => { const s = document.querySelector("#fault-op"); s.value = "notes_create"; s.dispatchEvent(new Event("change")); })()`, nil)
	var statuses string
	js(t, c, `[...document.querySelectorAll("#fault-status option")].map(o => o.value).join(",")`, &statuses)
	if statuses != ",400,503" {
		t.Errorf("statuses offered: %q", statuses)
	}
	js(t, c, `document.querySelector("#fault-times").value = "2"`, nil)
	click(t, c, "#add-fault")
	waitFor(t, c, "the fault listed", `(document.querySelector('#faults tr[data-op="notes_create"]')||{}).innerText?.includes("503") && document.querySelector("#fault-count").textContent === "1"`)
	if s := send(t, ts.URL, "POST", "/notes/", `{"title":"x"}`); s != 503 {
		t.Errorf("the fault did not apply: %d", s)
	}
	waitFor(t, c, "one call left", `(document.querySelector('#faults tr[data-op="notes_create"] td:nth-child(4)')||{}).textContent === "1"`)
	click(t, c, `#faults button.clear-op[data-op="notes_create"]`)
	waitFor(t, c, "the fault cleared", `document.querySelectorAll("#faults tbody tr").length === 0`)
	// An undeclared status (a gateway's) and a network fault.
	js(t, c, `document.querySelector("#fault-undeclared").value = "502"; document.querySelector("#fault-times").value = "1"`, nil)
	click(t, c, "#add-fault")
	waitFor(t, c, "the undeclared fault", `(document.querySelector('#faults tr[data-op="notes_create"]')||{}).innerText?.includes("502") &&
		document.querySelector('#faults tr[data-op="notes_create"]').innerText.includes("undeclared")`)
	js(t, c, `document.querySelector("#fault-undeclared").value = ""; document.querySelector("#fault-status").value = "";
		document.querySelector("#fault-network").value = "connection_reset"`, nil)
	click(t, c, "#add-fault")
	waitFor(t, c, "the network fault", `document.querySelectorAll('#faults tr[data-op="notes_create"]').length === 2 &&
		document.querySelector('#faults tbody tr:nth-child(2)').innerText.includes("connection reset")`)
	if s := send(t, ts.URL, "POST", "/notes/", `{"title":"x"}`); s != 502 {
		t.Errorf("the undeclared fault did not apply: %d", s)
	}
	shot(t, c, "faults.png", "")
	js(t, c, `document.querySelector("#fault-network").value = ""`, nil)
	if resp, err := http.Post(ts.URL+"/notes/", "application/json", strings.NewReader(`{"title":"x"}`)); err == nil {
		resp.Body.Close()
		t.Errorf("the connection was not reset: %d", resp.StatusCode)
	}
	key(t, c, "1")
	waitFor(t, c, "the broken request in the list", `(document.querySelector("#requests li.req")||{}).innerText?.includes("connection_reset") &&
		document.querySelector("#requests li.req").dataset.status === "0"`)
	key(t, c, "4")
	// A status the operation does not declare is refused with the server's words.
	js(t, c, `(() => { const s = document.querySelector("#fault-op"); s.value = "notes_get"; s.dispatchEvent(new Event("change"));
		const st = document.querySelector("#fault-status"); st.append(new Option("418", "418")); st.value = "418"; })()`, nil)
	click(t, c, "#add-fault")
	waitFor(t, c, "the refusal", `document.querySelector("#fault-error").textContent.includes("418")`)
	click(t, c, "#clear-faults")
	waitFor(t, c, "no fault left", `document.querySelectorAll("#faults tbody tr").length === 0 && !document.querySelector("#faults-empty").hidden`)
	if s := send(t, ts.URL, "POST", "/notes/", `{"title":"x"}`); s != 201 {
		t.Errorf("a cleared fault still applies: %d", s)
	}

	// A log cleared by someone else (or a restarted server) empties the page.
	click(t, c, "#tab-requests")
	srv.ResetJournal()
	waitFor(t, c, "the page to notice", `document.querySelectorAll("#requests li.req").length === 0 &&
		document.querySelector("#limit-note").textContent.includes("cleared")`)
	send(t, ts.URL, "GET", "/notes/1/", "")
	waitFor(t, c, "the next request", `document.querySelectorAll("#requests li.req").length === 1`)
}

// On a phone: one column, nothing wider than the screen, the selected
// request covers the list and Back returns to it.
func TestPhoneLayout(t *testing.T) {
	c := startChromium(t)
	_, ts := notesServer(t)
	send(t, ts.URL, "POST", "/notes/", `{"title":5}`)
	send(t, ts.URL, "GET", "/notes/?limit=a-rather-long-value-that-must-wrap-on-a-phone-screen&search=x", "")
	open(t, c, ts.URL+"/__mock/", 390, 844, true)
	waitFor(t, c, "the requests", `document.querySelectorAll("#requests li.req").length === 2`)
	for _, view := range []string{"requests", "violations", "coverage", "faults", "state"} {
		click(t, c, "#tab-"+view)
		waitFor(t, c, view+" shown", `visible("#view-`+view+`") && document.querySelectorAll("main > .view").length === 5 &&
			[...document.querySelectorAll("main > .view")].filter(v => getComputedStyle(v).display !== "none").length === 1`)
		if view == "coverage" {
			waitFor(t, c, "coverage rows", `document.querySelectorAll("#coverage-ops tbody tr").length === 3`)
		}
		var wide []string
		js(t, c, `[...document.querySelectorAll("body *")].filter(e => e.offsetParent !== null && !e.closest(".scroll, pre, nav") &&
			e.getBoundingClientRect().right > innerWidth + 1).map(e => e.tagName + "#" + e.id + "." + e.className).slice(0, 5)`, &wide)
		var overflow bool
		js(t, c, `document.documentElement.scrollWidth > innerWidth`, &overflow)
		if overflow || len(wide) > 0 {
			t.Errorf("%s view is wider than the phone: %v", view, wide)
		}
	}
	click(t, c, "#tab-requests")
	shot(t, c, "inspector-phone-list.png", "")
	click(t, c, `li.req[data-id="1"]`)
	waitFor(t, c, "the request over the list", `(() => { const d = document.querySelector("#detail"), r = d.getBoundingClientRect();
		return getComputedStyle(d).position === "fixed" && r.left === 0 && r.width === innerWidth &&
			(document.querySelector("#mock-violations")||{}).textContent?.includes("title"); })()`)
	var clipped bool
	js(t, c, `[...document.querySelectorAll("#detail li.v, #detail pre, #detail table")].some(e => e.getBoundingClientRect().right > innerWidth + 1)`, &clipped)
	if clipped {
		t.Error("the request's detail is wider than the phone")
	}
	shot(t, c, "inspector-phone.png", "")
	click(t, c, "#back")
	waitFor(t, c, "the list again", `getComputedStyle(document.querySelector("#detail")).display === "none"`)
}

// A hot reload that renames the contract renames the open page.
func TestTitleFollowsReload(t *testing.T) {
	c := startChromium(t)
	file := filepath.Join(t.TempDir(), "notes.yaml")
	if err := os.WriteFile(file, []byte(notesDoc), 0o644); err != nil {
		t.Fatal(err)
	}
	first, err := mockserver.New(mockserver.Options{SpecFile: file})
	if err != nil {
		t.Fatal(err)
	}
	var cur atomic.Pointer[mockserver.Server] // as the command swaps the server it serves
	cur.Store(first)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { cur.Load().ServeHTTP(w, r) }))
	defer ts.Close()
	open(t, c, ts.URL+"/__mock/", 1280, 800, false)
	waitFor(t, c, "the first title", `document.querySelector("#title").textContent === "Notes" && document.title.startsWith("Notes ·")`)
	renamed := strings.Replace(notesDoc, "title: Notes,", "title: Notes and more,", 1)
	renamed = strings.Replace(renamed, "  /notes/{id}/:", "  /tags/:\n    get:\n      operationId: tags_list\n      responses: {'200': {description: ok}}\n  /notes/{id}/:", 1)
	if err := os.WriteFile(file, []byte(renamed), 0o644); err != nil {
		t.Fatal(err)
	}
	next, _, err := first.Reload(false)
	if err != nil {
		t.Fatalf("reload: %v", err)
	}
	cur.Store(next)
	waitFor(t, c, "the new title", `document.querySelector("#title").textContent === "Notes and more" && document.title.startsWith("Notes and more ·") &&
		document.querySelector("#op-count").textContent === "4 operations" && [...document.querySelectorAll("#fault-op option")].some(o => o.value === "tags_list")`)
}
