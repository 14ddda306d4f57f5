// This file puts lines straight into a cache, before a run: the given
// cache contents a textbook problem starts from, with no bus transaction,
// counter, clock or event.

package sim

import (
	"fmt"
	"strings"

	"github.com/cohere-sim/cohere/sim/protocol"
)

// Install puts the line holding addr into core's cache in state, holding
// data (a whole line, or nil when the machine carries no data). It is for
// setting up a start: no bus transaction, counter, clock, step or event
// comes of it, and the run goes on from there.
//
// The data become the latest value of the line's bytes (what a load must
// return, and what the invariant checker compares every copy with). A
// clean state also makes memory hold them, unless another cache holds the
// line in a dirty state: a clean copy equals memory when no cache has a
// newer one, while a dirty copy leaves memory as it was. So install a
// line's dirty copy before its clean ones.
//
// A line already in core's cache takes the new state and data where it
// is. A new one takes a free way of its set, as the most recently used
// line; when every way of the set holds another line, Install fails and
// names the set: it never evicts. Install checks no invariant (CheckLine
// does), so that a script can build the incoherent states of a protocol
// exempt from them.
func (m *Machine) Install(core int, addr uint64, state protocol.State, data []byte) error {
	if err := m.checkCore(core); err != nil {
		return err
	}
	t := m.table
	if state == protocol.Invalid || int(state) >= len(t.States) {
		return fmt.Errorf("install %#x in P%d: %s", addr, core, m.badState(state))
	}
	switch {
	case m.mem != nil && len(data) != m.geo.Line:
		return fmt.Errorf("install %#x in P%d: %d bytes of data, the line has %d", addr, core, len(data), m.geo.Line)
	case m.mem == nil && data != nil:
		return fmt.Errorf("install %#x in P%d: this machine carries no data (trace mode)", addr, core)
	}
	ln := addr >> m.lineShift
	if ln == noLine {
		return fmt.Errorf("install %#x in P%d: the last line of the address space cannot be cached", addr, core)
	}
	set := m.setOf(ln)
	base := core*m.perCache + set*m.ways
	idx := m.lookup(base, ln)
	if idx < 0 {
		for w := range m.ways {
			if m.tags[base+w] == noLine {
				idx = base + w
				break
			}
		}
		if idx < 0 {
			return fmt.Errorf("install %#x in P%d: set %d is full (%d ways hold %s)", addr, core, set, m.ways, m.setLines(base))
		}
		m.setTag(idx, ln)
		m.stamp += m.stampStep
		m.stamps[idx] = m.stamp
		if k := m.classifier; k != nil {
			k.cores[core].seen[ln] = struct{}{}
			k.cores[core].shadow.touch(ln)
		}
	}
	m.states[idx] = state
	if m.mem == nil {
		return nil
	}
	copy(m.lineData(idx), data)
	m.truth.copyIn(ln, data)
	if !t.IsDirty(state) && !m.heldDirty(ln, set) {
		m.mem.copyIn(ln, data)
	}
	return nil
}

// badState says why state cannot be installed.
func (m *Machine) badState(s protocol.State) string {
	t := m.table
	if s == protocol.Invalid {
		return fmt.Sprintf("%s is the invalid state: install a valid one (%s)", t.States[0], strings.Join(t.States[1:], ", "))
	}
	return fmt.Sprintf("no state %d: %s has states %s", s, t.Name, strings.Join(t.States, ", "))
}

// heldDirty reports whether some cache holds line ln (of set) dirty.
func (m *Machine) heldDirty(ln uint64, set int) bool {
	for k := range m.caches {
		if s := m.lineState(k, ln, set); s != protocol.Invalid && m.table.IsDirty(s) {
			return true
		}
	}
	return false
}

// setLines lists the line addresses of the set whose first way is base.
func (m *Machine) setLines(base int) string {
	var out []string
	for _, ln := range m.tags[base : base+m.ways] {
		if ln != noLine {
			out = append(out, fmt.Sprintf("%#x", ln<<m.lineShift))
		}
	}
	return strings.Join(out, ", ")
}
