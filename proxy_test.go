package mockserver

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestProxyModeEndToEnd(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/pets/":
			_, _ = io.WriteString(w, `{"count":2,"next":null,"results":[{"id":1,"name":"Tom","kind":"cat","api_key":"phx_0123456789abcdef"},{"id":2,"name":"Rex","kind":"dog"}]}`)
		case "/pets/2/":
			_, _ = io.WriteString(w, `{"id":2,"name":"Rex","kind":"dog","color":"brown","personal_api_key":"phx_fedcba9876543210"}`)
		default:
			w.WriteHeader(404)
			_, _ = io.WriteString(w, `{"detail":"nope"}`)
		}
	}))
	defer up.Close()
	dir := t.TempDir()
	s, err := New(Options{SpecFile: petsSpec, Proxy: up.URL, RecordDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	w := serve(t, s, "GET", "/pets/?personal_api_key=phx_querysecret123", "", "Authorization", "Bearer phx_headersecret123")
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"api_key":"phx_0123456789abcdef"`) {
		t.Fatalf("client did not get the upstream answer unchanged: %d %s", w.Code, w.Body.String())
	}
	serve(t, s, "GET", "/pets/2/", "", "Authorization", "Bearer phx_headersecret123")
	serve(t, s, "GET", "/pets/5/", "")

	r := s.Report()
	if r.Mode != "proxy" || r.Upstream != up.URL {
		t.Errorf("mode %q upstream %q", r.Mode, r.Upstream)
	}
	var codes []string
	for _, v := range r.Violations {
		codes = append(codes, v.Operation+" "+v.Field+" "+v.Code)
	}
	joined := strings.Join(codes, ", ")
	for _, want := range []string{"pets_retrieve color undocumented_field", "pets_retrieve personal_api_key undocumented_field", "pets_retrieve message required", "pets_retrieve detail undocumented_field"} {
		if !strings.Contains(joined, want) {
			t.Errorf("drift %q not reported: %s", want, joined)
		}
	}
	var everything bytes.Buffer
	_ = r.WriteJSON(&everything)
	_ = r.WriteJUnit(&everything)
	jb, _ := json.Marshal(s.Requests())
	everything.Write(jb)
	for _, secret := range []string{"querysecret", "headersecret", "phx_0123456789abcdef", "phx_fedcba"} {
		if strings.Contains(everything.String(), secret) {
			t.Errorf("%s leaked into the journal or reports", secret)
		}
	}

	files, err := s.SaveRecording()
	if err != nil || len(files) != 1 {
		t.Fatalf("SaveRecording = %v, %v", files, err)
	}
	if skipped := s.RecordingSkipped(); len(skipped) != 0 {
		t.Errorf("skipped = %v", skipped)
	}
	// What the real API returned seeds the stateful mock.
	m, err := New(Options{SpecFile: petsSpec, FixturesDir: dir})
	if err != nil {
		t.Fatalf("recorded fixtures do not load: %v", err)
	}
	list := m.List("pets", nil)
	if len(list) != 2 || list[1]["name"] != "Rex" || list[0]["api_key"] != "[redacted]" {
		t.Errorf("mock state from the recording = %v", list)
	}
	if w := serve(t, m, "GET", "/pets/2/", ""); w.Code != 200 || !strings.Contains(w.Body.String(), `"Rex"`) {
		t.Errorf("GET recorded pet = %d %s", w.Code, w.Body.String())
	}
}

func TestRecordNeedsProxy(t *testing.T) {
	if _, err := New(Options{SpecFile: petsSpec, RecordDir: t.TempDir()}); err == nil {
		t.Error("RecordDir without Proxy accepted")
	}
	if _, err := New(Options{SpecFile: petsSpec, Proxy: "not a url"}); err == nil {
		t.Error("bad Proxy accepted")
	}
}
