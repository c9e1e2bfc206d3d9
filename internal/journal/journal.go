package journal

import (
	"net/http"
	"sync"
	"time"

	"github.com/mockserver-go/mockserver/internal/problem"
)

// Entry is one request and its answer.
type Entry struct {
	ID          uint64    `json:"id"`
	Time        time.Time `json:"time"`
	Method      string    `json:"method"`
	Path        string    `json:"path"`
	Query       string    `json:"query,omitempty"`
	OperationID string    `json:"operation_id,omitempty"`
	// Mount is the document's mount name when several documents share
	// the journal (Options.Documents); counters and violation groups are kept per
	// mount ("name:operation_id").
	Mount      string            `json:"mount,omitempty"`
	Template   string            `json:"template,omitempty"`
	PathParams map[string]string `json:"path_params,omitempty"`
	ReqHeaders map[string]string `json:"request_headers,omitempty"`
	ReqBody    string            `json:"request_body,omitempty"`
	// Status is 0 when a network fault broke the connection before any
	// answer (Fault says which).
	Status int `json:"status"`
	// Fault is the network fault the answer was broken with, if any.
	Fault    string `json:"fault,omitempty"`
	RespBody string `json:"response_body,omitempty"`
	RespType string `json:"response_type,omitempty"`
	// RespHeaders are the answer's headers (see SetResponseHeader).
	RespHeaders map[string]string   `json:"response_headers,omitempty"`
	Duration    time.Duration       `json:"duration_ns"`
	Violations  []problem.Violation `json:"violations,omitempty"`
	// ViolationsOmitted counts the request's violations beyond the first
	// MaxEntryViolations, which the entry does not keep (the counters and
	// the violation report still count them).
	ViolationsOmitted int `json:"violations_omitted,omitempty"`
	// Params are the documented parameters the request sent ("query:limit").
	Params []string `json:"params,omitempty"`

	lazy *lazyBodies // set by SetBodies and SetResponseHeader: what is still to make
	// held is what SetBodies and SetResponseHeader said they hold, in bytes.
	held int
}

// SetBodies defers ReqBody and RespBody: bodies makes them (typically by
// redacting credentials) when the entry is first read through Entries or
// Get, once, so that requests nobody reads cost no redaction. held is how
// many bytes the bodies keep until then, counted against the journal's
// byte budget.
func (e *Entry) SetBodies(bodies func() (req, resp string), held int) {
	if e.lazy == nil {
		e.lazy = &lazyBodies{}
	}
	e.lazy.make = bodies
	e.held += held
}

// HeaderRedactor copies headers (values joined) with credentials hidden.
type HeaderRedactor interface {
	Headers(http.Header) map[string]string
}

// SetResponseHeader defers RespHeaders: r makes them from h when the
// entry is first read, as SetBodies does for the bodies. h must not change
// afterwards.
func (e *Entry) SetResponseHeader(h http.Header, r HeaderRedactor) {
	if e.lazy == nil {
		e.lazy = &lazyBodies{}
	}
	e.lazy.header, e.lazy.redactor = h, r
	for k, v := range h {
		e.held += len(k) + 16
		for _, x := range v {
			e.held += len(x)
		}
	}
}

// lazyBodies are an entry's bodies and response headers, made on first
// read. Entries are copied by value; the pointer makes every copy share
// one result.
type lazyBodies struct {
	once      sync.Once
	make      func() (string, string)
	req, resp string
	made      bool
	header    http.Header
	redactor  HeaderRedactor
	headers   map[string]string
}

// resolved returns e with ReqBody, RespBody and RespHeaders made.
func (e Entry) resolved() Entry {
	if b := e.lazy; b != nil {
		b.once.Do(func() {
			if b.make != nil {
				b.req, b.resp = b.make()
				b.made = true
			}
			if b.redactor != nil {
				b.headers = b.redactor.Headers(b.header)
			}
			b.make, b.header, b.redactor = nil, nil, nil // drop what they hold
		})
		if b.made {
			e.ReqBody, e.RespBody = b.req, b.resp
		}
		if b.headers != nil {
			e.RespHeaders = b.headers
		}
		e.lazy = nil
	}
	return e
}

// Journal is a bounded, concurrency-safe request log with counters: it
// keeps the newest entries within both a count and a byte budget.
type Journal struct {
	mu       sync.RWMutex
	limit    int
	maxBytes int
	entries  []Entry // ring of n entries from start
	start    int
	n        int
	bytes    int // sum of the kept entries' sizes
	nextID   uint64
	cov      Coverage
	// viol groups violations per operation, unbounded by limit.
	viol      map[string]*opViolations
	maxGroups int
	// statuses holds the counters' keys per status (statusKey).
	statuses map[int]string
}

// Coverage counts what was exercised since the last reset; it is not
// bounded by the entry limit.
type Coverage struct {
	Calls      map[string]int            `json:"calls"`        // operation id -> requests
	Statuses   map[string]map[string]int `json:"statuses"`     // operation id -> status -> count
	Params     map[string]map[string]int `json:"params"`       // operation id -> "in:name" -> count
	Violations int                       `json:"violations"`   // total violations recorded
	Undoc      int                       `json:"undocumented"` // requests to undocumented paths or methods
	Total      int                       `json:"requests"`
}

// DefaultLimit is the number of entries kept when New gets 0.
const DefaultLimit = 1000

// DefaultMaxBytes is the byte budget of a journal's kept entries: past it
// the oldest entries are dropped, however few are kept.
const DefaultMaxBytes = 64 << 20

// MaxEntryViolations is how many of one request's violations its entry
// keeps (see Entry.ViolationsOmitted).
const MaxEntryViolations = 100

// New returns a journal keeping the newest limit entries within
// DefaultMaxBytes.
func New(limit int) *Journal { return NewBounded(limit, DefaultMaxBytes) }

// NewBounded returns a journal keeping the newest limit entries (0:
// DefaultLimit) whose sizes add up to at most maxBytes (0:
// DefaultMaxBytes); the newest entry is always kept.
func NewBounded(limit, maxBytes int) *Journal {
	if limit <= 0 {
		limit = DefaultLimit
	}
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	j := &Journal{limit: limit, maxBytes: maxBytes, maxGroups: MaxViolationGroups, statuses: map[int]string{}}
	j.resetLocked()
	return j
}

func (j *Journal) resetLocked() {
	j.entries = make([]Entry, 0, min(j.limit, 64))
	j.start, j.n, j.bytes = 0, 0, 0
	j.cov = Coverage{Calls: map[string]int{}, Statuses: map[string]map[string]int{}, Params: map[string]map[string]int{}}
	j.viol = map[string]*opViolations{}
}

// Add records an entry, assigning its id, and returns the id.
func (j *Journal) Add(e Entry) uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.nextID++
	e.ID = j.nextID
	// The counters and the report see every violation; the entry keeps
	// the first ones.
	j.addViolationsLocked(e)
	c := &j.cov
	c.Total++
	c.Violations += len(e.Violations)
	if n := len(e.Violations); n > MaxEntryViolations {
		e.Violations = e.Violations[:MaxEntryViolations:MaxEntryViolations]
		e.ViolationsOmitted = n - MaxEntryViolations
	}
	j.pushLocked(e)
	if e.OperationID == "" {
		c.Undoc++
		return e.ID
	}
	op := opKey(e)
	c.Calls[op]++
	st := c.Statuses[op]
	if st == nil {
		st = map[string]int{}
		c.Statuses[op] = st
	}
	if e.Status != 0 { // no answer: a network fault broke the connection first
		st[j.statusKey(e.Status)]++
	}
	if len(e.Params) > 0 {
		pm := c.Params[op]
		if pm == nil {
			pm = map[string]int{}
			c.Params[op] = pm
		}
		for _, p := range e.Params {
			pm[p]++
		}
	}
	return e.ID
}

// pushLocked keeps e as the newest entry, dropping the oldest ones while
// the count or the byte budget is exceeded; j.mu is held.
func (j *Journal) pushLocked(e Entry) {
	size := entrySize(e)
	for j.n > 0 && (j.n >= j.limit || j.bytes+size > j.maxBytes) {
		old := &j.entries[j.start]
		j.bytes -= entrySize(*old)
		*old = Entry{} // let go of its bodies
		j.start = (j.start + 1) % len(j.entries)
		j.n--
	}
	switch {
	case j.n < len(j.entries):
		j.entries[(j.start+j.n)%len(j.entries)] = e
	case j.start == 0:
		j.entries = append(j.entries, e)
	default: // full below the limit and wrapped: unwrap, then grow
		j.entries = append(append(j.entries[j.start:len(j.entries):len(j.entries)], j.entries[:j.start]...), e)
		j.start = 0
	}
	j.n++
	j.bytes += size
}

// entrySize estimates the bytes an entry holds: its bodies, strings and
// violations, plus a fixed overhead for the rest.
func entrySize(e Entry) int {
	n := 256 + e.held + len(e.Method) + len(e.Path) + len(e.Query) + len(e.Template) + len(e.ReqBody) + len(e.RespBody) + len(e.RespType)
	for k, v := range e.PathParams {
		n += len(k) + len(v) + 16
	}
	for k, v := range e.ReqHeaders {
		n += len(k) + len(v) + 16
	}
	for _, v := range e.Violations {
		n += 64 + len(v.In) + len(v.Field) + len(v.Code) + len(v.Expected) + len(v.Got) + len(v.Message)
	}
	for _, p := range e.Params {
		n += len(p) + 16
	}
	return n
}

// Entries returns the kept entries, oldest first.
func (j *Journal) Entries() []Entry {
	j.mu.RLock()
	defer j.mu.RUnlock()
	out := make([]Entry, 0, j.n)
	for i := 0; i < j.n; i++ {
		out = append(out, j.entries[(j.start+i)%len(j.entries)].resolved())
	}
	return out
}

// Get returns the entry with the id, if still kept.
func (j *Journal) Get(id uint64) (Entry, bool) {
	for _, e := range j.Entries() {
		if e.ID == id {
			return e, true
		}
	}
	return Entry{}, false
}

// Coverage returns a deep copy of the counters.
func (j *Journal) Coverage() Coverage {
	j.mu.RLock()
	defer j.mu.RUnlock()
	c := Coverage{Calls: map[string]int{}, Statuses: map[string]map[string]int{}, Params: map[string]map[string]int{},
		Violations: j.cov.Violations, Undoc: j.cov.Undoc, Total: j.cov.Total}
	for k, v := range j.cov.Calls {
		c.Calls[k] = v
	}
	for k, m := range j.cov.Statuses {
		c.Statuses[k] = copyMap(m)
	}
	for k, m := range j.cov.Params {
		c.Params[k] = copyMap(m)
	}
	return c
}

// Reset forgets every entry and counter.
func (j *Journal) Reset() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.resetLocked()
}

// statusKey is itoa(status), made once per status (j.mu held).
func (j *Journal) statusKey(status int) string {
	k, ok := j.statuses[status]
	if !ok {
		k = itoa(status)
		j.statuses[status] = k
	}
	return k
}

func copyMap(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
