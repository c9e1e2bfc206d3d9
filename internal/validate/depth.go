package validate

import "strconv"

// DefaultMaxDepth is the JSON nesting limit when none is configured.
const DefaultMaxDepth = 64

// depthError reports a JSON document nested deeper than the limit.
type depthError struct{ max int }

func (e depthError) Error() string {
	return "JSON nesting exceeds " + strconv.Itoa(e.max) + " levels"
}

// checkDepth scans JSON text and fails as soon as arrays and objects nest
// deeper than max. It stops at the first byte past the limit, so a body of
// 100,000 '[' costs max+1 steps, and it never allocates. Strings (with
// escapes) are skipped so brackets inside them do not count. It does not
// validate the JSON otherwise: json.Unmarshal does that afterwards.
func checkDepth(data []byte, max int) error {
	if max <= 0 {
		return nil
	}
	depth := 0
	inString, escaped := false, false
	for _, c := range data {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '[', '{':
			depth++
			if depth > max {
				return depthError{max}
			}
		case ']', '}':
			depth--
		}
	}
	return nil
}
