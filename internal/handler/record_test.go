package handler

import (
	"strings"
	"testing"
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
		if got, want := keepBody([]byte(body)).redacted(), redactBody([]byte(body)); got != want {
			t.Errorf("%s: kept body redacts to %.80q…, want %.80q…", name, got, want)
		}
	}
}
