// This file hashes what a machine holds, so that an explorer of
// interleavings can tell equal states apart from different ones.

package sim

import "encoding/binary"

// DataHash returns a hash of the values the machine holds: the last store
// to every byte (what a coherent machine shows), and, with caches, main
// memory and every cache's lines (tag, state, data, and each line's rank
// in its set's replacement order). Equal states give equal hashes
// whatever the order of the accesses that made them; counters, clocks
// and absolute replacement stamps are left out. Without data it is 0.
func (m *Machine) DataHash(caches bool) uint64 {
	if m.truth == nil {
		return 0
	}
	h := memoryHash(m.truth, 1)
	if !caches {
		return h
	}
	h += memoryHash(m.mem, 2)
	line := m.geo.Line
	for core := range m.caches {
		c := &m.caches[core]
		for i, t := range c.tags {
			if t == noLine {
				continue
			}
			base := i - i%m.ways
			rank := uint64(0)
			for w := base; w < base+m.ways; w++ {
				if w != i && c.tags[w] != noLine && c.stamps[w] < c.stamps[i] {
					rank++
				}
			}
			x := mix64(uint64(core)<<48 ^ t ^ mix64(uint64(c.states[i])<<32|rank) ^ 3)
			if c.data != nil {
				x = mix64(x ^ bytesHash(c.data[i*line:(i+1)*line]))
			}
			h += x
		}
	}
	return h
}

// memoryHash sums a hash of every line that is not all zero: a line
// never written and a line written back to zeros are the same.
func memoryHash(mm *memory, salt uint64) uint64 {
	if mm == nil {
		return 0
	}
	var h uint64
	for ln, b := range mm.lines {
		bh := bytesHash(b)
		if bh == 0 {
			continue
		}
		h += mix64(mix64(ln^salt<<56) ^ bh)
	}
	return h
}

// bytesHash hashes a line's bytes; all zeros hash to 0.
func bytesHash(b []byte) uint64 {
	var h uint64
	zero := true
	for i := 0; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		if w != 0 {
			zero = false
		}
		h = mix64(h ^ w ^ uint64(i))
	}
	if zero {
		return 0
	}
	return h | 1
}

// mix64 is SplitMix64's finaliser.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
