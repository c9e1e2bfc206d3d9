package admin_test

import "testing"

type faultList struct {
	Faults []struct {
		Operation  string `json:"operation"`
		Status     int    `json:"status"`
		Times      int    `json:"times"`
		Delay      string `json:"delay"`
		RetryAfter int    `json:"retry_after"`
		Undeclared bool   `json:"undeclared"`
		Network    string `json:"network"`
	} `json:"faults"`
}

// GET /faults lists what POST /faults scheduled, in its shape, with what
// remains of each; DELETE clears one operation's or all.
func TestFaultsListedAndCleared(t *testing.T) {
	t.Parallel()
	h := server(t)
	var empty faultList
	if w := do(t, h, "GET", "/__mock/faults", "", &empty); w.Code != 200 || empty.Faults == nil || len(empty.Faults) != 0 {
		t.Fatalf("no faults: %d %+v (want an empty list, not null)", w.Code, empty)
	}
	for _, f := range []string{`{"operation":"notes_list","status":503,"times":3,"retry_after":5}`,
		`{"operation":"notes_create","delay":"150ms"}`, `{"operation":"notes_create","status":502,"undeclared":true}`,
		`{"operation":"notes_create","network":"connection_reset"}`} {
		if w := do(t, h, "POST", "/__mock/faults", f, nil); w.Code != 201 {
			t.Fatalf("POST %s: %d", f, w.Code)
		}
	}
	if w := do(t, h, "GET", "/notes", "", nil); w.Code != 503 {
		t.Fatalf("the fault did not apply: %d", w.Code)
	}
	var l faultList
	do(t, h, "GET", "/__mock/faults", "", &l)
	if len(l.Faults) != 4 || l.Faults[0].Operation != "notes_create" || l.Faults[0].Delay != "150ms" || l.Faults[0].Times != 1 ||
		l.Faults[1].Status != 502 || !l.Faults[1].Undeclared || l.Faults[2].Network != "connection_reset" ||
		l.Faults[3].Operation != "notes_list" || l.Faults[3].Status != 503 || l.Faults[3].Times != 2 || l.Faults[3].RetryAfter != 5 {
		t.Fatalf("faults: %+v", l)
	}
	var cleared struct{ Cleared int }
	if w := do(t, h, "DELETE", "/__mock/faults?operation=notes_list", "", &cleared); w.Code != 200 || cleared.Cleared != 1 {
		t.Fatalf("clear one: %d %+v", w.Code, cleared)
	}
	if w := do(t, h, "GET", "/notes", "", nil); w.Code != 200 {
		t.Fatalf("a cleared fault still applies: %d", w.Code)
	}
	do(t, h, "DELETE", "/__mock/faults", "", &cleared)
	do(t, h, "GET", "/__mock/faults", "", &l)
	if cleared.Cleared != 3 || len(l.Faults) != 0 {
		t.Fatalf("clear all: %+v, left %+v", cleared, l)
	}
}
