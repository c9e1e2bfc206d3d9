// Package redact hides credentials wherever the mock writes what it saw:
// the request journal, logs, reports, recorded fixtures and error details.
// One set of rules serves them all, so a secret hidden in one place is
// hidden in every other.
package redact

import (
	"regexp"
	"strings"
)

// Mask replaces a hidden value.
const Mask = "[redacted]"

var (
	secretPair  = regexp.MustCompile(`(?i)("?(?:personal_api_key|api_key|access_token|password|secret|token)"?\s*[:=]\s*"?)([^"&,}\s]+)`)
	secretToken = regexp.MustCompile(`\b(?:phx|phc|phs)_[A-Za-z0-9]{8,}\b`)
	bearer      = regexp.MustCompile(`(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+`)
)

// hints are literals every match above contains (in lower case): text with
// none of them has nothing to hide, and checking that is much cheaper than
// running the expressions.
var hints = []string{"key", "token", "password", "secret", "bearer", "phx_", "phc_", "phs_"}

// Text hides credentials in free text, query strings and bodies: the values
// of key=value or "key": "value" pairs of credential names, PostHog keys
// (phx_…) and bearer tokens.
func Text(s string) string {
	if !mayHold(s) {
		return s
	}
	s = secretPair.ReplaceAllString(s, "${1}"+Mask)
	s = secretToken.ReplaceAllString(s, Mask)
	return bearer.ReplaceAllString(s, "${1} "+Mask)
}

func mayHold(s string) bool {
	l := strings.ToLower(s)
	for _, h := range hints {
		if strings.Contains(l, h) {
			return true
		}
	}
	return false
}

// IsSecretName reports whether a field (nested keys joined by "__") names
// a credential.
func IsSecretName(field string) bool {
	if i := strings.LastIndex(field, "__"); i >= 0 {
		field = field[i+2:]
	}
	f := strings.ToLower(field)
	for _, s := range [...]string{"personal_api_key", "api_key", "apikey", "access_token", "password", "secret", "token", "authorization"} {
		if strings.Contains(f, s) {
			return true
		}
	}
	return false
}

// Value hides the value of a secret field, and credential-shaped text in
// any other.
func Value(field, s string) string {
	if s == "" {
		return s
	}
	if IsSecretName(field) {
		return Mask
	}
	return Text(s)
}
