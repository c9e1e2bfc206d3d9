package validate

import (
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// plainDateTime reports whether s is a string schema whose only
// constraint is format date-time (readOnly and examples aside): a string
// then passes when validDateTime accepts it.
func plainDateTime(s *openapi3.Schema) bool {
	if s.Type == nil || len(*s.Type) != 1 || (*s.Type)[0] != openapi3.TypeString || s.Format != "date-time" {
		return false
	}
	r := *s
	r.Type, r.Format, r.ReadOnly, r.Examples, r.Example = nil, "", false, nil, nil
	return r.IsEmpty()
}

// validDateTime reports whether s passes kin-openapi's date-time format
// check (openapi3.FormatOfStringDateTime, then the date parsed), without
// its regular expression. Nothing else relies on it: a false answer is
// checked again by kin-openapi, with its message.
func validDateTime(s string) bool {
	// YYYY-MM-DDTHH:MM:SS, then an optional fraction and a zone.
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return false
	}
	for _, i := range [...]int{0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	two := func(i int) int { return int(s[i]-'0')*10 + int(s[i+1]-'0') }
	if m, d := two(5), two(8); m < 1 || m > 12 || d < 1 || d > 31 || two(11) > 23 || two(14) > 59 || two(17) > 60 {
		return false
	}
	zone := s[19:]
	if zone[0] == '.' {
		n := 1
		for n < len(zone) && zone[n] >= '0' && zone[n] <= '9' {
			n++
		}
		if n == 1 {
			return false
		}
		zone = zone[n:]
	}
	switch {
	case zone == "Z":
	case len(zone) == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':':
		for _, c := range zone[1:3] + zone[4:6] {
			if c < '0' || c > '9' {
				return false
			}
		}
		if h, m := int(zone[1]-'0')*10+int(zone[2]-'0'), zone[4]; h > 23 || m > '5' {
			return false
		}
	default:
		return false
	}
	_, err := time.Parse(time.DateOnly, s[:len(time.DateOnly)])
	return err == nil
}
