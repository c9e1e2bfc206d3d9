package store

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// byRank orders by the "rank" number, descending, nulls (missing) last.
var byRank = &Order{
	Name: "-rank",
	Key: func(obj map[string]any) string {
		if v, ok := obj["rank"].(float64); ok {
			b := AppendNumber(nil, v)
			Invert(b)
			return "\x00" + string(b)
		}
		return "\x01"
	},
}

// wantSorted is the order sorting every visible record from scratch gives.
func wantSorted(c *Collection, o *Order) []string {
	recs := c.All()
	slices.SortStableFunc(recs, func(a, b *Record) int { return cmp.Compare(o.Key(a.Object()), o.Key(b.Object())) })
	return ids(recs)
}

// TestSortedFollowsChanges drives a collection through random inserts,
// updates, hides, restores and deletes (enough to split and empty chunks) and
// checks after each step that the sorted index matches a fresh sort.
func TestSortedFollowsChanges(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	c := NewMemory().Collection("k")
	rank := func() map[string]any {
		if rng.IntN(5) == 0 {
			return map[string]any{}
		}
		return map[string]any{"rank": float64(rng.IntN(50))}
	}
	next := 0
	for step := range 6000 {
		id := strconv.Itoa(rng.IntN(next + 1))
		switch op := rng.IntN(10); {
		case op < 4 || next < 10:
			next++
			if _, err := c.Insert(strconv.Itoa(next), rank()); err != nil {
				t.Fatal(err)
			}
		case op < 7:
			c.Update(id, rng.IntN(2) == 0, func(obj map[string]any) error {
				clear(obj)
				for k, v := range rank() {
					obj[k] = v
				}
				return nil
			})
		case op < 8:
			c.SetHidden(id, true)
		case op < 9:
			c.SetHidden(id, false)
		default:
			c.Delete(id)
		}
		if step == 10 || step%97 == 0 {
			// first use builds the index; afterwards it is maintained
			if got, want := ids(c.SortedAll(byRank)), wantSorted(c, byRank); !slices.Equal(got, want) {
				t.Fatalf("step %d: sorted\n got %v\nwant %v", step, got, want)
			}
		}
	}
	want := wantSorted(c, byRank)
	for _, w := range [][2]int{{0, 10}, {5, 100}, {len(want) - 3, 10}, {len(want), 5}, {-1, 2}} {
		recs, total := c.SortedPage(byRank, w[0], w[1])
		lo := min(max(w[0], 0), len(want))
		hi := min(lo+w[1], len(want))
		if total != len(want) || !slices.Equal(ids(recs), want[lo:hi]) {
			t.Fatalf("page %v: got %v (total %d), want %v (total %d)", w, ids(recs), total, want[lo:hi], len(want))
		}
	}
	c.Clear()
	if recs, total := c.SortedPage(byRank, 0, 10); len(recs) != 0 || total != 0 {
		t.Fatalf("after Clear: %v, %d", ids(recs), total)
	}
}
