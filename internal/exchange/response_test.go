package exchange

import "testing"

func TestResponseBodyInEitherForm(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		resp Response
		head int
		want string
	}{
		{"body", Response{Body: []byte("hello")}, 3, "hel"},
		{"body shorter than head", Response{Body: []byte("hi")}, 10, "hi"},
		{"parts", Response{Parts: [][]byte{[]byte("ab"), []byte("cd"), []byte("e")}}, 3, "abc"},
		{"parts at a boundary", Response{Parts: [][]byte{[]byte("ab"), []byte("cd")}}, 2, "ab"},
		{"parts shorter than head", Response{Parts: [][]byte{[]byte("ab"), []byte("c")}}, 9, "abc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := string(tc.resp.Head(tc.head)); got != tc.want {
				t.Errorf("Head(%d) = %q, want %q", tc.head, got, tc.want)
			}
			full := string(tc.resp.Bytes())
			if tc.resp.Len() != len(full) {
				t.Errorf("Len() = %d, Bytes() has %d", tc.resp.Len(), len(full))
			}
		})
	}
}

func TestSetBodyDropsParts(t *testing.T) {
	t.Parallel()
	r := Response{Parts: [][]byte{[]byte("old")}}
	r.SetBody([]byte("new"))
	if r.Parts != nil || string(r.Bytes()) != "new" {
		t.Errorf("after SetBody: parts %q, bytes %q", r.Parts, r.Bytes())
	}
}
