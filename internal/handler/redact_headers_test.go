package handler

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// Credentials are hidden whatever the case of the header's name, other
// headers are kept as sent (values joined), and a large body is clipped
// with a mark.
func TestRedactHeadersAnyCase(t *testing.T) {
	h := http.Header{"Authorization": {"Bearer abc"}, "proxy-AUTHORIZATION": {"secret"}, "Cookie": {"a=1", "b=2"},
		"X-Api-Key": {"k"}, "x-admin-token": {"t"}, "Set-Cookie": {"sid=1"}, "Accept": {"a/b", "c/d"}}
	want := map[string]string{"Authorization": "Bearer [redacted]", "proxy-AUTHORIZATION": "[redacted]", "Cookie": "[redacted]",
		"X-Api-Key": "[redacted]", "x-admin-token": "[redacted]", "Set-Cookie": "[redacted]", "Accept": "a/b, c/d"}
	if got := redactHeaders(h); !reflect.DeepEqual(got, want) {
		t.Fatalf("redactHeaders = %v, want %v", got, want)
	}
	big := []byte(strings.Repeat("x", maxJournalBody+5))
	if got := clip(big); got != string(big[:maxJournalBody])+"…" {
		t.Fatalf("clip: %d bytes, suffix %q", len(got), got[len(got)-8:])
	}
}
