package overlay

import (
	"os"
	"testing"
)

// BenchmarkApplyPostHog applies a 20-action overlay to PostHog's full
// document (parse, queries, encode).
func BenchmarkApplyPostHog(b *testing.B) {
	doc, err := os.ReadFile("../../testdata/posthog-openapi.yaml")
	if err != nil {
		b.Fatal(err)
	}
	ov, err := os.ReadFile("../../testdata/overlays/posthog-bench.overlay.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ApplyLoadable(doc, File{Name: "bench", Data: ov}); err != nil {
			b.Fatal(err)
		}
	}
}
