package store

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

var decodeCases = []string{
	`{}`,
	`{"a":1}`,
	`{"a":[],"b":{},"c":null,"d":true,"e":false,"f":"x","g":-0.5,"h":1e21,"i":1e-7,"j":0}`,
	`{"b":1,"a":2}`,         // keys out of order
	`{"a":1,"a":2}`,         // duplicate: the last wins
	`{ "a" : 1 }`,           // white space
	"{\"a\":1}\n",           // a final newline
	`{"a":"<b>&"}`,          // HTML characters, which json.Marshal escapes
	`{"a":"\u003cb\u003e"}`, // ...as it escapes them
	`{"a":"line\nbreak \"quoted\" \\ \/"}`,
	`{"a":"\u00e9t\u00e9"}`,
	`{"a":"été 日本"}`,
	"{\"a\":\"\xff\"}", // invalid UTF-8
	"{\"a\":\"\u2028\"}",
	`{"a":"\u2028"}`,
	`{"a":"\ud83d\ude00"}`,
	`{"a":1.0}`, `{"a":1.5}`, `{"a":100000000000000000000}`, `{"a":123456789012345678}`,
	`{"a":-0}`, `{"a":1E3}`, `{"a":0.000001}`, `{"a":12345678901234}`,
	`{"a":[1,[2,{"b":[]}]],"z":{"y":{"x":"w"}}}`,
	`{"\u003ca":{"b,c":"d:e"},"q\"":["}"]}`, // escaped keys; punctuation in strings
	// refused
	`[]`, `1`, `"s"`, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":01}`, `{"a":1.}`, `{"a":.5}`,
	`{"a":1e}`, `{"a":-}`, `{"a":1e999}`, `{"a":tru}`, `{"a":"x}`, "{\"a\":\"\t\"}", `{"a":"\x"}`,
	`{"a":1}x`, `{"a":1}{}`, `{"a":[1 2]}`, `{a:1}`, ``, ` `,
}

// TestDecodeJSONObject checks the decoder against encoding/json: the same
// values, the same verdict, and canonical exactly when json.Marshal gives
// the input back.
func TestDecodeJSONObject(t *testing.T) {
	t.Parallel()
	for _, in := range decodeCases {
		checkDecode(t, []byte(in))
	}
}

func FuzzDecodeJSONObject(f *testing.F) {
	for _, in := range decodeCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, in []byte) { checkDecode(t, in) })
}

func checkDecode(t *testing.T, in []byte) {
	t.Helper()
	got, canonical, err := decodeJSONObject(in)
	if scanned, serr := scanJSONObject(in); (serr != nil) != (err != nil) || scanned != canonical {
		t.Fatalf("%q: scan gives %v, %v; decode %v, %v", in, scanned, serr, canonical, err)
	}
	var want map[string]any
	werr := json.Unmarshal(in, &want)
	if werr == nil && want == nil {
		werr = errNotObject // null
	}
	if (err != nil) != (werr != nil) {
		t.Fatalf("%q: error %v, encoding/json's %v", in, err, werr)
	}
	if err != nil {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: decoded %#v, encoding/json %#v", in, got, want)
	}
	again, _ := json.Marshal(want)
	if canonical != bytes.Equal(again, in) {
		t.Fatalf("%q: canonical %v, json.Marshal gives %s", in, canonical, again)
	}
	if canonical {
		checkTable(t, in)
	}
}

// checkTable checks the member table the scan makes for a canonical
// object against withMembers', and the members read through it against
// Members'.
func checkTable(t *testing.T, in []byte) {
	t.Helper()
	_, table, _ := scanObjectTable(in, []byte("prefix"))
	if _, want := withMembers(in); !bytes.Equal(table[len("prefix"):], want) {
		t.Fatalf("%q: scanned member table %v, withMembers' %v", in, table[len("prefix"):], want)
	}
	type member struct{ name, val string }
	var scanned, tabled []member
	for name, val := range Members(in) {
		scanned = append(scanned, member{string(name), string(val)})
	}
	for name, val := range NewRawObject(in).Members() {
		tabled = append(tabled, member{string(name), string(val)})
	}
	if !reflect.DeepEqual(tabled, scanned) {
		t.Fatalf("%q: members through the table %q, scanned %q", in, tabled, scanned)
	}
}

// TestStringEnd compares stringEnd with a plain reading of the string,
// escapes before, at and past the point where it stops reading byte by
// byte.
func TestStringEnd(t *testing.T) {
	t.Parallel()
	want := func(b []byte, i int) int {
		for i++; i < len(b); i++ {
			switch b[i] {
			case '"':
				return i
			case '\\':
				i++
			}
		}
		return len(b)
	}
	for n := range 60 {
		for _, tail := range []string{`"`, `\""`, `\\"`, `\\\"x"`, `\`, ``, `\"`} {
			for _, fill := range []string{"a", `\\`, `\"`} {
				b := []byte(`"` + strings.Repeat(fill, n) + tail + `,"next"`)
				if got, w := stringEnd(b, 0), want(b, 0); got != w {
					t.Fatalf("stringEnd(%q) = %d, want %d", b, got, w)
				}
			}
		}
	}
}
