package admin_test

import (
	"slices"
	"testing"
	"time"

	"github.com/mockserver-go/mockserver/internal/admin"
	"github.com/mockserver-go/mockserver/internal/exchange"
	"github.com/mockserver-go/mockserver/internal/journal"
)

type faultList struct {
	Faults []struct {
		Mount      string `json:"mount"`
		Operation  string `json:"operation"`
		Status     int    `json:"status"`
		Times      int    `json:"times"`
		Delay      string `json:"delay"`
		RetryAfter int    `json:"retry_after"`
		Undeclared bool   `json:"undeclared"`
		Network    string `json:"network"`
	} `json:"faults"`
}

// GET /faults lists the engine's scheduled faults in the shape POST
// /faults takes, with what remains of each; DELETE clears one operation's
// or all, answering how many.
func TestFaultsListedAndCleared(t *testing.T) {
	t.Parallel()
	eng := notes(t, "Notes")
	h := serve(t, eng, nil)
	var empty faultList
	if w := do(t, h, "GET", "/__mock/faults", "", &empty); w.Code != 200 || empty.Faults == nil || len(empty.Faults) != 0 {
		t.Fatalf("no faults: %d %+v (want an empty list, not null)", w.Code, empty)
	}
	eng.injected = []exchange.ScheduledFault{
		{Operation: "notes_create", Fault: exchange.Fault{Delay: 150 * time.Millisecond, Times: 1}},
		{Operation: "notes_create", Fault: exchange.Fault{Status: 502, Undeclared: true, Times: 1}},
		{Operation: "notes_create", Fault: exchange.Fault{Network: exchange.NetworkReset, Times: 1}},
		{Operation: "notes_list", Fault: exchange.Fault{Status: 503, Times: 2, RetryAfter: 5}},
	}
	var l faultList
	do(t, h, "GET", "/__mock/faults", "", &l)
	if len(l.Faults) != 4 || l.Faults[0].Operation != "notes_create" || l.Faults[0].Delay != "150ms" || l.Faults[0].Times != 1 ||
		l.Faults[1].Status != 502 || !l.Faults[1].Undeclared || l.Faults[1].Delay != "" || l.Faults[2].Network != "connection_reset" ||
		l.Faults[3].Operation != "notes_list" || l.Faults[3].Status != 503 || l.Faults[3].Times != 2 || l.Faults[3].RetryAfter != 5 ||
		l.Faults[0].Mount != "" {
		t.Fatalf("faults: %+v", l)
	}
	var cleared struct{ Cleared int }
	if w := do(t, h, "DELETE", "/__mock/faults?operation=notes_list", "", &cleared); w.Code != 200 || cleared.Cleared != 1 {
		t.Fatalf("clear one: %d %+v", w.Code, cleared)
	}
	do(t, h, "DELETE", "/__mock/faults", "", &cleared)
	do(t, h, "GET", "/__mock/faults", "", &l)
	if cleared.Cleared != 3 || len(l.Faults) != 0 || !slices.Equal(eng.cleared, []string{"notes_list", ""}) {
		t.Fatalf("clear all: %+v, left %+v, the engine asked to clear %q", cleared, l, eng.cleared)
	}
}

// Several documents: each document's faults are listed under its mount
// name, and DELETE clears every document's.
func TestFaultsOfSeveralDocuments(t *testing.T) {
	t.Parallel()
	a, b := notes(t, "A"), notes(t, "B")
	a.injected = []exchange.ScheduledFault{{Operation: "notes_list", Fault: exchange.Fault{Status: 503, Times: 1}}}
	b.injected = []exchange.ScheduledFault{{Operation: "notes_create", Fault: exchange.Fault{Status: 503, Times: 1}}}
	docs := []admin.Doc{{Name: "a", Engine: a}, {Name: "b", Engine: b}}
	h := mount(a, admin.Config{Journal: journal.New(0), Docs: func() []admin.Doc { return docs }})
	var l faultList
	do(t, h, "GET", "/__mock/faults", "", &l)
	if len(l.Faults) != 2 || l.Faults[0].Mount != "a" || l.Faults[0].Operation != "notes_list" || l.Faults[1].Mount != "b" {
		t.Fatalf("faults of several documents: %+v", l)
	}
	var cleared struct{ Cleared int }
	if do(t, h, "DELETE", "/__mock/faults", "", &cleared); cleared.Cleared != 2 || len(a.injected)+len(b.injected) != 0 {
		t.Errorf("clear all: %+v, left %+v and %+v", cleared, a.injected, b.injected)
	}
}
