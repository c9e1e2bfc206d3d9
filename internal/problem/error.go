package problem

import (
	"errors"
	"strings"
)

// Kind names a class of error whose status and wording a contract can
// override with x-mock-errors.kinds.
type Kind string

// The error kinds the engine raises.
const (
	KindNotFound             Kind = "not_found"
	KindEndpointNotFound     Kind = "endpoint_not_found"
	KindMethodNotAllowed     Kind = "method_not_allowed"
	KindParseError           Kind = "parse_error"
	KindUnsupportedMediaType Kind = "unsupported_media_type"
	KindNotAcceptable        Kind = "not_acceptable"
	KindNotAuthenticated     Kind = "not_authenticated"
	KindAuthenticationFailed Kind = "authentication_failed"
	KindPermissionDenied     Kind = "permission_denied"
	KindScopeForbidden       Kind = "scope_forbidden"
	KindCredentialRefused    Kind = "credential_refused"
	KindValidation           Kind = "validation"
	KindThrottled            Kind = "throttled"
	KindPayloadTooLarge      Kind = "payload_too_large"
	KindUpstream             Kind = "upstream"
	KindUpstreamTimeout      Kind = "upstream_timeout"
	KindInternal             Kind = "internal"
	// KindInsufficientStorage: the mock holds as many objects as it may
	// (--max-objects).
	KindInsufficientStorage Kind = "insufficient_storage"
)

// Error is an error answered to the client. Empty fields are filled from the
// contract's x-mock-errors for Kind, then from the engine's defaults.
type Error struct {
	Kind   Kind
	Status int
	Type   string
	Code   string
	Detail string
	// Attr is the offending field, nested keys joined with "__"; empty for
	// non-field errors.
	Attr string
	// Vars fill {placeholders} in a templated detail.
	Vars map[string]string
	// Violations are every contract violation found; the body reports the
	// first (as PostHog does) or all (problem+json).
	Violations []Violation
	// Headers are added to the response (Allow, Retry-After, ...).
	Headers map[string]string
	// Raw, when set, is sent as the JSON body instead of the rendered
	// error (for APIs that answer some errors outside their envelope).
	Raw any
	// Empty sends no body at all (PostHog's 405 on DELETE).
	Empty bool
}

var _ error = (*Error)(nil)

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(strings.ReplaceAll(string(e.Kind), "_", " "))
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	if e.Attr != "" {
		b.WriteString(" (")
		b.WriteString(e.Attr)
		b.WriteString(")")
	}
	for i, v := range e.Violations {
		if i == 3 {
			b.WriteString("; …")
			break
		}
		if i == 0 && e.Detail == "" {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(v.String())
	}
	return b.String()
}

// New returns an error of the kind with a detail.
func New(kind Kind, detail string) *Error { return &Error{Kind: kind, Detail: detail} }

// Field returns a validation error on one field.
func Field(attr, code, detail string) *Error {
	return &Error{Kind: KindValidation, Attr: attr, Code: code, Detail: detail,
		Violations: []Violation{{In: "body", Field: attr, Code: code, Message: detail}}}
}

// As reports whether err is (or wraps) an *Error.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
