package posthog

import (
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/mockserver-go/mockserver/plugin"
)

// insightRespond renders insight responses as CSV for ?format=csv or
// Accept: text/csv (§6.5).
func insightRespond(c plugin.Call, resp *plugin.Response) (*plugin.Response, error) {
	if resp.Value == nil || resp.Status < 200 || resp.Status > 299 || !wantsCSV(c) {
		return resp, nil
	}
	h := resp.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Content-Type", "text/csv; charset=utf-8")
	return &plugin.Response{Status: resp.Status, Header: h, Body: []byte(flatCSV(resp.Value))}, nil
}

func wantsCSV(c plugin.Call) bool {
	if f := c.Query().Get("format"); f != "" {
		return f == "csv"
	}
	return strings.Contains(c.Header().Get("Accept"), "text/csv")
}

// flatCSV is djangorestframework-csv's rendering: each row flattened to
// dotted columns, headers sorted as strings, null empty, Python booleans,
// CRLF line ends. A single object is one row.
func flatCSV(v any) string {
	rows, ok := v.([]any)
	if !ok {
		rows = []any{v}
	}
	flat := make([]map[string]string, len(rows))
	cols := map[string]bool{}
	for i, r := range rows {
		flat[i] = map[string]string{}
		flatten(r, "", flat[i])
		for k := range flat[i] {
			cols[k] = true
		}
	}
	header := make([]string, 0, len(cols))
	for k := range cols {
		header = append(header, k)
	}
	sort.Strings(header)
	var b strings.Builder
	writeRow(&b, header)
	for _, f := range flat {
		cells := make([]string, len(header))
		for i, h := range header {
			cells[i] = f[h]
		}
		writeRow(&b, cells)
	}
	return b.String()
}

func flatten(v any, prefix string, out map[string]string) {
	join := func(k string) string {
		if prefix == "" {
			return k
		}
		return prefix + "." + k
	}
	switch x := v.(type) {
	case map[string]any:
		for k, el := range x {
			flatten(el, join(k), out)
		}
	case []any:
		for i, el := range x {
			flatten(el, join(strconv.Itoa(i)), out)
		}
	default:
		out[prefix] = pyString(x)
	}
}

// pyString writes a scalar as Python's str() would.
func pyString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return "True"
		}
		return "False"
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e16 {
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return x
	}
	return ""
}

// writeRow writes one row with Python csv's QUOTE_MINIMAL rules.
func writeRow(b *strings.Builder, cells []string) {
	for i, s := range cells {
		if i > 0 {
			b.WriteByte(',')
		}
		if strings.ContainsAny(s, ",\"\r\n") {
			b.WriteByte('"')
			b.WriteString(strings.ReplaceAll(s, `"`, `""`))
			b.WriteByte('"')
			continue
		}
		b.WriteString(s)
	}
	b.WriteString("\r\n")
}
