package report

import "regexp"

var (
	secretPair  = regexp.MustCompile(`(?i)("?(?:personal_api_key|api_key|access_token|password|secret|token)"?\s*[:=]\s*"?)([^"&,}\s]+)`)
	secretToken = regexp.MustCompile(`\b(?:phx|phc|phs)_[A-Za-z0-9]{8,}\b`)
	bearer      = regexp.MustCompile(`(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+`)
)

// RedactText hides credentials in free text: key=value or "key": "value"
// pairs of credential names, PostHog keys (phx_…) and bearer tokens.
func RedactText(s string) string {
	s = secretPair.ReplaceAllString(s, "${1}[redacted]")
	s = secretToken.ReplaceAllString(s, "[redacted]")
	return bearer.ReplaceAllString(s, "${1} [redacted]")
}
