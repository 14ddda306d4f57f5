// This file defines the Machine: its caches as flat arrays, its clocks and
// the read-only inspections that never change it.

package sim

import (
	"fmt"
	"math/bits"

	"github.com/cohere-sim/cohere/sim/protocol"
)

// noLine marks an empty way. A line number is an address shifted right by
// log2(line size); only 1-byte lines could reach it, at the very last byte
// of the address space, and the access functions refuse that address.
const noLine = ^uint64(0)

// cache is one core's L1, stored flat: way i of set s is index s*ways+i.
type cache struct {
	tags   []uint64 // line number, or noLine
	states []protocol.State
	stamps []uint64 // LRU: last use; FIFO: fill time
	data   []byte   // line bytes, when the machine carries data
}

// Machine is one simulated multi-core memory system. It holds all of its
// state: two machines can run side by side.
type Machine struct {
	cfg   Config
	geo   Geometry
	table *protocol.Table

	lineShift uint
	setMask   uint64 // sets-1 when sets is a power of two
	pow2Sets  bool
	ways      int
	hitNext   [protocol.MaxStates][2]int8 // fast path: next state of a plain hit, or -1
	// writesBack marks the states whose Evict row writes the line back.
	writesBack [protocol.MaxStates]bool

	caches   []cache
	counters []Counters
	clocks   []uint64
	busFree  uint64
	stamp    uint64
	rng      uint64
	steps    uint64

	observers []Observer
	event     Event
	holders   []int32 // scratch: way index of the line in each core's cache, or -1

	mem   *memory // main memory, when carrying data
	truth *memory // the last store to every byte in bus order
	buf   []byte  // the line being accessed, while an access is under way

	atomic AtomicOp // the computation of the RMW under way
	cur    inflight // the data side of the access under way

	classifier *Classifier
}

// New builds a machine, or says what in the configuration is wrong.
func New(cfg Config) (*Machine, error) {
	g, t, err := cfg.Validate()
	if err != nil {
		return nil, err
	}
	cfg.Ways = g.Ways
	if cfg.Table != nil {
		cfg.Protocol = t.Name
	} else if name, ok := protocol.Canonical(cfg.Protocol); ok {
		cfg.Protocol = name
	}
	m := &Machine{cfg: cfg, geo: g, table: t, ways: g.Ways}
	m.lineShift = uint(bits.TrailingZeros(uint(g.Line)))
	m.pow2Sets = bits.OnesCount(uint(g.Sets)) == 1
	m.setMask = uint64(g.Sets - 1)
	m.rng = cfg.Seed*0x9E3779B97F4A7C15 | 1
	for s := range m.hitNext {
		for e := range m.hitNext[s] {
			m.hitNext[s][e] = -1
		}
	}
	for s := 1; s < len(t.States); s++ {
		for e := protocol.PrRd; e <= protocol.PrWr; e++ {
			if r := t.Silent(protocol.State(s), e); r >= 0 {
				m.hitNext[s][e] = int8(t.Rows[r].To)
			} else if t.Lookup(protocol.State(s), e, false) < 0 && t.Lookup(protocol.State(s), e, true) < 0 {
				m.hitNext[s][e] = int8(s) // no row: a plain hit that keeps its state
			}
		}
	}
	for s := 1; s < len(t.States); s++ {
		if ri := t.Lookup(protocol.State(s), protocol.Evict, false); ri >= 0 && t.Rows[ri].Has(protocol.WriteBack) {
			m.writesBack[s] = true
		}
	}
	n := g.Sets * g.Ways
	m.caches = make([]cache, cfg.Cores)
	for i := range m.caches {
		c := &m.caches[i]
		c.tags = make([]uint64, n)
		for j := range c.tags {
			c.tags[j] = noLine
		}
		c.states = make([]protocol.State, n)
		c.stamps = make([]uint64, n)
		if cfg.Data {
			c.data = make([]byte, n*g.Line)
		}
	}
	m.counters = make([]Counters, cfg.Cores)
	m.clocks = make([]uint64, cfg.Cores)
	m.holders = make([]int32, cfg.Cores)
	m.event.Before = make([]protocol.State, cfg.Cores)
	m.event.After = make([]protocol.State, cfg.Cores)
	if cfg.Data {
		m.mem = newMemory(g.Line)
		m.truth = newMemory(g.Line)
		m.buf = make([]byte, g.Line)
	}
	return m, nil
}

// Config returns the configuration as resolved (ways filled in for a fully
// associative cache, the protocol's canonical name).
func (m *Machine) Config() Config { return m.cfg }

// Geometry returns the cache shape.
func (m *Machine) Geometry() Geometry { return m.geo }

// Protocol returns the machine's compiled protocol table.
func (m *Machine) Protocol() *protocol.Table { return m.table }

// Cores returns the number of cores.
func (m *Machine) Cores() int { return len(m.caches) }

// Steps returns how many accesses have run.
func (m *Machine) Steps() uint64 { return m.steps }

// Observe attaches an observer; every later access is reported to it.
func (m *Machine) Observe(o Observer) { m.observers = append(m.observers, o) }

// Counters returns core's counters.
func (m *Machine) Counters(core int) Counters { return m.counters[core] }

// Totals returns the counters summed over all cores.
func (m *Machine) Totals() Counters {
	var t Counters
	for i := range m.counters {
		t.Add(&m.counters[i])
	}
	return t
}

// Clock returns core's clock in cycles.
func (m *Machine) Clock(core int) uint64 { return m.clocks[core] }

// Cycles is the largest core clock: the run's length.
func (m *Machine) Cycles() uint64 {
	var c uint64
	for _, x := range m.clocks {
		c = max(c, x)
	}
	return c
}

// Compute adds work that touches no memory to core's clock.
func (m *Machine) Compute(core int, cycles uint64) { m.clocks[core] += cycles }

// LineAddr returns the address of the line holding addr.
func (m *Machine) LineAddr(addr uint64) uint64 { return addr >> m.lineShift << m.lineShift }

func (m *Machine) setOf(ln uint64) int {
	if m.pow2Sets {
		return int(ln & m.setMask)
	}
	return int(ln % uint64(m.geo.Sets))
}

// find returns the index of line ln in core's cache, or -1.
func (m *Machine) find(core int, ln uint64) int {
	base := m.setOf(ln) * m.ways
	tags := m.caches[core].tags[base : base+m.ways]
	for w, t := range tags {
		if t == ln {
			return base + w
		}
	}
	return -1
}

// State returns the state of the line holding addr in core's cache: the
// protocol's invalid state when it is absent. It changes nothing.
func (m *Machine) State(core int, addr uint64) protocol.State {
	if i := m.find(core, addr>>m.lineShift); i >= 0 {
		return m.caches[core].states[i]
	}
	return protocol.Invalid
}

// StateName returns the name of State(core, addr).
func (m *Machine) StateName(core int, addr uint64) string {
	return m.table.States[m.State(core, addr)]
}

// Lines returns the line addresses core's cache holds valid, by set and way.
func (m *Machine) Lines(core int) []uint64 {
	var out []uint64
	for _, t := range m.caches[core].tags {
		if t != noLine {
			out = append(out, t<<m.lineShift)
		}
	}
	return out
}

func (m *Machine) checkCore(core int) error {
	if core < 0 || core >= len(m.caches) {
		return fmt.Errorf("core %d: the machine has cores 0 to %d", core, len(m.caches)-1)
	}
	return nil
}

// Peek returns what core would read at addr now (its valid copy, else
// memory) without changing anything: no LRU update, no counter, no event.
func (m *Machine) Peek(core int, addr uint64, size int) (uint64, error) {
	if err := m.checkData(core, addr, size); err != nil {
		return 0, err
	}
	if i := m.find(core, addr>>m.lineShift); i >= 0 {
		return getValue(m.caches[core].data[i*m.geo.Line+int(addr&uint64(m.geo.Line-1)):], size), nil
	}
	return m.mem.read(addr, size), nil
}

// Memory returns what main memory holds at addr, which may differ from a
// cache's copy.
func (m *Machine) Memory(addr uint64, size int) (uint64, error) {
	if err := m.checkData(0, addr, size); err != nil {
		return 0, err
	}
	return m.mem.read(addr, size), nil
}

// Latest returns the value of the last store to addr in bus order: what a
// coherent machine would show.
func (m *Machine) Latest(addr uint64, size int) (uint64, error) {
	if err := m.checkData(0, addr, size); err != nil {
		return 0, err
	}
	return m.truth.read(addr, size), nil
}
