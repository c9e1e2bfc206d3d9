package journal

import (
	"net/http"
	"sync"
	"testing"

	"github.com/mockserver-go/mockserver/internal/problem"
)

func TestJournalKeepsNewestAndCountsAll(t *testing.T) {
	t.Parallel()
	j := New(3)
	for i := 0; i < 5; i++ {
		e := Entry{Method: "GET", Path: "/x", OperationID: "op", Status: 200, Params: []string{"query:limit"}}
		if i == 4 {
			e.Violations = []problem.Violation{{In: "query", Field: "limit", Code: "type"}}
			e.Status = 400
		}
		j.Add(e)
	}
	j.Add(Entry{Method: "GET", Path: "/nowhere", Status: 404, Violations: []problem.Violation{{In: "route"}}})
	es := j.Entries()
	if len(es) != 3 || es[0].ID != 4 || es[2].ID != 6 {
		t.Fatalf("entries %v, want ids 4..6", ids(es))
	}
	c := j.Coverage()
	if c.Total != 6 || c.Calls["op"] != 5 || c.Statuses["op"]["200"] != 4 || c.Statuses["op"]["400"] != 1 ||
		c.Params["op"]["query:limit"] != 5 || c.Violations != 2 || c.Undoc != 1 {
		t.Errorf("coverage %+v", c)
	}
	if _, ok := j.Get(1); ok {
		t.Error("entry 1 should have been dropped")
	}
	if e, ok := j.Get(5); !ok || e.Status != 400 {
		t.Errorf("Get(5) = %+v, %v", e, ok)
	}
	j.Reset()
	if len(j.Entries()) != 0 || j.Coverage().Total != 0 {
		t.Error("reset kept data")
	}
}

func TestJournalConcurrent(t *testing.T) {
	t.Parallel()
	j := New(50)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				j.Add(Entry{OperationID: "op", Status: 200})
				_ = j.Entries()
				_ = j.Coverage()
			}
		}()
	}
	wg.Wait()
	if c := j.Coverage(); c.Calls["op"] != 800 || len(j.Entries()) != 50 {
		t.Errorf("calls %d entries %d", c.Calls["op"], len(j.Entries()))
	}
}

func ids(es []Entry) []uint64 {
	out := make([]uint64, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

// The response headers are flattened once, on first read, whether or not
// the bodies are deferred too, and bodies set directly are kept.
func TestResponseHeaderMadeOnFirstRead(t *testing.T) {
	t.Parallel()
	j := New(10)
	calls := 0
	flatten := func(h http.Header) map[string]string {
		calls++
		return map[string]string{"Content-Type": h.Get("Content-Type")}
	}
	e := Entry{Method: "GET", Path: "/a", ReqBody: "kept"}
	e.SetResponseHeader(http.Header{"Content-Type": {"application/json"}}, flatten)
	j.Add(e)
	e = Entry{Method: "GET", Path: "/b"}
	e.SetBodies(func() (string, string) { return "req", "resp" })
	e.SetResponseHeader(http.Header{"Content-Type": {"text/plain"}}, flatten)
	j.Add(e)
	if calls != 0 {
		t.Fatalf("headers flattened before any read: %d", calls)
	}
	for range 2 {
		es := j.Entries()
		if es[0].ReqBody != "kept" || es[0].RespHeaders["Content-Type"] != "application/json" {
			t.Errorf("entry without deferred bodies: %+v", es[0])
		}
		if es[1].ReqBody != "req" || es[1].RespBody != "resp" || es[1].RespHeaders["Content-Type"] != "text/plain" {
			t.Errorf("entry with deferred bodies: %+v", es[1])
		}
	}
	if calls != 2 {
		t.Errorf("flattened %d times for two entries read twice, want 2", calls)
	}
}
