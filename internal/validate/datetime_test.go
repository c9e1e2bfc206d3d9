package validate

import (
	"regexp"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// validDateTime answers as kin-openapi's date-time check, on valid
// timestamps and on every one-character change, cut and insertion of them.
func TestValidDateTimeAsKin(t *testing.T) {
	re := regexp.MustCompile(openapi3.FormatOfStringDateTime)
	kin := func(s string) bool {
		if !re.MatchString(s) {
			return false
		}
		_, err := time.Parse(time.DateOnly, s[:len(time.DateOnly)])
		return err == nil
	}
	bases := []string{"2025-06-10T09:30:00Z", "2024-02-29T23:59:60.123456Z", "2023-12-31T00:00:00+05:30",
		"2023-02-28T12:00:00.5-23:59", "1999-10-01T19:09:59Z"}
	const chars = "0123456789-:TZ.+ az\n\xff"
	var cases []string
	for _, b := range bases {
		cases = append(cases, b, b+"\n", "2023-02-30"+b[10:], "2023-13-01"+b[10:], "2023-00-10"+b[10:])
		for i := range len(b) + 1 {
			cases = append(cases, b[:i], b[:i]+b[min(i+1, len(b)):])
			for _, c := range chars {
				cases = append(cases, b[:i]+string(c)+b[i:])
				if i < len(b) {
					cases = append(cases, b[:i]+string(c)+b[i+1:])
				}
			}
		}
	}
	accepted := 0
	for _, s := range cases {
		if got, want := validDateTime(s), kin(s); got != want {
			t.Errorf("validDateTime(%q) = %v, kin-openapi says %v", s, got, want)
		} else if got {
			accepted++
		}
	}
	if accepted < len(bases) || accepted == len(cases) {
		t.Fatalf("%d of %d accepted: the cases do not tell", accepted, len(cases))
	}
}

func TestPlainDateTime(t *testing.T) {
	str := func(f func(s *openapi3.Schema)) *openapi3.Schema {
		s := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}, Format: "date-time"}
		f(s)
		return s
	}
	max := uint64(10)
	for name, c := range map[string]struct {
		s    *openapi3.Schema
		want bool
	}{
		"plain":     {str(func(*openapi3.Schema) {}), true},
		"read-only": {str(func(s *openapi3.Schema) { s.ReadOnly = true; s.Description = "when" }), true},
		"date":      {str(func(s *openapi3.Schema) { s.Format = "date" }), false},
		"maxLength": {str(func(s *openapi3.Schema) { s.MaxLength = &max }), false},
		"pattern":   {str(func(s *openapi3.Schema) { s.Pattern = "^2" }), false},
		"enum":      {str(func(s *openapi3.Schema) { s.Enum = []any{"2025-06-10T09:30:00Z"} }), false},
		"nullable":  {str(func(s *openapi3.Schema) { s.Nullable = true }), false},
		"two types": {str(func(s *openapi3.Schema) { s.Type = &openapi3.Types{openapi3.TypeString, openapi3.TypeNull} }), false},
	} {
		if got := plainDateTime(c.s); got != c.want {
			t.Errorf("%s: plainDateTime = %v, want %v", name, got, c.want)
		}
	}
}
