package mockserver

import (
	"log/slog"
	"time"
)

// Options configure a Server. The zero value serves the embedded contract
// with seed 0, seeded state, validation and the admin endpoints on.
type Options struct {
	// Spec is an OpenAPI 3.0 or 3.1 document (YAML or JSON). Nil, with no
	// SpecFile: the embedded PostHog contract (see Contract). Empty but
	// not nil ([]byte{}), or only whitespace: an error, as an empty file
	// would be, rather than the embedded contract in its place.
	Spec []byte
	// SpecFile is read when Spec is empty. An empty or blank file is an
	// error naming it.
	SpecFile string
	// AllowExternalRefs lets the document's $refs reach other files or URLs.
	AllowExternalRefs bool
	// Seed makes generated data deterministic: the same seed and the same
	// request give the same body. 0 is an ordinary seed, not "random".
	Seed uint64
	// EmptyState starts every collection empty instead of with a few
	// generated objects.
	EmptyState bool
	// FixturesDir loads objects from JSON/YAML files instead of generated
	// seed data (see the README for the format).
	FixturesDir string
	// Projects, when set, are the only values of the contract's scope
	// parameter (PostHog's project_id) that exist: a request for another
	// answers as the parameter's x-mock-on-invalid says ("Project not
	// found."), after authentication. Empty: every project exists.
	Projects []string
	// Tokens, when set, are the only accepted credentials, each with its
	// scopes and the projects (scope parameter values) it may reach.
	Tokens map[string]Token
	// BasePath is a prefix before every contract path (e.g. "/mock").
	BasePath string
	// Logger receives one line per request; nil discards.
	Logger *slog.Logger
	// Latency delays every answer: a fixed duration, or a range with
	// LatencyMax (drawn deterministically from the seed).
	Latency, LatencyMax time.Duration
	// MaxBody limits request bodies in bytes (default 10 MB).
	MaxBody int64
	// MaxDepth limits how deeply a JSON request body may nest arrays and
	// objects (default 64); deeper bodies get 400 "JSON nesting exceeds N
	// levels". Negative: only encoding/json's own limit (10,000).
	MaxDepth int
	// StateFile, when set, is where the state lives across restarts: New
	// restores it when the file exists (a corrupt or foreign file is an
	// error naming it), and SaveState writes it atomically.
	StateFile string
	// JournalSize is how many requests the journal keeps (default 1000).
	JournalSize int
	// AdminToken, when set, is required (X-Mock-Admin-Token) on /__mock/.
	AdminToken string
	// DisableAdmin turns the /__mock/ endpoints off.
	DisableAdmin bool
	// DisableCORS turns off CORS headers and preflight answers.
	DisableCORS bool
	// SkipSelfCheck stops validating the mock's own responses.
	SkipSelfCheck bool
	// ResponseErrors answers 500 (problem+json listing what is wrong)
	// instead of a response of the mock that breaks the contract, like
	// Prism's --errors. It has no effect with SkipSelfCheck.
	ResponseErrors bool
	// RateLimit throttles requests per credential at the rates the
	// contract declares (x-mock-rate-limit; PostHog's 480/minute and
	// 4800/hour, 240/minute and 1200/hour on insights), answering 429 with
	// Retry-After. Off by default. The windows follow Now.
	RateLimit bool
	// Now is the clock for timestamps and rate limits (time.Now when nil).
	Now func() time.Time

	// Proxy, when set, is the base URL of the real API (e.g.
	// https://us.posthog.com): every request is forwarded there and its
	// answer returned unchanged, while both are validated against the
	// contract and drift is recorded as violations (see Report).
	Proxy string
	// ProxyTimeout bounds each upstream exchange (default 30s); past it
	// the client gets a 504 in the contract's error format.
	ProxyTimeout time.Duration
	// RecordDir, with Proxy, is where SaveRecording writes what the real
	// API returned as fixture files (loadable with FixturesDir).
	RecordDir string
	// OnStop, when set, enables POST /__mock/stop, which calls it (the
	// command uses it to stop and write its reports).
	OnStop func()

	// mount is the document's name on a Multi server (set by NewMulti):
	// its journal entries and report are kept apart from the others'.
	mount string
}

// Token is a credential accepted when Options.Tokens is set.
type Token struct {
	// Scopes granted, e.g. "hog_function:write", "insight:read" or "*".
	Scopes []string
	// Projects limits the project ids (the contract's scope parameter,
	// e.g. project_id) the token may use. Empty: any.
	Projects []string
}
