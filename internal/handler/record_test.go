package handler

import (
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/internal/engine"
)

// TestKeptBodyRedactsLikeRedactBody: what the journal keeps of a body
// redacts to what redactBody gives on the whole body.
func TestKeptBodyRedactsLikeRedactBody(t *testing.T) {
	big := strings.Repeat(`{"name":"x","api_key":"abc"},`, maxJournalBody/20)
	for name, body := range map[string]string{
		"empty":            "",
		"json secret":      `{"password":"hunter2","name":"a"}`,
		"json no secret":   `{"name":"a"}`,
		"form":             `api_key=abc&x=1`,
		"large":            "[" + big + "{}]",
		"large no hint":    "[" + strings.Repeat(`{"name":"x"},`, maxJournalBody/10) + "{}]",
		"large late hint":  "[" + strings.Repeat(`{"name":"x"},`, maxJournalBody/10) + `{"secret":"s"}]`,
		"padded":           strings.Repeat(" ", maxJournalBody) + `{"secret":"s"}`,
		"just over, space": strings.Repeat("a", maxJournalBody) + "   ",
	} {
		want := redactBody([]byte(body))
		if got := keepBody([]byte(body)).redacted(); got != want {
			t.Errorf("%s: kept body redacts to %.80q…, want %.80q…", name, got, want)
		}
		if strings.TrimSpace(body) != body {
			continue // bodies in parts are list encodings: no padding
		}
		for _, size := range []int{1, 7, 1000, maxJournalBody} {
			resp := &engine.Response{Parts: split(body, size)}
			if got := keepResponse(resp).redacted(); got != want {
				t.Errorf("%s in parts of %d: kept body redacts to %.80q…, want %.80q…", name, size, got, want)
			}
		}
	}
}

// split cuts s into parts of size bytes (the last one shorter), with an
// empty part first, as a list page's may be.
func split(s string, size int) [][]byte {
	parts := [][]byte{{}}
	for len(s) > size {
		parts = append(parts, []byte(s[:size]))
		s = s[size:]
	}
	return append(parts, []byte(s))
}
