package handler

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// readAll reads what io.ReadAll would, whatever length was declared: the
// exact one, a shorter or longer one, none, or one past maxPresize.
func TestReadAllDeclaredLengths(t *testing.T) {
	body := strings.Repeat("0123456789", 10)
	big := strings.Repeat("x", maxPresize+10)
	for _, tt := range []struct {
		name, body string
		size       int64
	}{
		{"exact", body, int64(len(body))},
		{"declared shorter", body, 10},
		{"declared longer", body, 1000},
		{"unknown", body, -1},
		{"empty", "", 5},
		{"past maxPresize", big, int64(len(big))},
	} {
		for _, one := range []bool{false, true} {
			var rd io.Reader = strings.NewReader(tt.body)
			if one {
				rd = iotest.OneByteReader(rd)
			}
			got, err := readAll(rd, tt.size)
			if err != nil || !bytes.Equal(got, []byte(tt.body)) {
				t.Errorf("%s (one byte a read %v): got %d bytes, %v; want %d", tt.name, one, len(got), err, len(tt.body))
			}
			if tt.size > maxPresize && cap(got) > 4*len(tt.body) {
				t.Errorf("%s: capacity %d", tt.name, cap(got))
			}
		}
	}
	if _, err := readAll(iotest.ErrReader(io.ErrUnexpectedEOF), 10); err != io.ErrUnexpectedEOF {
		t.Errorf("read error = %v, want io.ErrUnexpectedEOF", err)
	}
}
