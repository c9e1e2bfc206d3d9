package mockserver_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/mockserver-go/mockserver"
)

// BenchmarkInProcessPatch measures one validated PATCH of a hog function
// through the in-process client: routing, auth, request validation, the
// state update, the response self-check and the journal, with no socket.
func BenchmarkInProcessPatch(b *testing.B) {
	s, err := mockserver.New(mockserver.Options{EmptyState: true})
	if err != nil {
		b.Fatal(err)
	}
	const id = "0d4cd9a4-4aa4-4b39-a4c1-9b0f9a0b4b2a"
	if _, err := s.Put("hog_functions", map[string]string{"project_id": "1"},
		map[string]any{"id": id, "name": "bench", "hog": "return event"}); err != nil {
		b.Fatal(err)
	}
	c := s.Client()
	url := "http://posthog.test/api/projects/1/hog_functions/" + id + "/"
	const body = `{"name":"renamed","enabled":true}`
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodPatch, url, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer phx_anything")
		req.Header.Set("Content-Type", "application/json")
		resp, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}

// BenchmarkNew is the start-up cost of the embedded contract: loading the
// document and building the server (see docs/performance.md).
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := mockserver.New(mockserver.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
