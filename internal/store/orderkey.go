package store

import (
	"encoding/binary"
	"math"
	"strings"
)

// Building blocks of Order keys: each appends a value so that the byte
// order of what it appends is the value's order, and so that no encoding
// is a prefix of another, which keeps that true for several values
// appended one after the other (a key of several fields, compared field
// by field) and for their inverse (a descending field).

// AppendNumber appends f in 8 bytes whose byte order is the numeric order
// (-0 and 0 are equal; NaN, which JSON cannot hold, sorts after +Inf).
func AppendNumber(dst []byte, f float64) []byte {
	if f == 0 {
		f = 0 // -0 as 0
	}
	bits := math.Float64bits(f)
	if bits>>63 == 1 {
		bits = ^bits // negative: larger magnitudes first
	} else {
		bits |= 1 << 63 // positive: after every negative
	}
	return binary.BigEndian.AppendUint64(dst, bits)
}

// AppendString appends s so that byte order is the strings' byte-wise
// order: 0x00 bytes become 0x00 0xFF and the end is 0x00 0x01, below any
// byte a longer string goes on with.
func AppendString(dst []byte, s string) []byte {
	for {
		i := strings.IndexByte(s, 0)
		if i < 0 {
			break
		}
		dst = append(append(dst, s[:i]...), 0, 0xFF)
		s = s[i+1:]
	}
	return append(append(dst, s...), 0, 1)
}

// Invert reverses the order of what b holds (appended by the functions
// above, for a descending field) by complementing its bytes in place.
func Invert(b []byte) {
	for i := range b {
		b[i] = ^b[i]
	}
}
