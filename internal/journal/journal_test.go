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

type countingRedactor struct{ calls int }

func (r *countingRedactor) Headers(h http.Header) map[string]string {
	r.calls++
	return map[string]string{"Content-Type": h.Get("Content-Type")}
}

// The response headers are flattened once, on first read, whether or not
// the bodies are deferred too, and bodies set directly are kept.
func TestResponseHeaderMadeOnFirstRead(t *testing.T) {
	t.Parallel()
	j := New(10)
	flatten := &countingRedactor{}
	e := Entry{Method: "GET", Path: "/a", ReqBody: "kept"}
	e.SetResponseHeader(http.Header{"Content-Type": {"application/json"}}, flatten)
	j.Add(e)
	e = Entry{Method: "GET", Path: "/b"}
	e.SetBodies(func() (string, string) { return "req", "resp" }, 7)
	e.SetResponseHeader(http.Header{"Content-Type": {"text/plain"}}, flatten)
	j.Add(e)
	if flatten.calls != 0 {
		t.Fatalf("headers flattened before any read: %d", flatten.calls)
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
	if flatten.calls != 2 {
		t.Errorf("flattened %d times for two entries read twice, want 2", flatten.calls)
	}
}

func TestJournalKeepsAnEntrysFirstViolations(t *testing.T) {
	t.Parallel()
	j := New(10)
	vs := make([]problem.Violation, 1000)
	for i := range vs {
		vs[i] = problem.Violation{In: "body", Field: "inputs_schema__" + itoa(i), Code: "type"}
	}
	j.Add(Entry{OperationID: "op", Status: 400, Violations: vs})
	e := j.Entries()[0]
	if len(e.Violations) != MaxEntryViolations || e.ViolationsOmitted != 1000-MaxEntryViolations {
		t.Errorf("kept %d violations, omitted %d; want %d and %d", len(e.Violations), e.ViolationsOmitted, MaxEntryViolations, 1000-MaxEntryViolations)
	}
	if c := j.Coverage(); c.Violations != 1000 {
		t.Errorf("coverage counts %d violations, want all 1000", c.Violations)
	}
}

func TestJournalByteBudgetDropsOldest(t *testing.T) {
	t.Parallel()
	j := NewBounded(100, 10_000)
	big := make([]byte, 3000)
	for i := 0; i < 20; i++ {
		e := Entry{OperationID: "op", Status: 200}
		e.SetBodies(func() (string, string) { return string(big), "" }, len(big))
		j.Add(e)
	}
	es := j.Entries()
	if len(es) != 3 || es[len(es)-1].ID != 20 || es[0].ID != 18 {
		t.Fatalf("kept ids %v, want 18..20 (three 3 KB entries in 10 KB)", ids(es))
	}
	if j.bytes > 10_000 {
		t.Errorf("journal holds %d bytes, over its 10,000 budget", j.bytes)
	}
	// A single entry over the budget is still kept: the newest request is
	// always there to inspect.
	huge := Entry{OperationID: "op", Status: 200}
	huge.SetBodies(func() (string, string) { return "", "" }, 50_000)
	j.Add(huge)
	if es := j.Entries(); len(es) != 1 || es[0].ID != 21 {
		t.Errorf("kept ids %v, want only 21", ids(es))
	}
	// Small entries fill the ring again in order after the big one left.
	for i := 0; i < 5; i++ {
		j.Add(Entry{OperationID: "op", Status: 200})
	}
	if es := j.Entries(); len(es) != 5 || es[0].ID != 22 || es[4].ID != 26 {
		t.Errorf("kept ids %v, want 22..26", ids(es))
	}
}

func TestJournalRingGrowsAfterWrapping(t *testing.T) {
	t.Parallel()
	// Budget evictions leave the ring wrapped below its count limit; the
	// next entries must still come out oldest first.
	j := NewBounded(8, 4*entrySize(Entry{}))
	for i := 0; i < 6; i++ {
		j.Add(Entry{})
	}
	j.maxBytes = 100 * entrySize(Entry{})
	for i := 0; i < 6; i++ {
		j.Add(Entry{})
	}
	es := j.Entries()
	if len(es) != 8 {
		t.Fatalf("kept %d entries, want 8", len(es))
	}
	for i := 1; i < len(es); i++ {
		if es[i].ID != es[i-1].ID+1 {
			t.Fatalf("ids out of order: %v", ids(es))
		}
	}
	if es[7].ID != 12 {
		t.Errorf("newest id %d, want 12", es[7].ID)
	}
}
