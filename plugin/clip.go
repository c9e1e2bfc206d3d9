package plugin

import "unicode/utf8"

// ClipLength is the most characters of a client's input a violation, or an
// error's variable, echoes: the body, the X-Mock-Violations header and the
// log line all show what the violation holds, and a request must not make
// any of them grow with its size.
const ClipLength = 200

// Clip shortens s to ClipLength characters, ending a shortened string with
// "…" so that a reader knows it was cut. It never splits a character.
func Clip(s string) string {
	if len(s) <= ClipLength || utf8.RuneCountInString(s) <= ClipLength {
		return s
	}
	n := 0
	for i := range s {
		if n == ClipLength-1 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// Clipped is v with every text that can echo input clipped (see Clip).
func (v Violation) Clipped() Violation {
	v.Field, v.Expected, v.Got, v.Message = Clip(v.Field), Clip(v.Expected), Clip(v.Got), Clip(v.Message)
	return v
}
