package mockserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestReadsStoreNothing reads, under 501 project ids never written (one of
// them 100 KB long), lists and objects of both kinds (2,004 GETs): the
// store holds no collection after (each read used to seed and keep one). A
// write to one of those projects then finds the very objects its reads
// showed.
func TestReadsStoreNothing(t *testing.T) {
	t.Parallel()
	s := newHardServer(t, Options{})
	before := exportState(t, s)
	ids := []string{strings.Repeat("9", 100_000)}
	for i := range 500 {
		ids = append(ids, strconv.Itoa(1000+i))
	}
	for _, id := range ids {
		for _, path := range []string{"/api/projects/" + id + "/hog_functions/", "/api/environments/" + id + "/insights/?limit=2",
			"/api/projects/" + id + "/insights/1/", "/api/projects/" + id + "/hog_functions/00000000-0000-4000-8000-000000000000/"} {
			w := authed(t, s, "GET", path, "")
			if w.Code >= 500 {
				t.Fatalf("GET %.80s: %d %.300s", path, w.Code, w.Body.String())
			}
		}
	}
	if keys := s.docs[0].eng.Store().Keys(); len(keys) != 0 {
		t.Fatalf("%d collections stored by reads, e.g. %.100q", len(keys), keys[0])
	}
	if after := exportState(t, s); !bytes.Equal(before, after) {
		t.Fatalf("reads changed the state: %.300s", after)
	}

	// The reads showed the seed; a write stores it and finds the same objects.
	const list = "/api/projects/1042/hog_functions/" // read above
	read := listed(t, authed(t, s, "GET", list, "").Body.Bytes())
	if len(read) == 0 {
		t.Fatal("the read showed no seeded object")
	}
	w := authed(t, s, "POST", list, `{"name":"new","type":"destination","hog":"return event"}`)
	if w.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", w.Code, w.Body.String())
	}
	after := listed(t, authed(t, s, "GET", list, "").Body.Bytes())
	for id, obj := range read {
		if after[id] != obj {
			t.Errorf("seeded %s: read %s, after the write %s", id, obj, after[id])
		}
	}
	if len(after) != len(read)+1 {
		t.Errorf("%d objects after one create, want %d", len(after), len(read)+1)
	}
	if keys := s.docs[0].eng.Store().Keys(); len(keys) != 1 {
		t.Errorf("collections after one write: %q, want one", keys)
	}
}

// listed maps a list page's results by id to their JSON.
func listed(t *testing.T, body []byte) map[string]string {
	t.Helper()
	var page struct {
		Results []map[string]json.RawMessage `json:"results"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatalf("%v: %.300s", err, body)
	}
	out := map[string]string{}
	for _, r := range page.Results {
		b, _ := json.Marshal(r)
		out[string(r["id"])] = string(b)
	}
	return out
}
