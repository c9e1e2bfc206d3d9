package mockserver

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestDeclaredOrderFollowsWrites lists hog functions (declared order:
// execution_order, nulls last, then newest updated_at) after every kind of
// write, so the collection's maintained order is checked against a fresh
// sort of the objects as the API returns them.
func TestDeclaredOrderFollowsWrites(t *testing.T) {
	clock := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s, err := New(Options{EmptyState: true, Now: func() time.Time { clock = clock.Add(time.Second); return clock }})
	if err != nil {
		t.Fatal(err)
	}
	const hf = "/api/projects/1/hog_functions/"
	auth := []string{"Authorization", "Bearer x"}
	do := func(method, target, body string) map[string]any {
		t.Helper()
		w := serve(t, s, method, target, body, auth...)
		if w.Code/100 != 2 {
			t.Fatalf("%s %s: %d %s", method, target, w.Code, w.Body)
		}
		var out map[string]any
		_ = json.Unmarshal(w.Body.Bytes(), &out)
		return out
	}
	var ids []string
	for i := range 8 {
		body := `{"hog":"return event","type":"transformation","enabled":true}`
		if i%3 == 0 {
			body = `{"hog":"fetch(inputs.url)","name":"d` + fmt.Sprint(i) + `"}` // destinations: no execution_order
		}
		ids = append(ids, do("POST", hf, body)["id"].(string))
	}
	check := func(step string) {
		t.Helper()
		got := do("GET", hf+"?limit=100", "")["results"].([]any)
		type row struct {
			id    string
			order any
			upd   string
			pos   int
		}
		var want []row
		for _, x := range got {
			id := x.(map[string]any)["id"].(string)
			obj := do("GET", hf+id+"/", "")
			want = append(want, row{id, obj["execution_order"], obj["updated_at"].(string), slices.Index(ids, id)})
		}
		slices.SortStableFunc(want, func(a, b row) int {
			switch {
			case a.order == nil && b.order != nil:
				return 1
			case a.order != nil && b.order == nil:
				return -1
			case a.order != nil && a.order.(float64) != b.order.(float64):
				if a.order.(float64) < b.order.(float64) {
					return -1
				}
				return 1
			case a.upd != b.upd:
				return -strings.Compare(a.upd, b.upd) // same format and zone: text order is time order
			}
			return a.pos - b.pos
		})
		for i, x := range got {
			if id := x.(map[string]any)["id"]; id != want[i].id {
				t.Fatalf("%s: position %d is %v, want %v (%+v)", step, i, id, want[i].id, want)
			}
		}
	}
	check("created") // builds the order
	do("PATCH", hf+ids[1]+"/", `{"execution_order":0}`)
	check("execution_order changed")
	do("PATCH", hf+ids[0]+"/", `{"name":"renamed"}`)
	check("updated_at changed")
	do("PATCH", hf+ids[2]+"/", `{"deleted":true}`)
	check("soft-deleted")
	do("PATCH", hf+"rearrange/", `{"orders":{"`+ids[4]+`":0,"`+ids[5]+`":0}}`)
	check("rearranged")
	do("PATCH", hf+ids[2]+"/", `{"deleted":false}`)
	check("restored")
	ids = append(ids, do("POST", hf, `{"hog":"return event","type":"transformation","execution_order":1}`)["id"].(string))
	check("created after listing")
	if n := len(do("GET", hf+"?type=transformation&limit=2&offset=1", "")["results"].([]any)); n != 2 {
		t.Fatalf("filtered page: %d results", n)
	}
}
