package spec

import "testing"

// BenchmarkMatch routes a request path: the embedded contract (22 paths)
// and the full PostHog document (531 paths), which should cost the same.
func BenchmarkMatch(b *testing.B) {
	docs := []struct{ name, path string }{
		{"embedded", "../../openapi.yaml"},
		{"full", "../../testdata/posthog-openapi.yaml"},
	}
	for _, d := range docs {
		doc := mustLoadFile(b, d.path)
		b.Run(d.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m, ok := doc.Match("PATCH", "/api/environments/1/hog_functions/0190e5a2-6f1c-7b3a-9d4e-2c8f1a5b7e90/")
				if !ok || m.Op == nil {
					b.Fatal("no match")
				}
			}
		})
	}
}

// BenchmarkPropertyOrder is the per-schema property order the encoder and
// the create path need.
func BenchmarkPropertyOrder(b *testing.B) {
	doc := mustLoadFile(b, "../../openapi.yaml")
	s := doc.T.Components.Schemas["HogFunction"].Value
	b.ReportAllocs()
	for b.Loop() {
		_ = doc.PropertyOrder(s)
	}
}

// BenchmarkLoad parses and indexes a document (start-up cost).
func BenchmarkLoad(b *testing.B) {
	for _, d := range []struct{ name, path string }{{"embedded", "../../openapi.yaml"}, {"full", "../../testdata/posthog-openapi.yaml"}} {
		b.Run(d.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				mustLoadFile(b, d.path)
			}
		})
	}
}
