package store

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// TestIndexModel drives a collection with random inserts, hides, unhides and
// deletes (enough to trigger compactions) and checks Len, All and every Page
// against a naive model.
func TestIndexModel(t *testing.T) {
	t.Parallel()
	for _, seed := range []uint64{1, 2, 3} {
		t.Run("seed"+strconv.FormatUint(seed, 10), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(seed, seed))
			c := NewMemory().Collection("k")
			type m struct {
				id     string
				hidden bool
			}
			var model []m // creation order, live only
			next := 0
			for step := range 5000 {
				switch op := rng.IntN(10); {
				case op < 4 || len(model) == 0:
					id := strconv.Itoa(next)
					next++
					if _, err := c.Insert(id, nil); err != nil {
						t.Fatal(err)
					}
					model = append(model, m{id: id})
				case op < 7:
					i := rng.IntN(len(model))
					h := !model[i].hidden
					if _, err := c.SetHidden(model[i].id, h); err != nil {
						t.Fatal(err)
					}
					model[i].hidden = h
				default:
					i := rng.IntN(len(model))
					if !c.Delete(model[i].id) {
						t.Fatalf("Delete(%s) = false", model[i].id)
					}
					model = slices.Delete(model, i, i+1)
				}
				var want []string
				for _, e := range model {
					if !e.hidden {
						want = append(want, e.id)
					}
				}
				if c.Len() != len(want) {
					t.Fatalf("step %d: Len = %d, want %d", step, c.Len(), len(want))
				}
				if step%50 != 0 {
					continue
				}
				if got := ids(c.All()); !slices.Equal(got, want) {
					t.Fatalf("step %d: All = %v, want %v", step, got, want)
				}
				for off := 0; off <= len(want)+1; off += 1 + rng.IntN(7) {
					lim := rng.IntN(9)
					recs, total := c.Page(off, lim)
					end := min(off+lim, len(want))
					var exp []string
					if off < end {
						exp = want[off:end]
					}
					if total != len(want) || !slices.Equal(ids(recs), exp) {
						t.Fatalf("step %d: Page(%d,%d) = %v/%d, want %v/%d", step, off, lim, ids(recs), total, exp, len(want))
					}
				}
			}
			if len(c.index.slots) > 2*len(model)+minCompact {
				t.Fatalf("slots not compacted: %d slots for %d entries", len(c.index.slots), len(model))
			}
		})
	}
}
