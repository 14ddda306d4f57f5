// This file lets views look inside the caches without changing them: the
// lines a cache holds with their state and data, and the state of one
// line everywhere.

package sim

import "github.com/cohere-sim/cohere/sim/protocol"

// CacheLine is one valid line of a cache.
type CacheLine struct {
	Set, Way int
	Line     uint64 // line address
	State    protocol.State
	Data     []byte // a copy of the line's bytes; nil without data
}

// CacheContents lists the valid lines of core's cache by set and way.
func (m *Machine) CacheContents(core int) []CacheLine {
	c := &m.caches[core]
	var out []CacheLine
	line := m.geo.Line
	for i, t := range c.tags {
		if t == noLine {
			continue
		}
		cl := CacheLine{Set: i / m.ways, Way: i % m.ways, Line: t << m.lineShift, State: c.states[i]}
		if c.data != nil {
			cl.Data = append([]byte(nil), c.data[i*line:(i+1)*line]...)
		}
		out = append(out, cl)
	}
	return out
}

// MemoryLine returns a copy of main memory's bytes for the line at addr
// (zeros when never written), or nil without data.
func (m *Machine) MemoryLine(addr uint64) []byte {
	if m.mem == nil {
		return nil
	}
	b := make([]byte, m.geo.Line)
	m.mem.copyOut(addr>>m.lineShift, b)
	return b
}

// SetOf returns the set that the line holding addr maps to.
func (m *Machine) SetOf(addr uint64) int { return m.setOf(addr >> m.lineShift) }

// PeekLine returns a copy of the bytes of the line holding addr in core's
// cache, or nil when the core does not hold it (or lines carry no data).
func (m *Machine) PeekLine(core int, addr uint64) ([]byte, error) {
	if err := m.checkCore(core); err != nil {
		return nil, err
	}
	i := m.find(core, addr>>m.lineShift)
	c := &m.caches[core]
	if i < 0 || c.data == nil {
		return nil, nil
	}
	line := m.geo.Line
	return append([]byte(nil), c.data[i*line:(i+1)*line]...), nil
}
