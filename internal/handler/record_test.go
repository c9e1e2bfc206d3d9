package handler

import (
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/internal/exchange"
	"github.com/mockserver-go/mockserver/internal/redact"
	"github.com/mockserver-go/mockserver/internal/spec"
)

// What the journal keeps of a body, whole or in parts, redacts to the same
// text: a list page in parts shows as the same page sent whole.
func TestKeptBodyRedactsTheSameWholeOrInParts(t *testing.T) {
	h := &handler{red: redact.New(spec.Secrets{Fields: []string{"license"}})}
	big := strings.Repeat(`{"name":"x","api_key":"abc"},`, maxJournalBody/20)
	for name, body := range map[string]string{
		"empty":            "",
		"json secret":      `{"password":"hunter2","name":"a"}`,
		"json no secret":   `{"name":"a"}`,
		"declared field":   `{"license":{"k":"v"},"name":"a"}`,
		"form":             `api_key=abc&x=1`,
		"large":            "[" + big + "{}]",
		"large no hint":    "[" + strings.Repeat(`{"name":"x"},`, maxJournalBody/10) + "{}]",
		"large late hint":  "[" + strings.Repeat(`{"name":"x"},`, maxJournalBody/10) + `{"secret":"s"}]`,
		"padded":           strings.Repeat(" ", maxJournalBody) + `{"secret":"s"}`,
		"just over, space": strings.Repeat("a", maxJournalBody) + "   ",
	} {
		_, want := h.redactBodies(keepBody(nil), keepBody([]byte(body)), redact.Hidden{})
		for _, secret := range []string{"hunter2", `"v"`, "abc&"} {
			if strings.Contains(want, secret) {
				t.Errorf("%s: %q shows %s", name, want, secret)
			}
		}
		if len(want) > maxJournalBody+len("…") {
			t.Errorf("%s: %d bytes kept, more than the bound", name, len(want))
		}
		if strings.TrimSpace(body) != body {
			continue // bodies in parts are list encodings: no padding
		}
		for _, size := range []int{1, 7, 1000, maxJournalBody} {
			resp := &exchange.Response{Parts: split(body, size)}
			if _, got := h.redactBodies(keepBody(nil), keepResponse(resp), redact.Hidden{}); got != want {
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

// A large body is clipped with a mark, and clipping twice changes nothing.
func TestClip(t *testing.T) {
	big := []byte(strings.Repeat("x", maxJournalBody+5))
	got := clip(big)
	if got != string(big[:maxJournalBody])+"…" {
		t.Fatalf("clip: %d bytes, suffix %q", len(got), got[len(got)-8:])
	}
	if clipText(got) != got {
		t.Fatal("clipText clipped a clipped body again")
	}
}
