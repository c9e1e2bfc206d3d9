package engine

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// Fault makes the next calls of an operation fail or slow down.
type Fault struct {
	// Status to answer with (0: answer normally, only Delay applies).
	Status int
	// Times is how many calls it applies to (0: one).
	Times int
	// Delay before answering.
	Delay time.Duration
	// RetryAfter sets the Retry-After header (seconds) on the answer.
	RetryAfter int
}

type faults struct {
	mu sync.Mutex
	m  map[string][]*Fault
}

func newFaults() *faults { return &faults{m: map[string][]*Fault{}} }

// Inject schedules a fault for an operation.
func (e *Engine) Inject(opID string, f Fault) error {
	op, ok := e.doc.Operation(opID)
	if !ok {
		return &problem.Error{Kind: problem.KindNotFound, Detail: "unknown operation " + strconv.Quote(opID)}
	}
	if f.Status != 0 && !op.Declares(f.Status) {
		return &problem.Error{Kind: problem.KindValidation, Detail: "operation " + opID + " does not declare status " + strconv.Itoa(f.Status) + " (declared: " + joinStatuses(op.Statuses) + ")"}
	}
	if f.Times <= 0 {
		f.Times = 1
	}
	e.faults.mu.Lock()
	defer e.faults.mu.Unlock()
	e.faults.m[opID] = append(e.faults.m[opID], &f)
	return nil
}

func joinStatuses(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}

func (f *faults) take(opID string) *Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := f.m[opID]
	if len(q) == 0 {
		return nil
	}
	cur := *q[0]
	q[0].Times--
	if q[0].Times <= 0 {
		f.m[opID] = q[1:]
	}
	return &cur
}

func (f *faults) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.m = map[string][]*Fault{}
}

func (e *Engine) faultResponse(c *Call, f *Fault) *Response {
	h := http.Header{}
	if f.RetryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(f.RetryAfter))
	}
	if f.Status == http.StatusTooManyRequests {
		wait := f.RetryAfter
		if wait <= 0 {
			wait = 1
			h.Set("Retry-After", "1")
		}
		resp := e.errorResponse(c.Op, &problem.Error{Kind: problem.KindThrottled, Vars: throttleVars(wait)})
		for k, v := range h {
			resp.Header[k] = v
		}
		return resp
	}
	resp, err := e.generatedWithHeader(c, strconv.Itoa(f.Status), h)
	if err != nil || resp == nil {
		return e.errorResponse(c.Op, &problem.Error{Kind: problem.KindInternal, Status: f.Status})
	}
	return resp
}

// TakeFault applies the next scheduled fault of op to a request answered
// by someone else (the validating proxy): it sets ex.Delay and, for a
// fault with a status, returns the answer to give instead of forwarding
// (nil: forward as usual).
func (e *Engine) TakeFault(r *http.Request, op *spec.Operation, params map[string]string, ex *Exchange) *Response {
	f := e.faults.take(op.ID)
	if f == nil {
		return nil
	}
	ex.Delay = f.Delay
	if f.Status == 0 {
		return nil
	}
	return e.faultResponse(&Call{e: e, HTTP: r, Op: op, PathParams: params, ex: ex}, f)
}

// AdoptFaults takes over the faults still scheduled on an older engine (a
// hot reload) for operations this engine's document still has, with a
// status it still declares. It returns the operation ids kept and
// dropped, sorted.
func (e *Engine) AdoptFaults(old *Engine) (kept, dropped []string) {
	old.faults.mu.Lock()
	queues := make(map[string][]*Fault, len(old.faults.m))
	for id, q := range old.faults.m {
		for _, f := range q {
			cp := *f
			queues[id] = append(queues[id], &cp)
		}
	}
	old.faults.mu.Unlock()
	keep, drop := map[string]bool{}, map[string]bool{}
	e.faults.mu.Lock()
	defer e.faults.mu.Unlock()
	for id, q := range queues {
		op, ok := e.doc.Operation(id)
		if !ok {
			drop[id] = true
			continue
		}
		for _, f := range q {
			if f.Status != 0 && !op.Declares(f.Status) {
				drop[id] = true
				continue
			}
			e.faults.m[id] = append(e.faults.m[id], f)
			keep[id] = true
		}
	}
	return sortedKeys(keep), sortedKeys(drop)
}
