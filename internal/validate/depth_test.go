package validate

import (
	"strings"
	"testing"
)

func TestCheckDepth(t *testing.T) {
	cases := []struct {
		in   string
		max  int
		fail bool
	}{
		{`[]`, 1, false},
		{`[[]]`, 1, true},
		{`{"a":{"b":[1]}}`, 3, false},
		{`{"a":{"b":[1]}}`, 2, true},
		{`"[[[[[[[[[["`, 1, false},
		{`["\"[[[[[["]`, 1, false},
		{`["\\", [[]]]`, 2, true},
		{strings.Repeat("[", 100000), 64, true},
		{strings.Repeat("[", 100000), 0, false}, // 0: no limit here (encoding/json's applies)
		{`]]]]][[`, 2, false},                   // not JSON: left to the decoder
	}
	for _, c := range cases {
		err := checkDepth([]byte(c.in), c.max)
		if (err != nil) != c.fail {
			t.Errorf("checkDepth(%.30q, %d) = %v, want failure %v", c.in, c.max, err, c.fail)
		}
		if err != nil && !strings.Contains(err.Error(), "exceeds") {
			t.Errorf("message %q", err)
		}
	}
}
