package engine

import (
	"testing"
	"time"

	"github.com/mockserver-go/mockserver/internal/spec"
)

const faultDoc = `openapi: 3.0.3
info: {title: faults, version: "1"}
paths:
  /a:
    get:
      operationId: a
      responses: {'200': {description: ok}, '503': {description: down}}
  /b:
    get:
      operationId: b
      responses: {'200': {description: ok}, '500': {description: broken}}
`

// faultEngine is an engine over faultDoc.
func faultEngine(t *testing.T) *Engine {
	t.Helper()
	d, err := spec.Load([]byte(faultDoc), spec.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(Config{Doc: d})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// The list shows what remains of each fault, in the order they apply, and
// clearing one operation leaves the others'.
func TestFaultsListedAndCleared(t *testing.T) {
	e := faultEngine(t)
	for _, f := range []struct {
		op string
		f  Fault
	}{{"b", Fault{Status: 500}}, {"a", Fault{Status: 503, Times: 2}}, {"a", Fault{Delay: time.Second}}} {
		if err := e.Inject(f.op, f.f); err != nil {
			t.Fatal(err)
		}
	}
	if resp, _ := send(e, "GET", "/a", ""); resp.Status != 503 {
		t.Fatalf("fault not applied: %d", resp.Status)
	}
	got := e.Faults()
	want := []ScheduledFault{{Operation: "a", Fault: Fault{Status: 503, Times: 1}}, {Operation: "a", Fault: Fault{Delay: time.Second, Times: 1}}, {Operation: "b", Fault: Fault{Status: 500, Times: 1}}}
	if len(got) != len(want) {
		t.Fatalf("faults %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("fault %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if n := e.ClearFaults("a"); n != 2 {
		t.Errorf("cleared %d of a's faults, want 2", n)
	}
	if got := e.Faults(); len(got) != 1 || got[0].Operation != "b" {
		t.Errorf("after clearing a: %+v", got)
	}
	if n := e.ClearFaults(""); n != 1 || len(e.Faults()) != 0 {
		t.Errorf("clear all: %d, left %+v", n, e.Faults())
	}
	if resp, _ := send(e, "GET", "/b", ""); resp.Status != 200 {
		t.Errorf("a cleared fault still applies: %d", resp.Status)
	}
}
