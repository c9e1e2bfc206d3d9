package spec

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func TestDiscriminatorsCompleted(t *testing.T) {
	t.Parallel()
	d := mustLoadFile(t, "../../testdata/corpus/3.0/discriminators.json")
	body := func(id string) *openapi3.Schema {
		op, ok := d.Operation(id)
		if !ok {
			t.Fatalf("no operation %s", id)
		}
		return op.Op.RequestBody.Value.Content["application/json"].Schema.Value
	}
	cases := []struct {
		op, value string
		want      []string
	}{
		// discriminator without mapping: the implicit one (schema names).
		{"oneOfWithTopLevelDiscriminatorNoMapping", "OptionOneNoDisc", []string{"OptionOneNoDisc", "OptionTwoNoDisc"}},
		// no discriminator, but both branches inherit Pet's through allOf.
		{"patch_embedded_discriminator", "Cat", []string{"Cat", "Dog"}},
	}
	for _, tc := range cases {
		s := body(tc.op)
		if s.Discriminator == nil {
			t.Fatalf("%s: no discriminator", tc.op)
		}
		for _, k := range tc.want {
			if _, ok := s.Discriminator.Mapping[k]; !ok {
				t.Errorf("%s: mapping %v lacks %s", tc.op, s.Discriminator.Mapping, k)
			}
		}
		// The branches overlap by shape: only the discriminator tells them
		// apart, so a value naming one branch is valid (not "matches more
		// than one schema"), and a value naming none is not.
		pn := s.Discriminator.PropertyName
		if err := s.VisitJSON(map[string]any{pn: tc.value}); err != nil {
			t.Errorf("%s: %s=%s: %v", tc.op, pn, tc.value, err)
		}
		if err := s.VisitJSON(map[string]any{pn: "Unknown"}); err == nil {
			t.Errorf("%s: %s=Unknown validated", tc.op, pn)
		}
	}
}
