package access

import (
	"net/http"
	"time"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// Config says what Access accepts beyond the document.
type Config struct {
	// Tokens, when non-empty, are the only valid credentials.
	Tokens map[string]Token
	// Known, when set, lists the values of scope parameters that exist;
	// another value is answered like an invalid one (x-mock-on-invalid).
	Known map[string][]string
	// RateLimit throttles requests per credential at the rates the
	// document declares (x-mock-rate-limit).
	RateLimit bool
	// Now is the clock the rates count with (time.Now when nil).
	Now func() time.Time
}

// Access checks requests against one document. It is safe for concurrent
// use; its only state is the request history of the rate limits.
type Access struct {
	doc     *spec.Doc
	cfg     Config
	now     func() time.Time
	limiter *rateLimiter
	// sources are the security schemes' x-mock-credential-sources, by
	// scheme name, read once: a request without credentials looks in
	// every one of them.
	sources map[string][]credentialSource
}

// New reads the document's security schemes and rates. It fails when an
// x-mock-rate-limit value is malformed, naming where it is.
func New(doc *spec.Doc, cfg Config) (*Access, error) {
	lim, err := newRateLimiter(doc)
	if err != nil {
		return nil, err
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	return &Access{doc: doc, cfg: cfg, now: now, limiter: lim, sources: credentialSources(doc)}, nil
}

// Check runs the checks in the order real APIs do: the credential, then
// whether the scope values in the path exist (a client without a valid
// credential learns nothing of which exist), then the rate. It returns the
// credential the request authenticated with (nil for an anonymous one),
// also when a later check refuses the request, and the refusal, if any;
// the violations of a refusal are the ones to record.
func (a *Access) Check(r *http.Request, body []byte, op *spec.Operation, params map[string]string) (*Credential, *problem.Error) {
	cred, perr := a.authenticate(r, body, op, params)
	if perr != nil {
		return nil, perr
	}
	if perr := a.unknownScope(op, params); perr != nil {
		return cred, perr
	}
	return cred, a.throttle(op, cred)
}

// Reset forgets the request history of the rate limits.
func (a *Access) Reset() { a.limiter.reset() }
