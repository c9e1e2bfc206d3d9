package store

import (
	"bytes"
	"cmp"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestOrderKeys: the byte order of encoded values, alone, inverted and in
// pairs, is the order of the values.
func TestOrderKeys(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	nums := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, -0.5, 1e300, -1e300, math.Inf(1), math.Inf(-1), 5e-324, -5e-324, 42}
	for range 200 {
		nums = append(nums, rng.NormFloat64()*math.Pow(10, float64(rng.IntN(40)-20)))
	}
	strs := []string{"", "a", "a\x00", "a\x00b", "a\x01", "ab", "b", "\x00", "\x00\x00", "\xff", "é"}
	for range 200 {
		var b strings.Builder
		for range rng.IntN(4) {
			b.WriteByte("a\x00\x01\xff"[rng.IntN(4)])
		}
		strs = append(strs, b.String())
	}
	check := func(what string, want int, a, b []byte) {
		t.Helper()
		if got := bytes.Compare(a, b); got != want {
			t.Fatalf("%s: byte order %d, want %d (%x, %x)", what, got, want, a, b)
		}
	}
	inv := func(b []byte) []byte { b = bytes.Clone(b); Invert(b); return b }
	for _, x := range nums {
		for _, y := range nums {
			a, b := AppendNumber(nil, x), AppendNumber(nil, y)
			check("number", cmp.Compare(x, y), a, b)
			check("inverted number", cmp.Compare(y, x), inv(a), inv(b))
		}
	}
	for _, x := range strs {
		for _, y := range strs {
			a, b := AppendString(nil, x), AppendString(nil, y)
			check("string", strings.Compare(x, y), a, b)
			check("inverted string", strings.Compare(y, x), inv(a), inv(b))
			// A pair compares by its first string, then its second.
			want := cmp.Or(strings.Compare(x, y), strings.Compare(y, x))
			check("pair", want, AppendString(AppendString(nil, x), y), AppendString(AppendString(nil, y), x))
		}
	}
}
