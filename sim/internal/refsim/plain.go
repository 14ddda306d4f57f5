// This file is the plain single-core cache model the reference tests compare with.

package refsim

// Plain is a single-core cache that only tells hits from misses: sets of
// line numbers ordered oldest first, LRU or FIFO, write-allocate, any
// associativity from direct-mapped to fully associative (ways 0).
type Plain struct {
	line    uint64
	ways    int
	sets    [][]uint64
	Hits    uint64
	Misses  uint64
	replace Replacement
}

// NewPlain builds a plain cache of size bytes with the given line size and
// associativity (0: fully associative).
func NewPlain(size, line, ways int, r Replacement) *Plain {
	lines := size / line
	if ways == 0 {
		ways = lines
	}
	return &Plain{line: uint64(line), ways: ways, sets: make([][]uint64, lines/ways), replace: r}
}

// Access looks addr up, fills it on a miss and reports whether it hit.
func (c *Plain) Access(addr uint64) bool {
	l := addr / c.line
	k := l % uint64(len(c.sets))
	set := c.sets[k]
	for i, x := range set {
		if x == l {
			if c.replace == LRU {
				set = append(set[:i], set[i+1:]...)
				c.sets[k] = append(set, l)
			}
			c.Hits++
			return true
		}
	}
	c.Misses++
	if len(set) == c.ways {
		set = set[1:]
	}
	c.sets[k] = append(set, l)
	return false
}
