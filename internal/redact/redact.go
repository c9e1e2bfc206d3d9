// Package redact hides credentials wherever the mock writes what it saw:
// the request journal, logs, reports, recorded fixtures and error details.
// One Redactor per document serves them all, so a secret hidden in one
// place is hidden in every other.
//
// What is secret is data: common credential headers and names for every
// document, plus what the document declares (spec.Secrets: x-mock-secrets
// and its security schemes' credential places). Nothing here knows any
// particular API.
package redact

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/mockserver-go/mockserver/internal/spec"
)

// Mask replaces a hidden value.
const Mask = "[redacted]"

// DefaultHeaders are request headers hidden for every document.
var DefaultHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Auth-Token",
	"X-Api-Key", "Api-Key", "X-Access-Token", "X-Admin-Token", "X-Mock-Admin-Token", "X-Csrf-Token", "X-Xsrf-Token",
	"X-Amz-Security-Token"}

// Names that mark a credential wherever they appear in a field's name
// (api_key, client_secret, refresh_token, ...), for every document.
var secretWords = []string{"api_key", "apikey", "access_token", "password", "secret", "token", "authorization"}

var (
	// pairWords are the credential names whose value is hidden in free
	// text written as key=value or "key": "value".
	pairWords = `api_key|access_token|password|secret|token`
	bearer    = regexp.MustCompile(`(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+`)
)

// Redactor hides the secrets of one document. It is immutable and safe for
// concurrent use.
type Redactor struct {
	headers  map[string]bool // canonical (http.CanonicalHeaderKey)
	fields   map[string]bool // lower case: hidden whatever the value's shape
	flagged  []spec.FlaggedSecret
	patterns []*regexp.Regexp
	pair     *regexp.Regexp
	// shaped finds a declared field followed by an array or object in
	// text (a body that is not valid JSON); nil without declared fields.
	shaped *regexp.Regexp
	token  *regexp.Regexp // the declared prefixes; nil without any
	// hints are literals (lower case) one of which any text with a secret
	// holds; always is set when a declared pattern has no such literal.
	hints  []string
	always bool
	// memo keeps Text's answers for short texts: the violation messages
	// of a request's journal entry and log line repeat from request to
	// request, and the expressions cost a quarter of a refused request's
	// CPU. Bounded: past memoMax texts, new ones are worked out each time.
	memo  sync.Map // string -> string
	memoN atomic.Int64
}

// The bounds of Text's memo: texts up to memoMaxLen bytes, memoMax of them.
const (
	memoMaxLen = 512
	memoMax    = 4096
)

// New builds the Redactor of a document's secrets; the zero Secrets gives
// the rules every document gets.
func New(s spec.Secrets) *Redactor {
	r := &Redactor{headers: map[string]bool{}, fields: map[string]bool{}, flagged: s.Flagged, patterns: s.Patterns,
		always: len(s.Patterns) > 0}
	for _, h := range DefaultHeaders {
		r.headers[http.CanonicalHeaderKey(h)] = true
	}
	for _, h := range s.Headers {
		r.headers[http.CanonicalHeaderKey(h)] = true
	}
	r.hints = append(r.hints, "key", "token", "password", "secret", "bearer", "authorization")
	words := pairWords
	names := make([]string, 0, len(s.Fields))
	for _, f := range s.Fields {
		r.fields[strings.ToLower(f)] = true
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		words += "|" + regexp.QuoteMeta(f)
		r.hints = append(r.hints, strings.ToLower(f))
	}
	if len(names) > 0 {
		alts := make([]string, len(names))
		for i, f := range names {
			alts[i] = regexp.QuoteMeta(f)
		}
		r.shaped = regexp.MustCompile(`(?i)"?(?:` + strings.Join(alts, "|") + `)"?\s*[:=]\s*[\[{]`)
	}
	r.pair = regexp.MustCompile(`(?i)("?(?:` + words + `)(?:\[[^\]=&"]*\])?"?\s*[:=]\s*"?)([^"&,}\s]+)`)
	if len(s.Prefixes) > 0 {
		alts := make([]string, len(s.Prefixes))
		for i, p := range s.Prefixes {
			alts[i] = regexp.QuoteMeta(p)
			r.hints = append(r.hints, strings.ToLower(p))
		}
		r.token = regexp.MustCompile(`(?:` + strings.Join(alts, "|") + `)[A-Za-z0-9_-]{8,}`)
	}
	for _, f := range s.Flagged {
		r.hints = append(r.hints, strings.ToLower(f.Values))
	}
	return r
}

// mayHold is a cheap filter: text without any hint has nothing to hide.
// It runs on every request's headers and query, so it does not allocate.
func (r *Redactor) mayHold(s string) bool {
	if r.always {
		return true
	}
	for _, h := range r.hints {
		if containsFold(s, h) {
			return true
		}
	}
	return false
}

// containsFold reports whether s contains sub (lower case) in any ASCII
// case.
func containsFold(s, sub string) bool {
	n := len(sub)
	if n == 0 {
		return true
	}
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for ; j < n; j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				break
			}
		}
		if j == n {
			return true
		}
	}
	return false
}

// Text hides credentials in free text, query strings and bodies: the values
// of key=value or "key": "value" pairs of credential names, tokens with a
// declared prefix or matching a declared pattern, and bearer tokens.
func (r *Redactor) Text(s string) string {
	if s == "" || !r.mayHold(s) {
		return s
	}
	if len(s) > memoMaxLen {
		return r.text(s)
	}
	if v, ok := r.memo.Load(s); ok {
		return v.(string)
	}
	out := r.text(s)
	if r.memoN.Add(1) <= memoMax {
		r.memo.Store(s, out)
	}
	return out
}

// text is Text without the memo.
func (r *Redactor) text(s string) string {
	s = r.maskShaped(s)
	s = r.pair.ReplaceAllString(s, "${1}"+Mask)
	return r.tokens(s)
}

// maskShaped hides the array or object that follows a declared field in
// text, up to its closing bracket or the end of the text (a body cut
// short), as a JSON body's field would be hidden whatever its shape.
func (r *Redactor) maskShaped(s string) string {
	if r.shaped == nil {
		return s
	}
	var b strings.Builder
	for {
		loc := r.shaped.FindStringIndex(s)
		if loc == nil {
			b.WriteString(s)
			return b.String()
		}
		start := loc[1] - 1 // the opening bracket
		end := closing(s, start)
		b.WriteString(s[:start])
		b.WriteString(Mask)
		s = s[end:]
	}
}

// closing returns the index just past the bracket that closes the one at
// open (brackets inside strings are skipped), or len(s).
func closing(s string, open int) int {
	depth, inString := 0, false
	for i := open; i < len(s); i++ {
		switch c := s[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(s)
}

// tokens hides credential-shaped tokens (prefixes, patterns, bearer) in a
// string that is a value rather than text with key=value pairs.
func (r *Redactor) tokens(s string) string {
	if r.token != nil {
		s = r.token.ReplaceAllString(s, Mask)
	}
	for _, p := range r.patterns {
		s = p.ReplaceAllString(s, Mask)
	}
	if strings.Contains(strings.ToLower(s), "bearer") {
		s = bearer.ReplaceAllString(s, "${1} "+Mask)
	}
	return s
}

// IsSecretName reports whether a field (nested keys joined by "__") names
// a credential: a common credential name, or a field the document declares.
func (r *Redactor) IsSecretName(field string) bool {
	for _, seg := range strings.Split(field, "__") {
		if r.fields[strings.ToLower(strings.TrimSuffix(seg, "[]"))] {
			return true
		}
	}
	if i := strings.LastIndex(field, "__"); i >= 0 {
		field = field[i+2:]
	}
	return isCommonSecretName(field)
}

func isCommonSecretName(name string) bool {
	f := strings.ToLower(name)
	for _, s := range secretWords {
		if strings.Contains(f, s) {
			return true
		}
	}
	return false
}

// IsField reports whether the document declares name (a body property or
// query parameter) a secret whatever the shape of its value.
func (r *Redactor) IsField(name string) bool { return r.fields[strings.ToLower(name)] }

// Value hides the value of a secret field, and credential-shaped text in
// any other.
func (r *Redactor) Value(field, s string) string {
	if s == "" {
		return s
	}
	if r.IsSecretName(field) {
		return Mask
	}
	return r.Text(s)
}

// Headers copies request headers (values joined) with credentials hidden:
// the scheme word of Authorization and Proxy-Authorization is kept.
func (r *Redactor) Headers(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		val := strings.Join(v, ", ")
		ck := k
		if !r.headers[ck] {
			ck = http.CanonicalHeaderKey(k) // a header map not built by net/http
		}
		switch {
		case ck == "Authorization" || ck == "Proxy-Authorization":
			if word, _, ok := strings.Cut(val, " "); ok {
				val = word + " " + Mask
			} else {
				val = Mask
			}
		case r.headers[ck]:
			val = Mask
		default:
			val = r.Text(val)
		}
		out[k] = val
	}
	return out
}

// Query hides the values of credential parameters in a raw query string
// (name=value, name[]=value, repeated or not) and credential-shaped text in
// the others, keeping the rest as sent. Hidden holds the values it hid (as
// sent and unescaped), for the answer's links that repeat the query.
func (r *Redactor) Query(raw string) (string, Hidden) {
	var h Hidden
	if raw == "" || !r.mayHold(raw) {
		return raw, h
	}
	parts := strings.Split(raw, "&")
	for i, p := range parts {
		name, val, ok := strings.Cut(p, "=")
		if !ok {
			continue
		}
		if base, _, _ := strings.Cut(unescape(name), "["); r.IsSecretName(base) {
			h.add(base, val)
			if u := unescape(val); u != val {
				h.add(base, u)
			}
			parts[i] = name + "=" + Mask
			continue
		}
		parts[i] = r.tokens(p)
	}
	return strings.Join(parts, "&"), h
}

// unescape is url.QueryUnescape that keeps the text when it is malformed.
func unescape(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+':
			b.WriteByte(' ')
		case c == '%' && i+2 < len(s) && ishex(s[i+1]) && ishex(s[i+2]):
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func ishex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
