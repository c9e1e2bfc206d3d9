// Package nearest ranks names by similarity, for "did you mean" hints in
// errors and test failures. Operation ids are snake_case words, so two
// names are compared word by word (a word matches despite a small typo),
// then by edit distance.
package nearest

import (
	"sort"
	"strings"
)

// Names returns up to n candidates closest to name, best first, leaving
// out name itself and candidates too different to be a plausible mistake.
// Candidates for which prefer returns true (e.g. the operations that were
// actually called) come first: they are the likelier mistake.
func Names(name string, candidates []string, n int, prefer func(string) bool) []string {
	type scored struct {
		name  string
		score float64
		pref  bool
		// within: the candidate spells the name whole (hog_functions_create
		// in environments_hog_functions_create): the same thing under
		// another prefix, closer than a sibling that shares its words.
		within bool
		dist   int
	}
	var out []scored
	for _, c := range candidates {
		if c == name {
			continue
		}
		sc := Score(name, c)
		if sc < 0.6 {
			continue
		}
		out = append(out, scored{c, sc, prefer != nil && prefer(c), strings.Contains(c, name), Distance(name, c)})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.pref != b.pref {
			return a.pref
		}
		if a.score != b.score {
			return a.score > b.score
		}
		if a.within != b.within {
			return a.within
		}
		return a.dist < b.dist
	})
	names := make([]string, 0, min(n, len(out)))
	for i := 0; i < len(out) && i < n; i++ {
		names = append(names, out[i].name)
	}
	return names
}

// Score is the Dice coefficient of the two names' words (0 to 1), where a
// word matches a word at most a fifth of its length (at least 1) edits away.
func Score(a, b string) float64 {
	wa, wb := words(a), words(b)
	if len(wa)+len(wb) == 0 {
		return 0
	}
	used := make([]bool, len(wb))
	match := 0
	for _, x := range wa {
		for j, y := range wb {
			if !used[j] && wordsMatch(x, y) {
				used[j] = true
				match++
				break
			}
		}
	}
	return 2 * float64(match) / float64(len(wa)+len(wb))
}

func wordsMatch(x, y string) bool {
	if x == y {
		return true
	}
	return Distance(x, y) <= max(1, min(len(x), len(y))/5)
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == '_' || r == '-' || r == '.' || r == ' ' || r == '/'
	})
}

// Distance is the edit distance between a and b (in bytes), where an
// edit inserts, deletes or replaces a byte, or swaps two adjacent ones
// (optimal string alignment): "sepc" is one typo away from "spec", not two.
func Distance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
