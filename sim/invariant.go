// This file checks the coherence invariants of PROTOCOLS.md: single writer
// / multiple readers for invalidation protocols, and the data value for
// every coherent protocol.

package sim

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/cohere-sim/cohere/sim/protocol"
)

// Exempt says why the invariant checker does not apply to this machine's
// protocol (none, WT), or "" when it does.
func (m *Machine) Exempt() string { return m.table.Exempt }

// CheckLine checks the invariants that apply to the protocol on the line
// holding addr, and returns one message per violation. An exempt protocol
// has none.
func (m *Machine) CheckLine(addr uint64) []string {
	t := m.table
	if t.Kind() == protocol.Incoherent {
		return nil
	}
	ln := addr >> m.lineShift
	set := m.setOf(ln)
	la := ln << m.lineShift
	var out []string
	var holders []string
	writer := -1
	dirty := false
	for k := range m.caches {
		s := m.lineState(k, ln, set)
		if s == protocol.Invalid {
			continue
		}
		holders = append(holders, fmt.Sprintf("P%d in %s", k, t.States[s]))
		if t.Writable(s) && writer < 0 {
			writer = k
		}
		if t.IsDirty(s) {
			dirty = true
		}
	}
	if t.Kind() == protocol.Invalidating && writer >= 0 && len(holders) > 1 {
		out = append(out, fmt.Sprintf("line %#x: single writer violated: %s", la, strings.Join(holders, ", ")))
	}
	if m.truth != nil {
		want := make([]byte, m.geo.Line)
		m.truth.copyOut(ln, want)
		for k := range m.caches {
			i := m.find(k, ln)
			if i < 0 {
				continue
			}
			got := m.caches[k].data[i*m.geo.Line : (i+1)*m.geo.Line]
			if !bytes.Equal(got, want) {
				out = append(out, fmt.Sprintf("line %#x: P%d's copy (%s) %s", la, k, t.States[m.caches[k].states[i]], differs(got, want, la)))
			}
		}
		if !dirty {
			got := make([]byte, m.geo.Line)
			m.mem.copyOut(ln, got)
			if !bytes.Equal(got, want) {
				out = append(out, fmt.Sprintf("line %#x: memory %s, yet no cache holds the line dirty", la, differs(got, want, la)))
			}
		}
	}
	return out
}

// differs describes the first word where got and want differ.
func differs(got, want []byte, base uint64) string {
	for off := 0; off < len(got); off += 8 {
		end := min(off+8, len(got))
		if !bytes.Equal(got[off:end], want[off:end]) {
			return fmt.Sprintf("holds %d at %#x, the last store wrote %d", getValue(pad8(got[off:end]), 8), base+uint64(off), getValue(pad8(want[off:end]), 8))
		}
	}
	return "differs"
}

func pad8(b []byte) []byte {
	if len(b) >= 8 {
		return b
	}
	p := make([]byte, 8)
	copy(p, b)
	return p
}

// Checker is an observer that checks the invariants after every access:
// on the accessed line, on the victim line, and that every load returned
// the value of the last store in bus order.
type Checker struct {
	Violations []string
	limit      int
}

// NewChecker returns a checker that keeps at most limit messages (0: 100).
func NewChecker(limit int) *Checker {
	if limit <= 0 {
		limit = 100
	}
	return &Checker{limit: limit}
}

// Observe checks the machine after event e.
func (c *Checker) Observe(m *Machine, e *Event) {
	if m.table.Kind() == protocol.Incoherent || len(c.Violations) >= c.limit {
		return
	}
	add := func(msgs ...string) {
		for _, s := range msgs {
			if len(c.Violations) >= c.limit {
				return
			}
			c.Violations = append(c.Violations, fmt.Sprintf("step %d (P%d %s %#x): %s", e.Step, e.Core, e.Op, e.Addr, s))
		}
	}
	add(m.CheckLine(e.Addr)...)
	if e.Victim.Valid {
		add(m.CheckLine(e.Victim.Line)...)
	}
	for _, b := range e.Bus {
		if b.Kind != protocol.BusUpgr {
			continue
		}
		for k, s := range e.Before {
			if k != e.Core && m.table.Writable(s) {
				add(fmt.Sprintf("P%d held the line in %s and saw BusUpgr: another cache had a copy", k, m.table.States[s]))
			}
		}
	}
	if m.truth != nil && e.Op == Read {
		if want := m.truth.read(e.Addr, e.Size); e.Value != want {
			add(fmt.Sprintf("load returned %d, the last store wrote %d", e.Value, want))
		}
	}
}

// Err returns the violations as one error, or nil.
func (c *Checker) Err() error {
	if len(c.Violations) == 0 {
		return nil
	}
	return fmt.Errorf("%d invariant violation(s):\n%s", len(c.Violations), strings.Join(c.Violations, "\n"))
}
