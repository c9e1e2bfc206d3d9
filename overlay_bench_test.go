package mockserver_test

import (
	"os"
	"testing"

	"github.com/mockserver-go/mockserver"
)

// BenchmarkLoadPostHogOverlaid measures starting a server on PostHog's
// full document with and without a 20-action overlay: the overlay's cost
// is the ratio of the two.
func BenchmarkLoadPostHogOverlaid(b *testing.B) {
	doc, err := os.ReadFile("testdata/posthog-openapi.yaml")
	if err != nil {
		b.Fatal(err)
	}
	ov, err := os.ReadFile("testdata/overlays/posthog-bench.overlay.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name     string
		overlays [][]byte
	}{{"plain", nil}, {"overlay-20", [][]byte{ov}}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s, err := mockserver.New(mockserver.Options{Spec: doc, Overlays: bc.overlays})
				if err != nil {
					b.Fatal(err)
				}
				if len(bc.overlays) > 0 && len(s.Warnings()) > 0 && s.Warnings()[0][:7] == "overlay" {
					b.Fatalf("an action selects nothing: %s", s.Warnings()[0])
				}
			}
		})
	}
}
