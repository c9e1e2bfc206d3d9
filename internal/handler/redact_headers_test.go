package handler

import (
	"strings"
	"testing"
)

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
