// Package spell suggests the name a user probably meant: the closest
// candidate by edit distance, for "did you mean" hints in every error
// cohere prints (commands, flags, protocols, and later script names).
package spell

import "strings"

// Nearest returns the candidate closest to name (ignoring case), or ""
// when none is close enough to be a likely typo.
func Nearest(name string, candidates []string) string {
	best, bestD := "", -1
	lower := strings.ToLower(name)
	for _, c := range candidates {
		if len(name) <= 2 && len(c) != len(name) {
			continue // a short name is close only to names as short: w2 ~ w0, x !~ E
		}
		d := distance(lower, strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	limit := max(1, (len(name)+1)/3)
	if len(name) == 1 {
		limit = 0 // a one-letter name is close only to itself in another case
	}
	if bestD < 0 || bestD > limit || strings.EqualFold(best, name) && bestD > 0 {
		return ""
	}
	return best
}

// distance is the edit distance between a and b, in bytes: insertions,
// deletions, substitutions and swaps of two neighbours ("corse" is one
// edit from "cores") each count one.
func distance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// Hint returns " (did you mean X?)" for the nearest candidate, or "" (also
// when name is itself a candidate: the problem is elsewhere).
func Hint(name string, candidates []string) string {
	if n := Nearest(name, candidates); n != "" && n != name {
		return " (did you mean " + n + "?)"
	}
	return ""
}
