package plugin

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClip(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("1", 1<<20)
	tests := []struct {
		name, in string
		want     string
	}{
		{"short", "abc", "abc"},
		{"exact", strings.Repeat("x", ClipLength), strings.Repeat("x", ClipLength)},
		{"long", long, strings.Repeat("1", ClipLength-1) + "…"},
		{"multibyte exact", strings.Repeat("é", ClipLength), strings.Repeat("é", ClipLength)},
		{"multibyte long", strings.Repeat("é", ClipLength+1), strings.Repeat("é", ClipLength-1) + "…"},
	}
	for _, tt := range tests {
		got := Clip(tt.in)
		if got != tt.want {
			t.Errorf("%s: Clip = %.40q… (%d chars), want %.40q… (%d chars)", tt.name, got, utf8.RuneCountInString(got), tt.want, utf8.RuneCountInString(tt.want))
		}
		if n := utf8.RuneCountInString(got); n > ClipLength || !utf8.ValidString(got) {
			t.Errorf("%s: %d characters, valid UTF-8 %v", tt.name, n, utf8.ValidString(got))
		}
	}
}

func TestViolationClipped(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("9", 1<<20)
	v := Violation{In: "body", Field: long, Code: "type", Expected: long, Got: long, Message: long, Tolerated: true}.Clipped()
	for name, s := range map[string]string{"field": v.Field, "expected": v.Expected, "got": v.Got, "message": v.Message} {
		if utf8.RuneCountInString(s) != ClipLength || !strings.HasSuffix(s, "…") {
			t.Errorf("%s: %d characters, want %d ending in …", name, utf8.RuneCountInString(s), ClipLength)
		}
	}
	if v.In != "body" || v.Code != "type" || !v.Tolerated {
		t.Errorf("clipping changed in, code or tolerated: %+v", v)
	}
	if s := v.String(); len(s) > 5*ClipLength*3 {
		t.Errorf("String() is %d bytes", len(s))
	}
}
