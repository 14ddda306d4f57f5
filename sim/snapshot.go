// This file copies a machine's state, so that an explorer of
// interleavings can branch from a state without running up to it again.

package sim

import "slices"

// Clone returns an independent copy of the machine: caches, memory,
// counters and clocks. Observers and miss classification are not copied.
func (m *Machine) Clone() *Machine {
	c := *m
	c.tags = slices.Clone(m.tags)
	c.sig = slices.Clone(m.sig)
	c.states = slices.Clone(m.states)
	c.stamps = slices.Clone(m.stamps)
	c.caches = make([]cache, len(m.caches))
	n := m.perCache
	for i := range c.caches {
		cc := &c.caches[i]
		cc.tags = c.tags[i*n : (i+1)*n : (i+1)*n]
		cc.states = c.states[i*n : (i+1)*n : (i+1)*n]
		cc.stamps = c.stamps[i*n : (i+1)*n : (i+1)*n]
		if m.caches[i].data != nil {
			cc.data = slices.Clone(m.caches[i].data)
		}
	}
	c.setUsed = slices.Clone(m.setUsed)
	c.usedSets = slices.Clone(m.usedSets)
	c.counters = slices.Clone(m.counters)
	c.clocks = slices.Clone(m.clocks)
	c.holders = slices.Clone(m.holders)
	c.event = Event{Before: slices.Clone(m.event.Before), After: slices.Clone(m.event.After)}
	c.observers = nil
	c.classifier = nil
	if m.mem != nil {
		c.mem = m.mem.clone()
		c.truth = m.truth.clone()
		c.buf = slices.Clone(m.buf)
	}
	return &c
}

// CopyFrom makes m's state an exact copy of src's, reusing m's storage.
// Both machines must have been made from one configuration (m by Clone of
// src or of a machine like it); it reports false, changing nothing, when
// their shapes differ.
func (m *Machine) CopyFrom(src *Machine) bool {
	if len(m.tags) != len(src.tags) || len(m.caches) != len(src.caches) || (m.mem == nil) != (src.mem == nil) {
		return false
	}
	// Only the sets either machine ever used can differ.
	for _, list := range [2][]int32{m.usedSets, src.usedSets} {
		for _, set := range list {
			m.copySet(src, int(set))
		}
	}
	for _, set := range m.usedSets {
		m.setUsed[set] = false
	}
	m.usedSets = append(m.usedSets[:0], src.usedSets...)
	for _, set := range m.usedSets {
		m.setUsed[set] = true
	}
	copy(m.counters, src.counters)
	copy(m.clocks, src.clocks)
	m.busFree, m.stamp, m.rng, m.steps = src.busFree, src.stamp, src.rng, src.steps
	if m.mem != nil {
		m.mem.copyFrom(src.mem)
		m.truth.copyFrom(src.truth)
	}
	return true
}

// copySet copies one set (flat: core*sets + set) of every array from src.
func (m *Machine) copySet(src *Machine, set int) {
	lo, hi := set*m.ways, (set+1)*m.ways
	copy(m.tags[lo:hi], src.tags[lo:hi])
	copy(m.sig[lo:hi], src.sig[lo:hi])
	copy(m.states[lo:hi], src.states[lo:hi])
	copy(m.stamps[lo:hi], src.stamps[lo:hi])
	if m.mem != nil {
		core, line := lo/m.perCache, m.geo.Line
		off := lo - core*m.perCache
		copy(m.caches[core].data[off*line:(off+m.ways)*line], src.caches[core].data[off*line:(off+m.ways)*line])
	}
}

// clone copies a memory, line by line.
func (mm *memory) clone() *memory {
	c := newMemory(mm.line)
	c.copyFrom(mm)
	return c
}

// copyFrom makes mm hold exactly src's lines, reusing its own line
// buffers where it can.
func (mm *memory) copyFrom(src *memory) {
	mm.recent = [recentLines]recentLine{}
	for ln := range mm.lines {
		if _, ok := src.lines[ln]; !ok {
			delete(mm.lines, ln)
		}
	}
	for ln, b := range src.lines {
		copy(mm.made(ln), b)
	}
}
