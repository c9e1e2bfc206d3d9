package engine

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// ParsePrefs parses the query only when it may hold a "__" key
// (mayHoldPrefs): preferences sent with escaped underscores are still
// read, and a query it skips holds no such key.
func TestPrefsFromEscapedQuery(t *testing.T) {
	for _, q := range []string{"__code=404", "%5F%5Fcode=404", "_%5fcode=404", "%5f_code=404", "limit=1&__code=404&offset=2"} {
		p, r, err := ParsePrefs(httptest.NewRequest("GET", "/x?"+q, nil))
		if err != nil || p.Code != "404" {
			t.Errorf("?%s: code %q, err %v", q, p.Code, err)
		}
		if strings.Contains(strings.ToLower(r.URL.RawQuery), "code") {
			t.Errorf("?%s: not stripped: %s", q, r.URL.RawQuery)
		}
	}
	for _, q := range []string{"", "limit=10&offset=0", "a_b=1", "_code=1", "x=__", "x=%5F", "%255F%255Fcode=1", "q=%41_%42", "_+_code=1"} {
		vals, _ := url.ParseQuery(q)
		held := false
		for k := range vals {
			held = held || strings.HasPrefix(k, "__")
		}
		if held && !mayHoldPrefs(q) {
			t.Errorf("?%s holds a __ key, mayHoldPrefs says no", q)
		}
		if !held {
			in := httptest.NewRequest("GET", "/x?"+q, nil)
			if p, r, err := ParsePrefs(in); err != nil || r != in || p.Code != "" {
				t.Errorf("?%s: %+v %v, request changed: %v", q, p, err, r != in)
			}
		}
	}
}
