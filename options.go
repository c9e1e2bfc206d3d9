package mockserver

import (
	"log/slog"
	"time"

	"github.com/mockserver-go/mockserver/plugin"
)

// Options configure a Server. The zero value serves the embedded contract
// at the root with seed 0, seeded state, validation and the admin
// endpoints on.
type Options struct {
	// Spec is an OpenAPI 3.0 or 3.1 document (YAML or JSON), served at
	// the root. Nil, with no SpecFile: the embedded PostHog contract (see
	// Contract). Empty but not nil ([]byte{}), or only whitespace: an
	// error, as an empty file would be, rather than the embedded contract
	// in its place.
	Spec []byte
	// SpecFile is read when Spec is empty. An empty or blank file is an
	// error naming it.
	SpecFile string
	// Documents, when set, are served instead of Spec and SpecFile: each
	// under its own path prefix (/name/..., after BasePath), with its own
	// state, as several Prism instances would be. Every other option
	// applies to each document; the journal, the admin endpoints
	// (/__mock/) and the state file are shared, and the report, the
	// resource names and the operation ids of the Server are those of
	// the documents qualified by name ("name:pets"). A path outside every
	// document answers 404; GET on the root lists the documents.
	Documents []Document
	// Overlays are OpenAPI Overlay 1.0 documents (YAML or JSON) applied,
	// in order, to the served document when it loads (the embedded
	// contract, Spec, SpecFile or each of Documents): the way to correct
	// a document you do not own. OverlayFiles are read and applied after
	// them. A target that selects nothing is a warning (Server.Warnings);
	// a malformed overlay is an error naming it and the action.
	Overlays     [][]byte
	OverlayFiles []string
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
	// ScopeValues, when set, are the only values that exist of the path
	// parameters named by its keys (the parameters that partition the
	// state, such as project_id; see ScopeParams): a request for another
	// value answers as the parameter's x-mock-on-invalid says, after
	// authentication, else 404. A key no document has as a path
	// parameter is an error. Empty: every value exists.
	ScopeValues map[string][]string
	// Tokens, when set, are the only accepted credentials, each with its
	// scopes and the scope parameter values it may reach.
	Tokens map[string]Token
	// BasePath is a prefix before every contract path (e.g. "/mock"), and
	// before the documents' prefixes.
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
	// StoreURL, when set, keeps the state in Redis or Valkey instead of
	// this process's memory, so that several replicas of the mock share
	// it: redis://[user:password@]host:port/db, rediss:// (TLS) or
	// unix:///path/to/socket. New fails when the server does not answer.
	// The journal, report and coverage stay per process.
	StoreURL string
	// StorePrefix starts the keys of the state in the StoreURL server, so
	// that several mocks share one. Empty: "mockserver:", the contract's
	// title and version (and the document's name with several documents).
	StorePrefix string
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
	// DisableCORS turns off CORS headers and preflight answers. CORS never
	// applies to the /__mock/ endpoints, which refuse other sites' pages.
	DisableCORS bool
	// CORSCredentials adds Access-Control-Allow-Credentials: true, so that
	// pages of any origin may send the user's cookies (off by default).
	CORSCredentials bool
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
	// Behaviours answer the operations a document marks with
	// x-mock-behaviour: name, and Hooks adapt the resources it marks with
	// x-mock-resource: {hooks: name} (see the plugin package and
	// docs/extensions.md). They come in addition to the built-in ones
	// (PostHog's, named "posthog.*"); a name a built-in one already has
	// is an error naming it, so that a server never changes what a
	// document means without saying so. Each server uses them as given:
	// share nothing mutable between servers through them.
	Behaviours map[string]plugin.Behaviour
	Hooks      map[string]*plugin.Hooks

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
}

// Document is one of several documents a Server mounts (Options.Documents).
type Document struct {
	// Name is the path segment the document is served under (/Name/...):
	// letters, digits, '.', '_' or '-'.
	Name string
	// Spec is the document (YAML or JSON); SpecFile is read when it is
	// empty. One of them is required.
	Spec     []byte
	SpecFile string
	// FixturesDir, when set, holds this document's fixture files, in
	// place of Options.FixturesDir.
	FixturesDir string
	// Overlays and OverlayFiles are applied to this document only, after
	// Options.Overlays and Options.OverlayFiles.
	Overlays     [][]byte
	OverlayFiles []string
}

// Token is a credential accepted when Options.Tokens is set.
type Token struct {
	// Scopes granted, e.g. "hog_function:write", "insight:read" or "*".
	Scopes []string
	// ScopeValues limits, by path parameter (e.g. project_id), the values
	// the token may use: another answers 403. Parameters it does not name
	// are not limited.
	ScopeValues map[string][]string
}
