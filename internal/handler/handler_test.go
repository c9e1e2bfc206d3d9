package handler_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"github.com/mockserver-go/mockserver/internal/errorbody"
	"github.com/mockserver-go/mockserver/internal/exchange"
	"github.com/mockserver-go/mockserver/internal/fixtures"
	"github.com/mockserver-go/mockserver/internal/handler"
	"github.com/mockserver-go/mockserver/internal/journal"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
	"github.com/mockserver-go/mockserver/internal/spec/spectest"
	"github.com/mockserver-go/mockserver/internal/validate"
)

// fakePipeline is the pipeline as the handler sees it (handler.Pipeline).
// It routes by the document, answers a POST 201 with the body it got (a
// GET 200 with an empty list), has the next call's connection broken when
// a network fault is queued (one that answers nothing has no answer, as
// the engine's), and renders refusals with the error stage.
type fakePipeline struct {
	doc  *spec.Doc
	errs *errorbody.Renderer
	// header is added to every answer.
	header http.Header

	mu       sync.Mutex
	bodies   []string // what Handle was given
	networks []string // network faults for the next calls, in order
}

func newFake(t *testing.T) *fakePipeline {
	t.Helper()
	doc := spectest.Load(t, "../../testdata/specs/pets.yaml")
	return &fakePipeline{doc: doc, errs: errorbody.New(doc, validate.New(doc), fixtures.NewForDocument(1, doc.T))}
}

func (f *fakePipeline) Doc() *spec.Doc { return f.doc }

func (f *fakePipeline) Route(r *http.Request, ex *exchange.Exchange) *spec.Operation {
	m, ok := f.doc.Match(r.Method, r.URL.EscapedPath())
	if !ok {
		return nil
	}
	ex.Template, ex.PathParams, ex.Op = m.Template, m.Params, m.Op
	return m.Op
}

func (f *fakePipeline) Handle(r *http.Request, body []byte) (*exchange.Response, *exchange.Exchange) {
	ex := &exchange.Exchange{}
	f.Route(r, ex)
	f.mu.Lock()
	f.bodies = append(f.bodies, string(body))
	if len(f.networks) > 0 {
		ex.Network, f.networks = f.networks[0], f.networks[1:]
	}
	f.mu.Unlock()
	if exchange.AnswersNothing(ex.Network) {
		// The request is not processed: there is no answer to break.
		return &exchange.Response{Header: http.Header{}}, ex
	}
	resp := &exchange.Response{Status: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte("[]")}
	if r.Method == http.MethodPost {
		resp.Status, resp.Body = http.StatusCreated, bytes.Clone(body)
	}
	for k, v := range f.header {
		resp.Header[k] = v
	}
	return resp, ex
}

func (f *fakePipeline) ErrorResponse(op *spec.Operation, pe *problem.Error) *exchange.Response {
	b := f.errs.Render(op, pe)
	body, _ := json.Marshal(b.Value)
	return &exchange.Response{Status: b.Status, Header: b.Header, Body: body, Value: b.Value}
}

// queue makes the next calls break their connection with the network
// faults, in order.
func (f *fakePipeline) queue(networks ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.networks = append(f.networks, networks...)
}

// newPets builds the handler over a fake pipeline of the pets document;
// edit adjusts its Config.
func newPets(t *testing.T, edit func(*handler.Config)) (http.Handler, *fakePipeline, *journal.Journal) {
	t.Helper()
	fake := newFake(t)
	jr := journal.New(0)
	cfg := handler.Config{Engine: fake, Journal: jr, CORS: true}
	if edit != nil {
		edit(&cfg)
	}
	return handler.New(cfg), fake, jr
}

// do serves one request and decodes a JSON object answer.
func do(h http.Handler, r *http.Request) (*httptest.ResponseRecorder, map[string]any) {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	var body map[string]any
	_ = json.Unmarshal(w.Body.Bytes(), &body)
	return w, body
}

// The journal keeps each request with its operation, the answer's
// status, body and headers (before the answer is written: a client that
// has its answer finds the request there).
func TestJournalEntry(t *testing.T) {
	t.Parallel()
	h, fake, jr := newPets(t, nil)
	fake.header = http.Header{"Retry-After": {"5"}}
	r := httptest.NewRequest(http.MethodPost, "/pets?x=1", bytes.NewBufferString(`{"name":"rex"}`))
	r.Header.Set("Content-Type", "application/json")
	if w, body := do(h, r); w.Code != http.StatusCreated || body["name"] != "rex" || w.Header().Get("Retry-After") != "5" {
		t.Fatalf("answer %d %s %v", w.Code, w.Body, w.Header())
	}
	es := jr.Entries()
	if len(es) != 1 {
		t.Fatalf("%d entries", len(es))
	}
	e := es[0]
	if e.Method != "POST" || e.Path != "/pets" || e.Query != "x=1" || e.OperationID != "createPet" || e.Status != 201 ||
		e.ReqBody != `{"name":"rex"}` || e.RespBody != `{"name":"rex"}` || e.RespType != "application/json" ||
		e.RespHeaders["Retry-After"] != "5" || e.RespHeaders["Content-Type"] != "application/json" {
		t.Errorf("entry: %+v", e)
	}
	if st := jr.Coverage().Statuses["createPet"]; st[strconv.Itoa(http.StatusCreated)] != 1 {
		t.Errorf("statuses counted: %v", st)
	}
}
