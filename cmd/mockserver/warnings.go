package main

import (
	"cmp"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/mockserver-go/mockserver/internal/spec"
)

// maxDetail is how much of a warning's detail the summary shows.
const maxDetail = 200

// printWarnings writes the document's warnings: all of them with
// --warnings, else summarizeWarnings's lines.
func printWarnings(w io.Writer, warnings []string, names []string, all bool) {
	lines := warnings
	if !all {
		lines = summarizeWarnings(warnings, names)
	}
	for _, l := range lines {
		fmt.Fprintln(w, "warning:", l)
	}
}

// summarizeWarnings says warnings in one line per kind with its count and
// its first location (a large dirty document has hundreds of the same
// kind), then how many there are in all when that folded any. Warnings of
// several documents start with the document's mount name (names).
func summarizeWarnings(warnings []string, names []string) []string {
	type kind struct {
		first spec.Warning
		doc   string
		n     int
		raw   string // a warning of no known kind, said as it came
	}
	var order []*kind
	byKind := map[string]*kind{}
	for _, raw := range warnings {
		s, doc := raw, ""
		for _, name := range names {
			if rest, ok := strings.CutPrefix(s, name+": "); ok {
				doc, s = name, rest
				break
			}
		}
		wn := spec.ParseWarning(s)
		if wn.Kind == "" { // no kind to count it under: each is said in full
			order = append(order, &kind{raw: raw, n: 1})
			continue
		}
		k := byKind[wn.Kind]
		if k == nil {
			k = &kind{first: wn, doc: doc}
			byKind[wn.Kind] = k
			order = append(order, k)
		}
		k.n++
	}
	var out []string
	folded := false
	for _, k := range order {
		if k.raw != "" {
			out = append(out, k.raw)
			continue
		}
		wn := k.first
		wn.Detail = clip(wn.Detail, maxDetail)
		if k.doc != "" {
			wn.Where = strings.TrimSuffix(k.doc+" "+wn.Where, " ")
		}
		if k.n == 1 {
			out = append(out, wn.String())
			continue
		}
		folded = true
		out = append(out, fmt.Sprintf("%s ×%d, the first at %s: %s", wn.Kind, k.n, cmp.Or(wn.Where, "the document"), wn.Detail))
	}
	if folded {
		out = append(out, fmt.Sprintf("%d warnings in all; --warnings lists each", len(warnings)))
	}
	return out
}

// clip cuts s to at most n bytes, on a character boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
