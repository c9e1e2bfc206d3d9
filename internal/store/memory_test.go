package store

import (
	"encoding/json"
	"runtime"
	"strconv"
	"testing"
)

func smallObject(i int) map[string]any {
	return map[string]any{"id": float64(i), "name": "function " + strconv.Itoa(i), "enabled": i%2 == 0}
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestMemoryOverhead checks that the store costs less than 2 KB per object
// beyond the object's JSON size, over 100,000 small objects. It also reports
// the overhead beyond the bare Go maps. It is deliberately not parallel:
// parallel tests are paused while it runs, so the heap measure is its own.
func TestMemoryOverhead(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates 100,000 objects")
	}
	const n = 100_000
	var jsonBytes int
	for i := range n {
		b, _ := json.Marshal(smallObject(i))
		jsonBytes += len(b)
	}

	base := heapInUse()
	bare := make([]map[string]any, n)
	for i := range bare {
		bare[i] = smallObject(i)
	}
	bareBytes := heapInUse() - base
	runtime.KeepAlive(bare)
	bare = nil

	base = heapInUse()
	s := NewMemory()
	c := s.Collection("hog_functions|project_id=1")
	for i := range n {
		id := strconv.FormatInt(c.NextInt(), 10)
		if _, err := c.Insert(id, smallObject(i)); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < n; i += 3 { // hidden objects cost the same
		c.SetHidden(strconv.Itoa(i+1), true)
	}
	storeBytes := heapInUse() - base
	runtime.KeepAlive(s)

	perObject := float64(storeBytes) / n
	perJSON := float64(jsonBytes) / n
	overJSON := perObject - perJSON
	overMaps := (float64(storeBytes) - float64(bareBytes)) / n
	t.Logf("per object: %.0f B in store, %.0f B JSON, %.0f B bare Go map; overhead %.0f B beyond JSON, %.0f B beyond the map",
		perObject, perJSON, float64(bareBytes)/n, overJSON, overMaps)
	if overJSON >= 2048 {
		t.Fatalf("overhead %.0f B per object beyond JSON, want < 2048", overJSON)
	}
	if overMaps >= 512 {
		t.Fatalf("store bookkeeping %.0f B per object beyond the objects, want < 512", overMaps)
	}
}
