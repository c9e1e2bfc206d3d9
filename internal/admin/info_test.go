package admin_test

import (
	"strings"
	"testing"
)

// GET /info says what is served: the title and the operations with their
// declared statuses (the inspector's fault form offers them).
func TestInfo(t *testing.T) {
	var info struct {
		Title      string
		Operations int
		Documents  []struct {
			Title, Version string
			Operations     []struct {
				ID, Method, Path string
				Statuses         []string
			}
		}
	}
	if code := do(t, server(t), "GET", "/__mock/info", "", &info); code != 200 {
		t.Fatalf("info: %d", code)
	}
	if info.Title != "Notes" || info.Operations != 2 || len(info.Documents) != 1 || info.Documents[0].Version != "2" {
		t.Fatalf("info: %+v", info)
	}
	ops := info.Documents[0].Operations
	if len(ops) != 2 || ops[0].ID != "notes_list" || ops[0].Method != "GET" || ops[0].Path != "/notes" ||
		strings.Join(ops[0].Statuses, ",") != "200,503" || strings.Join(ops[1].Statuses, ",") != "201,4XX" {
		t.Fatalf("operations: %+v", ops)
	}
}
