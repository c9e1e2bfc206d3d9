package problem

import (
	"errors"
	"strings"

	"github.com/mockserver-go/mockserver/plugin"
)

// Kind, Error and Violation are defined in the public plugin package,
// because plugins return and record them; the engine's many users name
// them here.
type (
	Kind      = plugin.Kind
	Error     = plugin.Error
	Violation = plugin.Violation
)

// The error kinds the engine raises.
const (
	KindNotFound             = plugin.KindNotFound
	KindEndpointNotFound     = plugin.KindEndpointNotFound
	KindMethodNotAllowed     = plugin.KindMethodNotAllowed
	KindParseError           = plugin.KindParseError
	KindUnsupportedMediaType = plugin.KindUnsupportedMediaType
	KindNotAcceptable        = plugin.KindNotAcceptable
	KindNotAuthenticated     = plugin.KindNotAuthenticated
	KindAuthenticationFailed = plugin.KindAuthenticationFailed
	KindPermissionDenied     = plugin.KindPermissionDenied
	KindScopeForbidden       = plugin.KindScopeForbidden
	KindCredentialRefused    = plugin.KindCredentialRefused
	KindValidation           = plugin.KindValidation
	KindThrottled            = plugin.KindThrottled
	KindPayloadTooLarge      = plugin.KindPayloadTooLarge
	KindUpstream             = plugin.KindUpstream
	KindUpstreamTimeout      = plugin.KindUpstreamTimeout
	KindInternal             = plugin.KindInternal
	// KindInsufficientStorage: the mock holds as many objects as it may
	// (--max-objects); raised by the engine only.
	KindInsufficientStorage Kind = "insufficient_storage"
)

// ClipLength is the most characters of a client's input a violation, or
// an error's variable, echoes (see plugin.ClipLength).
const ClipLength = plugin.ClipLength

// Clip shortens s to ClipLength characters (see plugin.Clip).
func Clip(s string) string { return plugin.Clip(s) }

// New returns an error of the kind with a detail.
func New(kind Kind, detail string) *Error { return &Error{Kind: kind, Detail: detail} }

// Field returns a validation error on one field.
func Field(attr, code, detail string) *Error { return plugin.Invalid(attr, code, detail) }

// As reports whether err is (or wraps) an *Error.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// RootField is the top-level property a violation's Field is about
// (nested fields are joined by "__").
func RootField(f string) string {
	if i := strings.Index(f, "__"); i >= 0 {
		return f[:i]
	}
	return f
}
