package engine

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver/internal/exchange"
	"github.com/mockserver-go/mockserver/internal/problem"
)

// Inject refuses a fault the operation cannot answer, naming the field
// and what would do; the admin endpoint answers the refusal as it is.
func TestInjectRefuses(t *testing.T) {
	t.Parallel()
	e := faultEngine(t)
	for _, tc := range []struct {
		name   string
		op     string
		fault  Fault
		kind   problem.Kind
		field  string
		detail string
	}{
		{"an unknown operation", "nowhere", Fault{Status: 503}, problem.KindNotFound, "", `unknown operation "nowhere"`},
		{"an undeclared status", "a", Fault{Status: 418}, problem.KindValidation, "", "operation a does not declare status 418 (declared: 200, 503); set undeclared"},
		{"not a status", "a", Fault{Status: 999, Undeclared: true}, problem.KindValidation, "status", "100-599"},
		{"an unknown network fault", "a", Fault{Network: "flood"}, problem.KindValidation, "network", `not "flood"`},
		{"a status with a fault that sends none", "a", Fault{Status: 503, Network: exchange.NetworkReset}, problem.KindValidation, "status", "sends no status"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pe, ok := problem.As(e.Inject(tc.op, tc.fault))
			if !ok || pe.Kind != tc.kind || pe.Attr != tc.field || !strings.Contains(pe.Detail, tc.detail) {
				t.Errorf("Inject = %+v, want %s on %q saying %q", pe, tc.kind, tc.field, tc.detail)
			}
		})
	}
	if len(e.Faults()) != 0 {
		t.Errorf("refused faults were scheduled: %+v", e.Faults())
	}
	for _, f := range []Fault{{Status: 503}, {Status: 418, Undeclared: true}, {Network: exchange.NetworkTruncated, Status: 200}} {
		if err := e.Inject("a", f); err != nil {
			t.Errorf("Inject(%+v): %v", f, err)
		}
	}
}

// TakeFault (the proxy's way to faults) answers a status fault instead of
// the call (with its Retry-After), and lets a delay-only fault
// through with its delay noted; each is used up as the pipeline's are.
func TestTakeFault(t *testing.T) {
	t.Parallel()
	e := faultEngine(t)
	op, _ := e.Doc().Operation("a")
	take := func() (*Response, *Exchange) {
		ex := &Exchange{}
		return e.TakeFault(httptest.NewRequest("GET", "/a", nil), op, nil, ex), ex
	}
	if resp, _ := take(); resp != nil {
		t.Fatalf("no fault scheduled, answered %d", resp.Status)
	}
	for _, f := range []Fault{{Status: 503, Times: 2, RetryAfter: 5}, {Delay: 150 * time.Millisecond}} {
		if err := e.Inject("a", f); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 2 {
		resp, _ := take()
		if resp == nil || resp.Status != 503 || resp.Header.Get("Retry-After") != "5" {
			t.Fatalf("status fault %d: %+v", i+1, resp)
		}
	}
	if resp, ex := take(); resp != nil || ex.Delay != 150*time.Millisecond {
		t.Fatalf("delay fault: answered %+v, delay %s; want the call through with the delay", resp, ex.Delay)
	}
	if resp, ex := take(); resp != nil || ex.Delay != 0 {
		t.Errorf("after the faults: %+v, delay %s", resp, ex.Delay)
	}
}
