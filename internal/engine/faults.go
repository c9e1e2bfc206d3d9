package engine

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/mockserver-go/mockserver/internal/access"
	"github.com/mockserver-go/mockserver/internal/exchange"
	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/resource"
	"github.com/mockserver-go/mockserver/internal/spec"
)

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
	if f.Status != 0 && !op.Declares(f.Status) && !f.Undeclared {
		return &problem.Error{Kind: problem.KindValidation, Detail: "operation " + opID + " does not declare status " + strconv.Itoa(f.Status) +
			" (declared: " + joinStatuses(op.Statuses) + "); set undeclared to answer it anyway"}
	}
	if f.Status != 0 && (f.Status < 100 || f.Status > 599) {
		return problem.Field("status", "invalid", "status must be an HTTP status (100-599)")
	}
	if f.Network != "" && !slices.Contains(exchange.NetworkFaults(), f.Network) {
		return problem.Field("network", "invalid", "network must be one of "+strings.Join(exchange.NetworkFaults(), ", ")+", not "+strconv.Quote(f.Network))
	}
	if exchange.AnswersNothing(f.Network) && f.Status != 0 {
		return problem.Field("status", "invalid", "a "+f.Network+" fault sends no status: leave status out")
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

// applyFault sets what a fault does to the exchange and returns the
// answer it gives instead of the operation's (nil: answer as usual).
func (e *Engine) applyFault(c *Call, f *Fault) *Response {
	c.ex.Delay, c.ex.Network = f.Delay, f.Network
	switch {
	case exchange.AnswersNothing(f.Network):
		// The handler breaks the connection: nothing of this is sent.
		return &Response{Header: http.Header{}, SelfChecked: true}
	case f.Status != 0:
		resp := e.faultResponse(c, f)
		if !c.Op.Declares(f.Status) {
			// Asked for (Undeclared): not the mock's own drift. The
			// report lists the status under the operation's undeclared
			// statuses, a gap of the contract.
			resp.SelfChecked = true
		}
		return resp
	}
	return nil
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
		resp := e.errorResponse(c.Op, access.Throttled(wait))
		for k, v := range h {
			resp.Header[k] = v
		}
		return resp
	}
	var resp *Response
	var err error
	if c.Op.Declares(f.Status) {
		resp, err = e.generatedWithHeader(c, strconv.Itoa(f.Status), h)
	}
	if err != nil || resp == nil {
		// Undeclared (asked for), or no answer can be made: the
		// contract's error format.
		resp = e.errorResponse(c.Op, &problem.Error{Kind: problem.KindInternal, Status: f.Status, Detail: http.StatusText(f.Status)})
		for k, v := range h {
			resp.Header[k] = v
		}
	}
	return resp
}

// TakeFault applies the next scheduled fault of op to a request answered
// by someone else (the validating proxy): it sets ex.Delay and
// ex.Network and, for a fault with a status or one that answers nothing,
// returns the answer to give instead of forwarding (nil: forward as
// usual).
func (e *Engine) TakeFault(r *http.Request, op *spec.Operation, params map[string]string, ex *Exchange) *Response {
	f := e.faults.take(op.ID)
	if f == nil {
		return nil
	}
	c := &Call{Call: resource.Call{HTTP: r, Op: op, PathParams: params}, e: e, ex: ex}
	c.Plugin = c.plugin()
	return e.applyFault(c, f)
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
			if f.Status != 0 && !op.Declares(f.Status) && !f.Undeclared {
				drop[id] = true
				continue
			}
			e.faults.m[id] = append(e.faults.m[id], f)
			keep[id] = true
		}
	}
	return slices.Sorted(maps.Keys(keep)), slices.Sorted(maps.Keys(drop))
}
