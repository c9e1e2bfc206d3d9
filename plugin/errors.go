package plugin

import "strings"

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
)

// Error is an error answered to the client: its status and wording come
// from the document's x-mock-errors for its Kind (x-mock-errors.kinds),
// then from the engine's defaults, unless set. Make one with NotFound,
// Invalid or Validation, then set Status, Detail, Raw (a body sent instead
// of the rendered error), Headers or Violations as needed.
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

// NotFound is the error of a missing object (404 unless the document
// says otherwise).
func NotFound() *Error { return &Error{Kind: KindNotFound} }

// Invalid is a validation error on one body field (400 unless the
// document says otherwise); nested fields are joined with "__".
func Invalid(field, code, detail string) *Error {
	return &Error{Kind: KindValidation, Attr: field, Code: code, Detail: detail,
		Violations: []Violation{{In: "body", Field: field, Code: code, Message: detail}}}
}

// Validation is a validation error of the request as a whole.
func Validation(detail string) *Error { return &Error{Kind: KindValidation, Detail: detail} }
