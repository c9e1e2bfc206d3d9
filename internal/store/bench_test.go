package store

import (
	"strconv"
	"strings"
	"testing"
)

var benchSizes = []int{100, 10_000, 100_000}

// benchCollection holds n objects, every tenth one hidden.
func benchCollection(b *testing.B, n int) *Collection {
	b.Helper()
	c := NewMemory().Collection("bench")
	for i := range n {
		if _, err := c.Insert(strconv.Itoa(i), smallObject(i)); err != nil {
			b.Fatal(err)
		}
		if i%10 == 5 {
			c.SetHidden(strconv.Itoa(i), true)
		}
	}
	return c
}

func BenchmarkGet(b *testing.B) {
	for _, n := range benchSizes {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			c := benchCollection(b, n)
			id := strconv.Itoa(n / 2)
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := c.Get(id); !ok {
					b.Fatal("not found")
				}
			}
		})
	}
}

// BenchmarkPage reads up to 100 records from the middle of the collection
// (with 100 objects, 10 hidden: all 90 visible ones). The cost must not
// depend on the collection size.
func BenchmarkPage(b *testing.B) {
	for _, n := range benchSizes {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			c := benchCollection(b, n)
			off := max(c.Len()/2-50, 0)
			want := min(100, c.Len()-off)
			b.ReportAllocs()
			for b.Loop() {
				if recs, _ := c.Page(off, 100); len(recs) != want {
					b.Fatalf("got %d records", len(recs))
				}
			}
		})
	}
}

func BenchmarkUpdate(b *testing.B) {
	for _, n := range benchSizes {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			c := benchCollection(b, n)
			id := strconv.Itoa(n / 2)
			i := 0.0
			b.ReportAllocs()
			for b.Loop() {
				i++
				if _, err := c.Update(id, false, func(o map[string]any) error { o["enabled"] = i; return nil }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkInsert(b *testing.B) {
	obj := smallObject(1)
	b.ReportAllocs()
	c := NewMemory().Collection("bench")
	i := 0
	for b.Loop() {
		i++
		if _, err := c.Insert(strconv.Itoa(i), obj); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetParallel(b *testing.B) {
	c := benchCollection(b, 100_000)
	b.ReportAllocs()
	b.ResetTimer() // RunParallel has no b.Loop to leave the set-up out
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.Get("50000")
		}
	})
}

// BenchmarkFieldsCold reads one field of every record of a collection kept
// cold, as a list filter does: what Record.Fields costs on encoded objects
// of about 1 KB.
func BenchmarkFieldsCold(b *testing.B) {
	c := withHotLimit(NewMemory().Collection("bench"), 1)
	const n = 1_000
	code := strings.Repeat("return event.properties.value + 1; ", 20)
	for i := range n {
		obj := richObject(i)
		obj["code"] = code
		obj["inputs"] = map[string]any{"url": map[string]any{"value": "https://example.com/" + strconv.Itoa(i)}, "token": map[string]any{"secret": true}}
		obj["type"] = "destination"
		if _, err := c.Insert(strconv.Itoa(i), obj); err != nil {
			b.Fatal(err)
		}
	}
	recs := c.All()
	keys := []string{"type"}
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range recs {
			if r.Fields(keys)["type"] != "destination" {
				b.Fatal("wrong field")
			}
		}
	}
}
