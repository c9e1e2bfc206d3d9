package proxy

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/url"
	"syscall"
	"time"

	"github.com/mockserver-go/mockserver/internal/problem"
	"github.com/mockserver-go/mockserver/internal/redact"
)

// upstreamProblem turns a failed upstream exchange into a 502 (unreachable,
// refused, TLS, bad answer) or 504 (timeout) with a violation saying why.
func upstreamProblem(red *redact.Redactor, err error, timeout time.Duration, host string) *problem.Error {
	if isTimeout(err) {
		reason := "no answer from " + host + " within " + timeout.String()
		return &problem.Error{Kind: problem.KindUpstreamTimeout, Vars: map[string]string{"reason": reason},
			Violations: []problem.Violation{{In: "upstream", Code: "upstream_timeout", Expected: "an answer within " + timeout.String(),
				Got: "no answer", Message: "The upstream server did not answer in time: " + reason + "."}}}
	}
	reason := red.Text(upstreamReason(err, host))
	return &problem.Error{Kind: problem.KindUpstream, Vars: map[string]string{"reason": reason},
		Violations: []problem.Violation{{In: "upstream", Code: "upstream_unreachable", Expected: "an answer from " + host,
			Got: reason, Message: "The upstream server could not be reached: " + reason + "."}}}
}

func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// upstreamReason says what went wrong without the request URL (whose query
// may carry a personal_api_key).
func upstreamReason(err error, host string) string {
	var (
		ua   x509.UnknownAuthorityError
		he   x509.HostnameError
		ci   x509.CertificateInvalidError
		cv   *tls.CertificateVerificationError
		rh   tls.RecordHeaderError
		dns  *net.DNSError
		opEr *net.OpError
	)
	switch {
	case errors.As(err, &cv), errors.As(err, &ua), errors.As(err, &he), errors.As(err, &ci):
		return "TLS certificate of " + host + " not accepted: " + innermost(err)
	case errors.As(err, &rh):
		return "TLS handshake with " + host + " failed (is it serving plain HTTP?)"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection to " + host + " refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection to " + host + " reset"
	case errors.As(err, &dns):
		return "cannot resolve " + dns.Name + ": " + dns.Err
	case errors.As(err, &opEr):
		return opEr.Op + " " + host + ": " + innermost(err)
	}
	return innermost(err)
}

// innermost is the error text without url.Error's "Get <url>:" prefix.
func innermost(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return err.Error()
}
