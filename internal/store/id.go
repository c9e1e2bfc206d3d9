package store

import (
	"encoding/json"
	"strconv"
)

// IDString is an object id as the store keys it: a string as is, a number
// in its shortest decimal form; "" for anything else.
func IDString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case json.Number:
		return x.String()
	default:
		return ""
	}
}
