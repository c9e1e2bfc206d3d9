package mockserver

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestColdRecordsBehaveAsHot runs the same requests against two servers:
// one keeping every stored object decoded, one only two per collection, so
// that nearly every object is read back from its encoded ("cold") form. Every
// answer must be the same, byte for byte: gets, lists in creation and in
// declared order, patches, soft deletes and restores, reset, and a state
// saved and loaded again.
func TestColdRecordsBehaveAsHot(t *testing.T) {
	type server struct {
		s   *Server
		log strings.Builder
	}
	newServer := func(hotLimit int) *server {
		clock := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		s := newHardServer(t, Options{Seed: 3, Now: func() time.Time { clock = clock.Add(time.Second); return clock }})
		s.docs[0].eng.Store().SetHotLimit(hotLimit) // before any collection is made
		return &server{s: s}
	}
	hot, cold := newServer(1<<30), newServer(2)
	both := []*server{hot, cold}

	// do sends a request to both servers and logs the answers. Every
	// request says Content-Type: application/json, bodiless ones too.
	do := func(method, target, body string) {
		t.Helper()
		for _, x := range both {
			w := authed(t, x.s, method, target, body, "Content-Type", "application/json")
			fmt.Fprintf(&x.log, "%s %s %s\n-> %d %s\n", method, target, body, w.Code, w.Body)
		}
	}
	compare := func(step string) {
		t.Helper()
		a, b := hot.log.String(), cold.log.String()
		if a != b {
			al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
			for i := range min(len(al), len(bl)) {
				if al[i] != bl[i] {
					t.Fatalf("%s: answers differ at line %d:\nall hot: %.400s\ncold:    %.400s", step, i, al[i], bl[i])
				}
			}
			t.Fatalf("%s: answers differ in length", step)
		}
	}
	idsOf := func(list string) []string {
		w := authed(t, hot.s, "GET", list+"?limit=1000", "", "Content-Type", "application/json")
		var ids []string
		for _, r := range decodeList(t, w.Body.Bytes()).Results {
			ids = append(ids, fmt.Sprint(r["id"]))
		}
		return ids
	}
	readAll := func() {
		t.Helper()
		for _, list := range []string{hfList, inList} { // declared order, creation order
			for off := 0; off < 60; off += 7 {
				do("GET", fmt.Sprintf("%s?limit=7&offset=%d", list, off), "")
			}
			do("GET", list+"?limit=1000", "")
			for _, id := range idsOf(list) {
				do("GET", list+id+"/", "")
			}
		}
		// Filters, list hooks and their orders read fields of every object.
		do("GET", hfList+"?type=transformation&limit=1000", "")
		do("GET", inList+"?insight=TRENDS&limit=1000", "")
		do("GET", inList+"?order=-name&limit=1000", "")
	}

	for i := range 25 {
		body := `{"name":"t` + fmt.Sprint(i) + `","hog":"return event","type":"transformation","enabled":true}`
		if i%3 == 0 {
			body = `{"name":"d` + fmt.Sprint(i) + `","hog":"fetch(inputs.url)"}`
		}
		do("POST", hfList, body)
		do("POST", inList, `{"name":"insight `+fmt.Sprint(i)+`","description":"<b>&</b> é"}`)
	}
	readAll()
	compare("after creates")

	hogs, insights := idsOf(hfList), idsOf(inList)
	for i, id := range hogs {
		if i%4 == 0 {
			do("PATCH", hfList+id+"/", `{"name":"renamed `+fmt.Sprint(i)+`","execution_order":`+fmt.Sprint(30-i)+`}`)
		}
		if i%5 == 1 {
			do("PATCH", hfList+id+"/", `{"deleted":true}`)
		}
	}
	for i, id := range insights {
		if i%3 == 0 {
			do("PATCH", inList+id+"/", `{"name":"changed `+fmt.Sprint(i)+`","tags":["a","b"]}`)
		}
		if i%4 == 1 {
			do("PATCH", inList+id+"/", `{"deleted":true}`)
		}
	}
	do("PATCH", inList+insights[1]+"/", `{"deleted":false}`) // restored
	readAll()
	compare("after patches and soft deletes")

	saved := exportState(t, hot.s)
	if got := exportState(t, cold.s); string(got) != string(saved) {
		t.Fatalf("saved states differ:\n%.300s\n%.300s", saved, got)
	}
	colds := 0
	for _, key := range cold.s.docs[0].eng.Store().Keys() {
		c, _ := cold.s.docs[0].eng.Store().Lookup(key)
		for _, r := range c.All() {
			if r.Cold() {
				colds++
			}
		}
	}
	if colds < 30 {
		t.Fatalf("only %d cold records: the test does not exercise them", colds)
	}

	for _, x := range both {
		x.s.Reset()
	}
	readAll()
	compare("after reset")

	for _, x := range both {
		if err := x.s.docs[0].eng.Restore(saved); err != nil {
			t.Fatal(err)
		}
	}
	readAll()
	compare("after the state is loaded")
	if got := exportState(t, cold.s); string(got) != string(saved) {
		t.Fatal("state changed by a load")
	}
}
