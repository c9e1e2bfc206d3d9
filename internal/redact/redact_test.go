package redact

import (
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/internal/spec"
)

// declared is a document's secrets as x-mock-secrets would declare them.
var declared = spec.Secrets{
	Prefixes: []string{"phx_"},
	Patterns: []*regexp.Regexp{regexp.MustCompile(`\bsk-[0-9a-f]{6,}\b`)},
	Headers:  []string{"X-Vendor-Key"},
	Fields:   []string{"personal_api_key", "license"},
	Flagged:  []spec.FlaggedSecret{{List: "inputs_schema", Values: "inputs", Key: "key", Flag: "secret"}},
}

func TestText(t *testing.T) {
	t.Parallel()
	r := New(declared)
	for in, want := range map[string]string{
		"personal_api_key=phx_abcdefghijk&limit=5":        "personal_api_key=[redacted]&limit=5",
		`{"personal_api_key": "phx_abcdefghijk", "a": 1}`: `{"personal_api_key": "[redacted]", "a": 1}`,
		`{"token":"abc"}`:                                 `{"token":"[redacted]"}`,
		"Authorization: Bearer phx_abcdefghijkl":          "Authorization: Bearer [redacted]",
		"key phx_abcdefghijk in text":                     "key [redacted] in text",
		"the sk-0123abcd key":                             "the [redacted] key",
		"license=L-1&x=2":                                 "license=[redacted]&x=2",
		`{"personal_api_key": ["K1", {"a": "]"}], "b": 2`: `{"personal_api_key": [redacted], "b": 2`,
		`{"license":{"k":"K2"`:                            `{"license":[redacted]`,
		"nothing to hide here":                            "nothing to hide here",
		"limit=5&offset=10":                               "limit=5&offset=10",
	} {
		if got := r.Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
	// Without declarations, no API's token shape is known.
	if got := New(spec.Secrets{}).Text("key phx_abcdefghijk"); got != "key phx_abcdefghijk" {
		t.Errorf("a document without prefixes hid %q", got)
	}
}

func TestValueAndNames(t *testing.T) {
	t.Parallel()
	r := New(declared)
	if r.Value("inputs__api_key", "x") != Mask || r.Value("name", "x") != "x" || r.Value("name", "phx_abcdefghijk") != Mask {
		t.Error("Value must hide secret fields and credential-shaped text")
	}
	for name, want := range map[string]bool{"personal_api_key": true, "inputs__client_secret": true, "Authorization": true,
		"refresh_token": true, "name": false, "key": false, "tokens_used": true, "license": true, "license__0": true,
		"personal_api_key__k": true, "licensed": false} {
		if r.IsSecretName(name) != want {
			t.Errorf("IsSecretName(%q) = %v", name, !want)
		}
	}
}

// Common credential headers are hidden for every document, declared ones
// too, whatever the case of their name; Authorization keeps its scheme.
func TestHeaders(t *testing.T) {
	t.Parallel()
	h := http.Header{"Authorization": {"Bearer abc"}, "proxy-AUTHORIZATION": {"secret"}, "Cookie": {"a=1", "b=2"},
		"X-Api-Key": {"k"}, "x-admin-token": {"t"}, "X-Auth-Token": {"t2"}, "Set-Cookie": {"s=1"}, "X-Vendor-Key": {"v"},
		"Accept": {"a/b", "c/d"}, "X-Trace": {"phx_abcdefghijk"}}
	want := map[string]string{"Authorization": "Bearer [redacted]", "proxy-AUTHORIZATION": "[redacted]", "Cookie": "[redacted]",
		"X-Api-Key": "[redacted]", "x-admin-token": "[redacted]", "X-Auth-Token": "[redacted]", "Set-Cookie": "[redacted]",
		"X-Vendor-Key": "[redacted]", "Accept": "a/b, c/d", "X-Trace": "[redacted]"}
	if got := New(declared).Headers(h); !reflect.DeepEqual(got, want) {
		t.Errorf("Headers = %v, want %v", got, want)
	}
	if got := New(spec.Secrets{}).Headers(http.Header{"X-Vendor-Key": {"v"}, "X-Auth-Token": {"t"}}); got["X-Vendor-Key"] != "v" || got["X-Auth-Token"] != Mask {
		t.Errorf("without declarations: %v", got)
	}
}

func TestQuery(t *testing.T) {
	t.Parallel()
	r := New(declared)
	for in, want := range map[string]string{
		"personal_api_key=k1&limit=5":                     "personal_api_key=[redacted]&limit=5",
		"personal_api_key%5B%5D=k1&personal_api_key[]=k2": "personal_api_key%5B%5D=[redacted]&personal_api_key[]=[redacted]",
		"license[a]=x&q=phx_abcdefghijk":                  "license[a]=[redacted]&q=[redacted]",
		"limit=5&offset=10":                               "limit=5&offset=10",
		"bad=%zz&token=t":                                 "bad=%zz&token=[redacted]",
	} {
		if got, _ := r.Query(in); got != want {
			t.Errorf("Query(%q) = %q, want %q", in, got, want)
		}
	}
}

// The values a query hid are hidden where the answer repeats them (a list
// page's next link).
func TestQueryHiddenInTheAnswer(t *testing.T) {
	t.Parallel()
	r := New(declared)
	q, h := r.Query("personal_api_key%5B%5D=QKEY%2DSECRET&limit=2")
	_, resp := r.Exchange(nil, []byte(`{"next":"/x?limit=2&personal_api_key[]=QKEY-SECRET"}`), h)
	if strings.Contains(q+resp, "SECRET") {
		t.Errorf("query %q, answer %q", q, resp)
	}
}

// Bodies: declared fields are hidden whatever their shape; flagged entries
// by the object's own list, else by the answer's, else all of them; values
// hidden in the request are hidden where the answer echoes them.
func TestExchange(t *testing.T) {
	t.Parallel()
	r := New(declared)
	schema := `"inputs_schema":[{"key":"api_key","secret":true},{"key":"channel"}]`
	for _, c := range []struct {
		name, req, resp string
		hidden          []string // must not show in either body
		kept            []string // must still show
	}{
		{"field as string", `{"personal_api_key":"KEY-STRING"}`, `{}`, []string{"KEY-STRING"}, nil},
		{"field as number", `{"personal_api_key":123456789}`, `{"got":"123456789"}`, []string{"123456789"}, nil},
		{"field as array", `{"personal_api_key":["KEY-IN-ARRAY"]}`, `{}`, []string{"KEY-IN-ARRAY"}, nil},
		{"field as object", `{"a":{"personal_api_key":{"k":"KEY-IN-OBJECT"}}}`, `{}`, []string{"KEY-IN-OBJECT"}, nil},
		{"credential name", `{"client_secret":["S3CRET-A"],"tokens_used":42}`, `{}`, []string{"S3CRET-A"}, []string{"42"}},
		{"flagged by its list", `{` + schema + `,"inputs":{"api_key":{"value":"INPUT-SECRET"},"channel":{"value":"#general"}}}`, `{}`,
			[]string{"INPUT-SECRET"}, []string{"#general"}},
		{"flagged, any shape", `{` + schema + `,"inputs":{"api_key":{"value":{"k":"NESTED-SECRET"}},"channel":{"value":"#general"}}}`, `{}`,
			[]string{"NESTED-SECRET"}, []string{"#general"}},
		{"flagged by the answer", `{"inputs":{"api_key":{"value":"PATCHED-SECRET"},"channel":{"value":"#general"}}}`,
			`{` + schema + `,"inputs":{"api_key":{"secret":true},"channel":{"value":"#general"}}}`, []string{"PATCHED-SECRET"}, []string{"#general"}},
		{"flagged, nothing says which", `{"inputs":{"api_key":{"value":"REJECTED-SECRET"},"channel":{"value":"#general"}}}`,
			`{"type":"validation_error","detail":"REJECTED-SECRET is bad"}`, []string{"REJECTED-SECRET", "#general"}, nil},
		{"token in a value", `{"note":"see phx_abcdefghijk"}`, `{}`, []string{"phx_abcdefghijk"}, []string{"see"}},
		{"not JSON", `personal_api_key=FORM-SECRET&x=1`, ``, []string{"FORM-SECRET"}, []string{"x=1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			req, resp := r.Exchange([]byte(c.req), []byte(c.resp), Hidden{})
			for _, s := range c.hidden {
				if strings.Contains(req, s) || strings.Contains(resp, s) {
					t.Errorf("shows %q: %s / %s", s, req, resp)
				}
			}
			for _, s := range c.kept {
				if !strings.Contains(req, s) {
					t.Errorf("lost %q: %s", s, req)
				}
			}
		})
	}
	// Nothing secret: the body is kept byte for byte.
	if req, _ := r.Exchange([]byte(`{"b": 1, "a": "x"}`), nil, Hidden{}); req != `{"b": 1, "a": "x"}` {
		t.Errorf("a body without secrets was rewritten: %s", req)
	}
}

// Request says which fields it hid, so that violations about them hide
// the values they quote.
func TestRequestHidden(t *testing.T) {
	t.Parallel()
	r := New(declared)
	_, h := r.Request([]byte(`{"personal_api_key":["KEY-111"],"inputs":{"api_key":{"value":"INPUT-111"}},"name":"n"}`))
	for field, want := range map[string]bool{"personal_api_key": true, "inputs__api_key__value": true,
		"inputs__api_key__value__x": true, "name": false, "inputs": false} {
		if h.Covers(field) != want {
			t.Errorf("Covers(%q) = %v", field, !want)
		}
	}
	if got := h.Scrub(`"INPUT-111" is not valid; KEY-111`); strings.Contains(got, "INPUT-111") || strings.Contains(got, "KEY-111") {
		t.Errorf("Scrub = %q", got)
	}
}

func TestTextMemoAnswersAsWithout(t *testing.T) {
	t.Parallel()
	r := New(spec.Secrets{Prefixes: []string{"phx_"}, Fields: []string{"personal_api_key"}})
	texts := []string{
		"The operation requires an API key in header Authorization (Bearer).",
		`{"personal_api_key":"abc"} and phx_0123456789abcdef`,
		"Authorization: Bearer phx_0123456789abcdef",
		"no secret here",
		strings.Repeat("key phx_0123456789abcdef ", 40), // longer than the memo keeps
	}
	for round := 0; round < 3; round++ { // answered, then from the memo
		for _, s := range texts {
			if got, want := r.Text(s), r.text(s); got != want {
				t.Errorf("round %d: Text(%.40q) = %.60q, want %.60q", round, s, got, want)
			}
		}
	}
	if strings.Contains(r.Text(texts[2]), "phx_0123") {
		t.Errorf("a memoized text kept its token: %q", r.Text(texts[2]))
	}
	for i := 0; i < memoMax+10; i++ {
		r.Text("key " + strconv.Itoa(i))
	}
	n := 0
	r.memo.Range(func(any, any) bool { n++; return true })
	if n > memoMax {
		t.Errorf("the memo holds %d texts, over its bound of %d", n, memoMax)
	}
}
