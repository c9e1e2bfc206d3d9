package admin_test

import (
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver/internal/admin"
	"github.com/mockserver-go/mockserver/internal/journal"
)

// GET /info says what is served: the title and the operations with their
// declared statuses (the inspector's fault form offers them).
func TestInfo(t *testing.T) {
	t.Parallel()
	var info struct {
		Title         string
		Operations    int
		NetworkFaults []string `json:"network_faults"`
		Documents     []struct {
			Title, Version string
			Operations     []struct {
				ID, Method, Path string
				Statuses         []string
			}
		}
	}
	if w := do(t, server(t), "GET", "/__mock/info", "", &info); w.Code != 200 {
		t.Fatalf("info: %d", w.Code)
	}
	if info.Title != "Notes" || info.Operations != 3 || len(info.Documents) != 1 || info.Documents[0].Version != "2" ||
		!strings.Contains(strings.Join(info.NetworkFaults, ","), "connection_reset") {
		t.Fatalf("info: %+v", info)
	}
	ops := info.Documents[0].Operations
	if len(ops) != 3 || ops[0].ID != "notes_list" || ops[0].Method != "GET" || ops[0].Path != "/notes" ||
		strings.Join(ops[0].Statuses, ",") != "200,503" || strings.Join(ops[1].Statuses, ",") != "201,4XX" ||
		ops[2].ID != "notes_retrieve" || ops[2].Path != "/notes/{id}" {
		t.Fatalf("operations: %+v", ops)
	}
}

// Several documents: each is listed by its mount name, and the title names
// them all as the page's first title does.
func TestInfoOfSeveralDocuments(t *testing.T) {
	t.Parallel()
	first := notes(t, "Notes a")
	docs := []admin.Doc{{Name: "a", Engine: first}, {Name: "b", Engine: notes(t, "Notes b")}}
	h := mount(first, admin.Config{Journal: journal.New(0), Docs: func() []admin.Doc { return docs }})
	var info struct {
		Title      string
		Operations int
		Documents  []struct{ Name, Title string }
	}
	do(t, h, "GET", "/__mock/info", "", &info)
	if info.Title != "Notes a (/a) + Notes b (/b)" || info.Operations != 6 || len(info.Documents) != 2 || info.Documents[1].Name != "b" {
		t.Fatalf("info: %+v", info)
	}
	if w := do(t, h, "POST", "/__mock/faults", `{"operation":"notes_list","status":503}`, nil); w.Code != 201 {
		t.Fatal(w.Code)
	}
	var l struct {
		Faults []struct{ Mount, Operation string }
	}
	do(t, h, "GET", "/__mock/faults", "", &l)
	if len(l.Faults) != 1 || l.Faults[0].Mount != "a" || l.Faults[0].Operation != "notes_list" {
		t.Fatalf("faults of several documents: %+v", l)
	}
}
