package overlay

import "testing"

// FuzzApply: no document or overlay makes Apply panic or hang.
func FuzzApply(f *testing.F) {
	f.Add([]byte(pets), []byte(overlayOf("- target: $.paths.*.get\n  update: {x-a: [1]}\n- target: $..parameters[?@.name == 'dummy']\n  remove: true\n").Data))
	f.Add([]byte("a: &x [1, *x]\n"), []byte(overlayOf("- target: $.a\n  update: 2\n").Data))
	f.Add([]byte(`{"a": [{"b": null}]}`), []byte(overlayOf("- target: $.a[0]\n  update: {b: {c: 1}}\n- target: $.a[*]\n  remove: true\n").Data))
	f.Fuzz(func(t *testing.T, doc, ov []byte) {
		_, _, _ = Apply(doc, File{Name: "fuzz", Data: ov})
	})
}
