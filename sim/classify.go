// This file classifies misses: cold, capacity, conflict (against a fully
// associative LRU shadow cache of the same size), and coherence misses
// split into true and false sharing by the words touched.

package sim

import (
	"fmt"
	"sort"
)

// MissClass is why an access missed.
type MissClass uint8

// The classes. A coherence miss is a miss on a line this cache lost to an
// invalidation; it is true sharing when a word the access touches was
// written by another core since then, false sharing otherwise.
const (
	NotMiss MissClass = iota
	Cold
	Capacity
	Conflict
	TrueSharing
	FalseSharing
	NumClasses
)

var classNames = [NumClasses]string{"hit", "cold", "capacity", "conflict", "true_sharing", "false_sharing"}

func (c MissClass) String() string {
	if c < NumClasses {
		return classNames[c]
	}
	return fmt.Sprintf("MissClass(%d)", c)
}

// ClassCounts counts misses by class; index NotMiss is unused.
type ClassCounts [NumClasses]uint64

// Total is the number of misses counted.
func (c *ClassCounts) Total() uint64 {
	var t uint64
	for _, n := range c[1:] {
		t += n
	}
	return t
}

// LineClasses is one line's miss classes.
type LineClasses struct {
	Line   uint64 // line address
	Counts ClassCounts
}

// Classifier keeps what classification needs: the lines each core has
// touched, the lines it lost to invalidations, a shadow cache per core and
// the last writer of every word.
type Classifier struct {
	lineShift uint
	words8    int // 8-byte words per line
	seq       uint64
	cores     []coreClasses
	words     map[uint64]*lineWrites
	lines     map[uint64]*ClassCounts
}

type coreClasses struct {
	seen   map[uint64]struct{}
	lost   map[uint64]uint64 // line → write sequence number when invalidated
	shadow *shadowLRU
	counts ClassCounts
}

// lineWrites holds, per 8-byte word, the sequence number and core of its
// last write.
type lineWrites struct {
	seq    []uint64
	writer []int32
}

// EnableClassification turns miss classification on. It must come before
// the first access, since the shadow caches must see every one.
func (m *Machine) EnableClassification() error {
	if m.steps > 0 {
		return fmt.Errorf("miss classification must be enabled before the first access")
	}
	k := &Classifier{lineShift: m.lineShift, words: map[uint64]*lineWrites{}, lines: map[uint64]*ClassCounts{}}
	k.words8 = max(1, m.geo.Line/8)
	k.cores = make([]coreClasses, len(m.caches))
	for i := range k.cores {
		k.cores[i] = coreClasses{seen: map[uint64]struct{}{}, lost: map[uint64]uint64{}, shadow: newShadowLRU(m.geo.Sets * m.geo.Ways)}
	}
	m.classifier = k
	return nil
}

// Classifier returns the classifier, or nil when classification is off.
func (m *Machine) Classifier() *Classifier { return m.classifier }

// Core returns core's miss counts by class.
func (k *Classifier) Core(core int) ClassCounts { return k.cores[core].counts }

// Lines returns every line that missed, most misses first (then by address).
func (k *Classifier) Lines() []LineClasses {
	out := make([]LineClasses, 0, len(k.lines))
	for ln, c := range k.lines {
		out = append(out, LineClasses{Line: ln << k.lineShift, Counts: *c})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Counts.Total(), out[j].Counts.Total()
		if a != b {
			return a > b
		}
		return out[i].Line < out[j].Line
	})
	return out
}

// wordRange returns the first and last 8-byte word [addr, addr+size) touches.
func (k *Classifier) wordRange(addr uint64, size int) (int, int) {
	lineMask := uint64(1)<<k.lineShift - 1
	first := int((addr & lineMask) >> 3)
	last := int(((addr + uint64(size) - 1) & lineMask) >> 3)
	if last < first {
		last = first
	}
	return first, last
}

// access classifies one access of core to line ln and feeds the shadow.
func (k *Classifier) access(core int, ln, addr uint64, size int, op Op, miss, allocates bool) MissClass {
	cc := &k.cores[core]
	class := NotMiss
	if miss {
		if _, ok := cc.seen[ln]; !ok {
			class = Cold
			cc.seen[ln] = struct{}{}
		} else if inv, ok := cc.lost[ln]; ok {
			class = FalseSharing
			if lw := k.words[ln]; lw != nil {
				first, last := k.wordRange(addr, size)
				for w := first; w <= last; w++ {
					if lw.seq[w] > inv && int(lw.writer[w]) != core {
						class = TrueSharing
						break
					}
				}
			}
			delete(cc.lost, ln)
		} else if cc.shadow.contains(ln) {
			class = Conflict
		} else {
			class = Capacity
		}
		cc.counts[class]++
		lc := k.lines[ln]
		if lc == nil {
			lc = &ClassCounts{}
			k.lines[ln] = lc
		}
		lc[class]++
	}
	if allocates || !miss {
		cc.shadow.touch(ln)
	}
	return class
}

// wrote records a store by core.
func (k *Classifier) wrote(core int, ln, addr uint64, size int) {
	k.seq++
	lw := k.words[ln]
	if lw == nil {
		lw = &lineWrites{seq: make([]uint64, k.words8), writer: make([]int32, k.words8)}
		k.words[ln] = lw
	}
	first, last := k.wordRange(addr, size)
	for w := first; w <= last; w++ {
		lw.seq[w] = k.seq
		lw.writer[w] = int32(core)
	}
}

// invalidated records that core lost line ln to another core's transaction.
func (k *Classifier) invalidated(core int, ln uint64) {
	k.cores[core].lost[ln] = k.seq
}

// shadowLRU is a fully associative LRU cache of line numbers: a map into a
// doubly linked list kept in arrays, so each touch is O(1).
type shadowLRU struct {
	capacity   int
	index      map[uint64]int32
	key        []uint64
	prev, next []int32
	head, tail int32 // most and least recently used, -1 when empty
}

func newShadowLRU(capacity int) *shadowLRU {
	return &shadowLRU{capacity: capacity, index: map[uint64]int32{}, head: -1, tail: -1}
}

func (s *shadowLRU) contains(ln uint64) bool {
	_, ok := s.index[ln]
	return ok
}

func (s *shadowLRU) unlink(i int32) {
	if s.prev[i] >= 0 {
		s.next[s.prev[i]] = s.next[i]
	} else {
		s.head = s.next[i]
	}
	if s.next[i] >= 0 {
		s.prev[s.next[i]] = s.prev[i]
	} else {
		s.tail = s.prev[i]
	}
}

func (s *shadowLRU) pushFront(i int32) {
	s.prev[i] = -1
	s.next[i] = s.head
	if s.head >= 0 {
		s.prev[s.head] = i
	}
	s.head = i
	if s.tail < 0 {
		s.tail = i
	}
}

// touch makes ln the most recently used line, evicting the least recently
// used one when full.
func (s *shadowLRU) touch(ln uint64) {
	if i, ok := s.index[ln]; ok {
		s.unlink(i)
		s.pushFront(i)
		return
	}
	var i int32
	if len(s.key) < s.capacity {
		i = int32(len(s.key))
		s.key = append(s.key, ln)
		s.prev = append(s.prev, -1)
		s.next = append(s.next, -1)
	} else {
		i = s.tail
		s.unlink(i)
		delete(s.index, s.key[i])
		s.key[i] = ln
	}
	s.index[ln] = i
	s.pushFront(i)
}
