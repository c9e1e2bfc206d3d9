package mockserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// A PATCH with one invalid field is refused as a whole: the valid fields
// sent with it are not applied either.
func TestInvalidPatchChangesNothing(t *testing.T) {
	s := newHardServer(t, Options{})
	scope := map[string]string{"project_id": "1"}
	w := authed(t, s, "POST", hfList, `{"name":"before","hog":"return 1","description":"kept"}`)
	if w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	var hf map[string]any
	_ = json.Unmarshal(w.Body.Bytes(), &hf)
	hfID := hf["id"].(string)
	warm(t, s)
	cases := []struct{ name, path, body, attr string }{
		{"wrong type next to a valid field", inList + "1/", `{"name":"after","order":"first"}`, "order"},
		{"invalid enum", hfList + hfID + "/", `{"name":"after","type":"no_such_type"}`, "type"},
		{"too long", hfList + hfID + "/", `{"description":"after","name":"` + strings.Repeat("n", 401) + `"}`, "name"},
		{"null for a non-nullable field", inList + "1/", `{"name":"after","saved":null}`, "saved"},
		{"wrong type nested", hfList + hfID + "/", `{"name":"after","filters":"not an object"}`, "filters"},
		{"an array body", inList + "1/", `[{"name":"after"}]`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := exportState(t, s)
			hfBefore, _, _ := s.Get("hog_functions", scope, hfID)
			w := authed(t, s, "PATCH", tc.path, tc.body)
			body := assertErrorFormat(t, tc.name, w)
			if w.Code != 400 {
				t.Errorf("status %d, want 400", w.Code)
			}
			if tc.attr != "" && body != nil && body["attr"] != tc.attr {
				t.Errorf("attr %v, want %q", body["attr"], tc.attr)
			}
			if !bytes.Equal(before, exportState(t, s)) {
				t.Errorf("the refused PATCH changed the state")
			}
			hfAfter, _, _ := s.Get("hog_functions", scope, hfID)
			if hfAfter["name"] != hfBefore["name"] || hfAfter["description"] != "kept" {
				t.Errorf("object changed: %v -> %v", hfBefore["name"], hfAfter["name"])
			}
		})
	}
}

// syncBuffer is a log sink safe for the handler's concurrent writes.

type listPage struct {
	Count   int              `json:"count"`
	Results []map[string]any `json:"results"`
}

func decodeList(t *testing.T, body []byte) listPage {
	t.Helper()
	var p listPage
	if err := json.Unmarshal(body, &p); err != nil {
		t.Errorf("list body: %v: %.200s", err, body)
	}
	return p
}

// checkPair is the torn-object check: the pair writer always sets name
// and derived_name together, so any snapshot of an object it wrote has
// them equal.

// checkPair is the torn-object check: the pair writer always sets name
// and derived_name together, so any snapshot of an object it wrote has
// them equal.
func checkPair(t *testing.T, where string, obj map[string]any) {
	name, _ := obj["name"].(string)
	if strings.HasPrefix(name, "pair-") && obj["derived_name"] != name {
		t.Errorf("%s: torn object %v: name %q, derived_name %q", where, obj["id"], name, obj["derived_name"])
	}
}

// Hundreds of clients at once, no resets: creates, PATCHes of different
// fields of the same objects, reads and lists. Afterwards every object
// holds every field's last written value (no lost update), no snapshot was
// ever torn, nothing answered 5xx, and paging adds up.

// Hundreds of clients at once, no resets: creates, PATCHes of different
// fields of the same objects, reads and lists. Afterwards every object
// holds every field's last written value (no lost update), no snapshot was
// ever torn, nothing answered 5xx, and paging adds up.
func TestConcurrentNoLostUpdates(t *testing.T) {
	s := newHardServer(t, Options{EmptyState: true})
	const (
		objects  = 8
		patches  = 8
		creators = 100
		listers  = 8
	)
	ids := make([]string, objects)
	for i := range ids {
		w := authed(t, s, "POST", inList, `{"name":"pair-0","derived_name":"pair-0","description":"d-0","order":0,"saved":true}`)
		if w.Code != 201 {
			t.Fatalf("create: %d %s", w.Code, w.Body)
		}
		var obj map[string]any
		_ = json.Unmarshal(w.Body.Bytes(), &obj)
		ids[i] = strconv.FormatFloat(obj["id"].(float64), 'f', -1, 64)
	}
	var wg sync.WaitGroup
	fail := func(format string, args ...any) { t.Errorf(format, args...) }
	// Three writers per object, each owning different fields.
	writers := []func(k int) string{
		func(k int) string { return fmt.Sprintf(`{"name":"pair-%d","derived_name":"pair-%d"}`, k, k) },
		func(k int) string { return fmt.Sprintf(`{"description":"d-%d"}`, k) },
		func(k int) string { return fmt.Sprintf(`{"order":%d}`, k) },
	}
	for _, id := range ids {
		for wi, body := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := 1; k <= patches; k++ {
					w := authed(t, s, "PATCH", inList+id+"/", body(k))
					if w.Code != 200 {
						fail("PATCH %s writer %d: %d %s", id, wi, w.Code, w.Body)
						return
					}
					var obj map[string]any
					_ = json.Unmarshal(w.Body.Bytes(), &obj)
					checkPair(t, "PATCH response", obj)
				}
			}()
		}
	}
	for c := 0; c < creators; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 1; k++ {
				w := authed(t, s, "POST", inList, fmt.Sprintf(`{"name":"c-%d-%d","saved":true}`, c, k))
				if w.Code != 201 {
					fail("create: %d %s", w.Code, w.Body)
				}
			}
		}()
	}
	for l := 0; l < listers; l++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			last := 0
			for k := 0; k < 3; k++ {
				// count and results come from one atomic read of the
				// collection: a page is full unless it holds everything.
				w := authed(t, s, "GET", inList+"?limit=20", "")
				if w.Code != 200 {
					fail("list: %d %s", w.Code, w.Body)
					return
				}
				p := decodeList(t, w.Body.Bytes())
				if len(p.Results) != min(p.Count, 20) {
					fail("list: count %d but %d results on a 20-object page", p.Count, len(p.Results))
				}
				if p.Count < last {
					fail("list: count went down from %d to %d without deletes", last, p.Count)
				}
				last = p.Count
				for _, o := range p.Results {
					checkPair(t, "list", o)
				}
				w = authed(t, s, "GET", inList+ids[(l+k)%objects]+"/", "")
				if w.Code != 200 {
					fail("read: %d", w.Code)
				}
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	// No lost update: every field holds its writer's last value.
	for _, id := range ids {
		obj, _, ok := s.Get("insights", map[string]string{"project_id": "1"}, id)
		if !ok {
			t.Fatalf("object %s is gone", id)
		}
		want := map[string]any{"name": fmt.Sprintf("pair-%d", patches), "derived_name": fmt.Sprintf("pair-%d", patches),
			"description": fmt.Sprintf("d-%d", patches), "order": float64(patches)}
		for k, v := range want {
			if obj[k] != v {
				t.Errorf("object %s: %s = %v, want %v (a lost update)", id, k, obj[k], v)
			}
		}
	}
	// Paging adds up: count is the number of objects the pages return.
	total := objects + creators
	seen := map[string]bool{}
	for offset := 0; ; offset += 7 {
		p := decodeList(t, authed(t, s, "GET", inList+"?limit=7&offset="+strconv.Itoa(offset), "").Body.Bytes())
		if p.Count != total {
			t.Fatalf("count %d, want %d", p.Count, total)
		}
		if len(p.Results) == 0 {
			break
		}
		for _, o := range p.Results {
			id := fmt.Sprint(o["id"])
			if seen[id] {
				t.Errorf("object %s on two pages", id)
			}
			seen[id] = true
		}
	}
	if len(seen) != total {
		t.Errorf("the pages returned %d objects, count says %d", len(seen), total)
	}
}

// Everything at once, resets included: resets race with creates, PATCHes
// and lists. Nothing may answer 5xx or panic, a PATCH either applies or
// finds the object gone (404), no object is ever torn, a single-page list's
// count always matches its results, and the race detector stays quiet.

// Everything at once, resets included: resets race with creates, PATCHes
// and lists. Nothing may answer 5xx or panic, a PATCH either applies or
// finds the object gone (404), no object is ever torn, a single-page list's
// count always matches its results, and the race detector stays quiet.
func TestConcurrentWithResets(t *testing.T) {
	s := newHardServer(t, Options{})
	var wg sync.WaitGroup
	const workers = 200
	for g := 0; g < workers; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 1; k++ {
				switch (g + k) % 6 {
				case 0:
					if g%25 == 0 {
						w := authed(t, s, "POST", "/__mock/reset", "")
						if w.Code != 200 {
							t.Errorf("reset: %d", w.Code)
						}
						continue
					}
					fallthrough
				case 1:
					w := authed(t, s, "POST", inList, fmt.Sprintf(`{"name":"pair-%d","derived_name":"pair-%d"}`, g, g))
					if w.Code != 201 {
						t.Errorf("create: %d %s", w.Code, w.Body)
					}
				case 2, 3:
					id := strconv.Itoa(1 + (g+k)%4) // the seeded ones and the first created
					w := authed(t, s, "PATCH", inList+id+"/", fmt.Sprintf(`{"name":"pair-%d","derived_name":"pair-%d"}`, k, k))
					if w.Code != 200 && w.Code != 404 {
						t.Errorf("PATCH: %d %s", w.Code, w.Body)
					}
					if w.Code == 200 {
						var obj map[string]any
						_ = json.Unmarshal(w.Body.Bytes(), &obj)
						checkPair(t, "PATCH", obj)
					}
				default:
					w := authed(t, s, "GET", inList+"?limit=1000", "")
					if w.Code != 200 {
						t.Errorf("list: %d", w.Code)
						continue
					}
					p := decodeList(t, w.Body.Bytes())
					if p.Count != len(p.Results) {
						t.Errorf("list: count %d but %d results", p.Count, len(p.Results))
					}
					for _, o := range p.Results {
						checkPair(t, "list", o)
					}
				}
			}
		}()
	}
	wg.Wait()
	for _, r := range s.Requests() {
		if r.Status >= 500 {
			t.Errorf("%s %s answered %d: %s", r.Method, r.Path, r.Status, r.Response)
		}
	}
}
