package spec

import (
	"net/mail"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// registerFormats gives the document validators for common string formats:
// on the document only, since kin-openapi's own registry is package-level
// state that parallel servers must not touch.
func registerFormats(t *openapi3.T) {
	for name, v := range map[string]openapi3.StringFormatValidator{
		// Any 8-4-4-4-12 hex string: servers (Django's UUIDField among
		// them) accept every version.
		"uuid":  openapi3.NewRegexpFormatValidator(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`),
		"email": openapi3.NewCallbackValidator(validEmail),
		"ipv4":  openapi3.NewIPValidator(true),
		"ipv6":  openapi3.NewIPValidator(false),
		"uri":   openapi3.NewCallbackValidator(validURI),
	} {
		t.SetStringFormatValidator(name, v)
	}
}

func validEmail(s string) error {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return errFormat("an email address")
	}
	return nil
}

func validURI(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || strings.ContainsAny(s, " \t\n") {
		return errFormat("an absolute URI")
	}
	return nil
}

type formatError string

func (e formatError) Error() string { return "not " + string(e) }

func errFormat(what string) error { return formatError(what) }
